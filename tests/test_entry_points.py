"""The installed plugins' entry points are remembered between runs, and forgotten as soon as a
distribution is installed or removed, or the file is damaged."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from hiap import entry_points as installed


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HIAP_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / installed.FILE_NAME


def _dist(site: Path, name: str) -> None:
    info = site / f"hiap_{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: hiap-{name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[hiap]\n{name} = hiap_{name}\n", encoding="utf-8")


def test_a_second_run_reads_the_file_and_an_install_is_seen_at_once(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    _dist(site, "libraries")
    monkeypatch.setattr(sys, "path", [str(site), *sys.path])
    first = installed.entry_points("hiap")
    assert ("libraries", "hiap_libraries", "hiap-libraries", "1.0") in first and cache.exists()

    from importlib import metadata

    def forbidden(**_: object) -> None:
        raise AssertionError("read the metadata again")

    monkeypatch.setattr(metadata, "entry_points", forbidden)
    assert installed.entry_points("hiap") == first  # from the file
    monkeypatch.undo()
    monkeypatch.setenv("HIAP_CACHE_DIR", str(cache.parent))
    monkeypatch.setattr(sys, "path", [str(site), *sys.path])
    _dist(site, "parks")  # installing changes the folder, so the file no longer answers
    names = [f.name for f in installed.entry_points("hiap")]
    assert "parks" in names and "libraries" in names


def test_the_current_folder_counts_only_for_the_distributions_in_it(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under ``python -m hiap`` the current folder is on sys.path: writing a document there must
    not make the next run read every distribution's metadata again; installing into it must."""
    here = tmp_path / "work"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setattr(sys, "path", ["", *sys.path])
    first = installed.entry_points("hiap")
    (here / "appendix.docx").write_bytes(b"a document")  # the folder's time changes

    from importlib import metadata

    def forbidden(**_: object) -> None:
        raise AssertionError("read the metadata again")

    with monkeypatch.context() as patched:
        patched.setattr(metadata, "entry_points", forbidden)
        assert installed.entry_points("hiap") == first
    _dist(here, "parks")
    assert "parks" in [f.name for f in installed.entry_points("hiap")]


@pytest.mark.parametrize(
    "damage",
    [b"garbage", b"[]", b'{"key": 1, "found": []}', None],
    ids=["garbage", "not an object", "another key", "tampered value"],
)
def test_a_damaged_or_foreign_file_is_ignored_and_rewritten(cache: Path, damage: bytes | None) -> None:
    honest = installed.entry_points("hiap")
    if damage is None:  # the right key, but a value that is not a module path
        data = json.loads(cache.read_bytes())
        data["found"][0][1] = "os; import this"
        cache.write_text(json.dumps(data), encoding="utf-8")
    else:
        cache.write_bytes(damage)
    assert installed.entry_points("hiap") == honest
    assert json.loads(cache.read_bytes())["found"] == [list(f) for f in honest]


def test_load_follows_the_module_and_attribute_as_importlib_does() -> None:
    assert installed.load("json:dumps") is json.dumps
    assert installed.load("json") is json


def test_an_entry_point_added_in_place_is_seen_at_once(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plugin author's in-tree install whose entry_points.txt gains a plugin, edited in place:
    no folder's time changes, but the file's does, so the remembered list is not used (it left
    the new plugin out, and its answers out of the document, run after run)."""
    site = tmp_path / "site"
    site.mkdir()
    _dist(site, "zeta")
    monkeypatch.setattr(sys, "path", [str(site), *sys.path])
    assert "zeta" in [f.name for f in installed.entry_points("hiap")] and cache.exists()
    points = site / "hiap_zeta-1.0.dist-info" / "entry_points.txt"
    before = (site / "hiap_zeta-1.0.dist-info").stat().st_mtime_ns, site.stat().st_mtime_ns
    with points.open("a", encoding="utf-8") as handle:  # in place: the folders keep their times
        handle.write("omega = hiap_zeta.omega\n")
    assert ((site / "hiap_zeta-1.0.dist-info").stat().st_mtime_ns, site.stat().st_mtime_ns) == before
    names = [f.name for f in installed.entry_points("hiap")]
    assert "omega" in names and "zeta" in names
