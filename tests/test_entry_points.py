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


def test_a_plugin_missing_from_a_stale_list_is_looked_for_again_before_its_answers_are_left_out(
    tmp_path: Path,
) -> None:
    """A remembered list that lost a plugin while every folder kept its time (metadata edited in
    place) would leave the transport answers out of the document and advise installing what is
    installed: render looks again once, and the document has them."""
    import os
    import subprocess

    from tests.conftest import ROOT

    example = ROOT / "examples" / "luton-evening-bus-subsidy-rapid.hiap.yaml"
    env = {**os.environ, "HIAP_CACHE_DIR": str(tmp_path / "cache"), "HIAP_CONFIG_DIR": str(tmp_path / "none")}
    env.pop("HIAP_PLUGINS", None)

    def render(name: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "hiap", "render", str(example), "--format", "md", "-o", str(tmp_path / name)]
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)

    assert render("first.md").returncode == 0
    remembered = tmp_path / "cache" / installed.FILE_NAME
    data = json.loads(remembered.read_text(encoding="utf-8"))
    data["found"] = [f for f in data["found"] if f[0] != "transport"]
    remembered.write_text(json.dumps(data), encoding="utf-8")
    done = render("second.md")
    assert done.returncode == 0, done.stderr
    assert "not loaded now" not in done.stderr, done.stderr
    assert (tmp_path / "second.md").read_text("utf-8") == (tmp_path / "first.md").read_text("utf-8")
