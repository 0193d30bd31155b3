"""The compiled catalogue: a cache hit is the same catalogue; an edit, a damaged or foreign file
or a new hiap version means it is rebuilt from the YAML; a cache that cannot be written is no
cache, never an error."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from hiap import hookimpl, pipeline
from hiap.checklist import cache
from hiap.checklist.catalogue import Catalogue
from tests.conftest import FIXTURES, Run


class Sector:
    """A plugin whose checklist is a file the test can edit."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @hookimpl
    def checklist_sources(self) -> list[Path]:
        return [self.path]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache folder, and the mini checklists as the core's (their copy, so tests can edit them)."""
    mini = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", mini)
    monkeypatch.setattr("hiap.defaults.core._checklist_dir", lambda: mini)
    monkeypatch.setenv("HIAP_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def open_engine(tmp_path: Path) -> pipeline.Engine:
    from hiap.config import Config

    plugin = Sector(tmp_path / "mini" / "sector_good.yaml")
    return pipeline.open_engine(only="", extra=[("good", plugin)], entry_points=False, config=Config())


def summary(catalogue: Catalogue) -> tuple[object, ...]:
    """Everything a run reads from the catalogue, down to each question's line and file."""
    return (
        catalogue.checklists,
        [(q.id, q.text, q.line, q.file, q.origin) for q in catalogue.questions],
        [s.id for s in catalogue.sections],
        sorted(catalogue.groups),
        [m.id for m in catalogue.mitigations],
        catalogue.conditions,
        catalogue.section_conditions,
        catalogue.mitigation_conditions,
        catalogue.origins(),
    )


def cached_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("catalogue-*.json"))


def no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if the YAML is read: what a cache hit must not need."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the YAML was read although the cache matched")

    monkeypatch.setattr("hiap.checklist.loader.load_checklist_file", refuse)


def test_a_cache_hit_gives_the_same_catalogue(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = open_engine(tmp_path).catalogue
    (written,) = cached_files(folder)
    text = written.read_text(encoding="utf-8")
    assert json.loads(text)["body"]["kind"] == "hiap-compiled-catalogue"  # JSON, not pickle
    assert "good.ta" in built.by_id
    no_yaml(monkeypatch)
    again = open_engine(tmp_path).catalogue
    assert summary(again) == summary(built)
    assert written.read_text(encoding="utf-8") == text


def test_rebuilt_after_an_edit_even_with_the_same_size_and_time(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sector = tmp_path / "mini" / "sector_good.yaml"
    first = open_engine(tmp_path).catalogue
    stat = sector.stat()
    text = sector.read_text(encoding="utf-8")
    edited = text.replace("What does it do to temporary", "What does it do to emergency")
    assert len(edited) == len(text) and edited != text
    sector.write_text(edited, encoding="utf-8")
    os.utime(sector, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time: only the hash differs
    second = open_engine(tmp_path).catalogue
    assert first.by_id["good.ta"].text.startswith("What does it do to temporary")
    assert second.by_id["good.ta"].text.startswith("What does it do to emergency")
    assert len(cached_files(folder)) == 2  # one per version of the sources


def test_rebuilt_after_a_touch_and_the_core_checklist_edited(folder: Path, tmp_path: Path) -> None:
    open_engine(tmp_path)
    core = tmp_path / "mini" / "core.yaml"
    os.utime(core, ns=(core.stat().st_atime_ns, core.stat().st_mtime_ns + 10**9))
    touched = open_engine(tmp_path).catalogue
    assert len(cached_files(folder)) == 2
    text = core.read_text(encoding="utf-8")
    (qid,) = [q.id for q in touched.questions if q.id == "decision.title"]
    old = touched.by_id[qid].text
    core.write_text(text.replace(old, old + " (edited)", 1), encoding="utf-8")
    assert open_engine(tmp_path).catalogue.by_id[qid].text == old + " (edited)"


@pytest.mark.parametrize(
    "damage",
    [
        "garbage",
        "truncated",
        "empty",
        "wrong_shape_list",
        "wrong_shape_with_good_hash",
        "edited_without_hash",
        "edited_with_hash",
        "deep",
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(
    folder: Path, tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = open_engine(tmp_path).catalogue
    (written,) = cached_files(folder)
    good = written.read_bytes()
    body = good[len(b'{"sha256":"') + 64 + len(b'","body":') : -1]

    def wrap(inner: bytes) -> bytes:
        import hashlib

        return b'{"sha256":"' + hashlib.sha256(inner).hexdigest().encode() + b'","body":' + inner + b"}"

    data = {
        "garbage": os.urandom(4096),
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "wrong_shape_list": b"[1, 2, 3]",
        "wrong_shape_with_good_hash": wrap(b'["not", "a", "dict"]'),
        "edited_without_hash": good.replace(b"What does it do to temporary", b"What does it do to TEMPORARY"),
        # a well-formed file whose checklists no longer validate: a question with no text
        "edited_with_hash": wrap(body.replace(b'"text":"What does it do to temporary', b'"text":1,"x":"', 1)),
        "deep": wrap(b"[" * 100_000 + b"]" * 100_000),
    }[damage]
    written.write_bytes(data)
    assert cache.read(cache.source_key(_sources(tmp_path))) is None
    again = open_engine(tmp_path).catalogue
    assert summary(again) == summary(built)
    assert written.read_bytes() == good  # rebuilt, and stored again
    no_yaml(monkeypatch)
    assert summary(open_engine(tmp_path).catalogue) == summary(built)


def _sources(tmp_path: Path) -> list[tuple[str, Path]]:
    mini = tmp_path / "mini"
    return [("core", mini / "groups.yaml"), ("core", mini / "core.yaml"), ("good", mini / "sector_good.yaml")]


def test_the_sources_are_those_the_engine_reads(folder: Path, tmp_path: Path) -> None:
    open_engine(tmp_path)
    key = cache.source_key(_sources(tmp_path))
    assert key is not None and cache.file_for(key, folder).exists()
    assert cache.read(key) is not None


def test_another_hiap_version_rebuilds(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = open_engine(tmp_path).catalogue
    (old,) = cached_files(folder)
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    key = cache.source_key(_sources(tmp_path))
    assert key is not None and key["hiap"] == "99.0.0"
    # another version's file where this version's would be: refused for its version, not trusted
    shutil.copy(old, cache.file_for(key, folder))
    assert cache.read(key) is None
    assert summary(open_engine(tmp_path).catalogue) == summary(built)
    assert cache.read(key) is not None  # rebuilt under the new version
    assert json.loads(cache.file_for(key, folder).read_text(encoding="utf-8"))["body"]["hiap"] == "99.0.0"


def test_an_unwritable_cache_folder_means_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mini = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", mini)
    monkeypatch.setattr("hiap.defaults.core._checklist_dir", lambda: mini)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("HIAP_CACHE_DIR", str(blocker / "cache"))
    first = open_engine(tmp_path)
    assert not first.host.problems
    assert summary(open_engine(tmp_path).catalogue) == summary(first.catalogue)
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert not list(tmp_path.glob(".catalogue-*")) and not list(tmp_path.glob("**/*.tmp"))


def test_a_rejected_plugin_checklist_is_reported_on_a_cache_hit_too(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "mini" / "sector_good.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("type: choice", "type: maybe", 1), encoding="utf-8")
    first = open_engine(tmp_path)
    second = open_engine(tmp_path)
    assert cached_files(folder)
    for engine in (first, second):
        (problem,) = engine.host.problems
        assert problem.plugin == "good" and "maybe" in problem.error
        assert "good.ta" not in engine.catalogue.by_id


def test_the_command_line_uses_and_repairs_the_cache(hiap: Run, tmp_path: Path) -> None:
    env = {"HIAP_CACHE_DIR": str(tmp_path / "cli-cache")}
    first = hiap("checklists", "--json", env=env)
    assert first.returncode == 0, first.stderr
    (written,) = sorted((tmp_path / "cli-cache").glob("catalogue-*.json"))
    second = hiap("checklists", "--json", env=env)
    assert (second.returncode, second.stdout, second.stderr) == (0, first.stdout, first.stderr)
    written.write_bytes(b"\x00\xffnot json at all")
    repaired = hiap("checklists", "--json", env=env)
    assert (repaired.returncode, repaired.stdout, repaired.stderr) == (0, first.stdout, first.stderr)
    assert json.loads(written.read_text(encoding="utf-8"))["body"]["kind"] == "hiap-compiled-catalogue"


@pytest.mark.parametrize("xdg", [None, "", "   ", "/srv/shared cache"])
def test_the_user_folders_are_where_platformdirs_puts_them(monkeypatch: pytest.MonkeyPatch, xdg: str | None) -> None:
    """On Linux hiap works its cache and settings folders out without importing platformdirs; they must agree."""
    import platformdirs

    from hiap import config

    monkeypatch.delenv("HIAP_CACHE_DIR", raising=False)
    monkeypatch.delenv("HIAP_CONFIG_DIR", raising=False)
    for variable in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        if xdg is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, xdg)
    assert cache.cache_dir() == Path(platformdirs.user_cache_dir("hiap", appauthor=False))
    assert config.user_config_dir() == Path(platformdirs.user_config_dir("hiap"))


def test_a_cache_folder_given_with_a_tilde_is_in_the_home_folder(hiap: Run, tmp_path: Path) -> None:
    """HIAP_CACHE_DIR='~/hiap-cache' (quoted, so the shell left the ~) is under the home folder,
    not a folder called '~' wherever hiap was run."""
    home = tmp_path / "home"
    home.mkdir()
    example = FIXTURES.parent.parent / "examples" / "medway-telephony-contract.hiap.yaml"
    done = hiap("check", str(example), env={"HOME": str(home), "HIAP_CACHE_DIR": "~/hiap-cache"}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert any((home / "hiap-cache").iterdir()) and not (tmp_path / "~").exists()
