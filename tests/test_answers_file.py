"""Answers files: round trip, format versions, atomic writes, validation against checklists."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hiap.answers import answers_file
from hiap.checklist.catalogue import Catalogue
from hiap.errors import InputError, InputErrors
from hiap.models.answers import Answer

GOOD = """\
format: 1
decision:
  title: Temporary accommodation standards
  kind: policy
answers:
  screening.sectors: [housing]
  screening.route: full
  p4.relevant: yes
  p4.effect:
    value: minor_negative
    note: Out-of-borough placements raise travel costs.
    sources: [H-CLIC statistics 2025]
  actions.plan:
    - action: Pay travel costs for out-of-borough placements
      owner: Head of Housing Options
      due: 31/03/2027
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "a.hiap.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_round_trip_keeps_values_notes_and_sources(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    path = write(tmp_path, GOOD)
    loaded = answers_file.load_validated(path, mini_catalogue)
    assert loaded.decision["title"].value == "Temporary accommodation standards"
    assert loaded.answers["p4.effect"].note == "Out-of-borough placements raise travel costs."
    assert loaded.answers["actions.plan"].value[0]["due"] == "2027-03-31"  # UK date normalised
    out = tmp_path / "b.hiap.yaml"
    answers_file.save(loaded, out)
    again = answers_file.load_validated(out, mini_catalogue)
    assert again.flat() == loaded.flat()
    assert again.updated is not None
    text = out.read_text(encoding="utf-8")
    assert text.index("format:") < text.index("decision:") < text.index("answers:")
    assert "p4.relevant: true" in text  # short form when there is no note


def test_unknown_top_level_key_suggests(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("answers:", "answres:"))
    with pytest.raises(InputErrors) as info:
        answers_file.load(path)
    message = info.value.format()
    assert f"{path}:5: answres: unknown key 'answres'" in message and "did you mean 'answers'?" in message


def test_unknown_decision_field_suggests(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("  kind: policy", "  knd: policy"))
    with pytest.raises(InputError) as info:
        answers_file.load(path)
    assert f"{path}:4: decision.knd: unknown decision field 'knd'; did you mean 'kind'?" == info.value.format()


def test_future_format_is_refused_kindly(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("format: 1", "format: 7"))
    with pytest.raises(InputError) as info:
        answers_file.load(path)
    assert "format 7" in info.value.format() and "upgrade hiap" in info.value.format()


def test_not_an_answers_file(tmp_path: Path) -> None:
    path = write(tmp_path, "title: hello\n")
    with pytest.raises(InputError, match="does not look like a hiap answers file"):
        answers_file.load(path)


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        ("screening.route: full", "screening.route: ful", "'ful' is not one of the options; did you mean 'full'?"),
        ("p4.relevant: yes", "p4.relevant: perhaps", "'perhaps' is not yes or no"),
        ("due: 31/03/2027", "due: 31/13/2027", "is not a date"),
        ("p4.relevant: yes", "p4.relevnt: yes", "no question has the id 'p4.relevnt'; did you mean 'p4.relevant'?"),
        ("      owner: Head", "      ownr: Head", "unknown key 'ownr'; did you mean 'owner'?"),
    ],
)
def test_values_are_checked_against_the_checklist(
    tmp_path: Path, mini_catalogue: Catalogue, replace: str, by: str, expected: str
) -> None:
    path = write(tmp_path, GOOD.replace(replace, by))
    with pytest.raises(InputErrors) as info:
        answers_file.load_validated(path, mini_catalogue)
    assert expected in info.value.format()
    assert f"{path}:" in info.value.format()


def test_answers_for_a_missing_plugin_are_kept(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    path = write(tmp_path, GOOD + "  transport.bus_routes: reduces\n")
    loaded = answers_file.load_validated(path, mini_catalogue)
    assert loaded.answers["transport.bus_routes"].value == "reduces"


def test_atomic_save_never_leaves_a_partial_file(
    tmp_path: Path, mini_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, GOOD)
    before = path.read_bytes()
    loaded = answers_file.load_validated(path, mini_catalogue)
    loaded.set("p4.equity", Answer(value="widens"))

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(InputError) as info:
        answers_file.save(loaded, path)
    assert "No space left on device" in info.value.format() and "last saved copy is unchanged" in info.value.format()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.hiap.yaml"]  # no temporary file left behind


def test_read_only_folder_gives_a_clear_message(
    tmp_path: Path, mini_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hiap import safeio

    path = write(tmp_path, GOOD)
    before = path.read_bytes()
    loaded = answers_file.load_validated(path, mini_catalogue)
    real_open = os.open

    def refuse(file: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_CREAT and ".a.hiap.yaml." in str(file):
            raise PermissionError(13, "Permission denied")  # what a read-only folder does to us
        return real_open(file, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(safeio.os, "open", refuse)
    with pytest.raises(InputError) as info:
        answers_file.save(loaded, path)
    assert "cannot save the answers (Permission denied)" in info.value.format()
    assert str(path) in info.value.format()
    assert path.read_bytes() == before


def test_default_name_from_title() -> None:
    assert (
        answers_file.default_name("Luton: Temporary Accommodation & B&B policy (2026)")
        == "luton-temporary-accommodation-b-b-policy-2026.hiap.yaml"
    )
    assert answers_file.default_name("!!!") == "assessment.hiap.yaml"


def test_saved_files_keep_their_permissions_for_shared_folders(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    path = write(tmp_path, GOOD)
    path.chmod(0o664)
    loaded = answers_file.load_validated(path, mini_catalogue)
    answers_file.save(loaded, path)
    assert path.stat().st_mode & 0o777 == 0o664
    fresh = tmp_path / "new.hiap.yaml"
    old = os.umask(0o022)
    try:
        answers_file.save(loaded, fresh)
    finally:
        os.umask(old)
    assert fresh.stat().st_mode & 0o777 == 0o644  # as any new file would be, not owner-only


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("17/3/26", "2026-03-17"), ("31/03/2026", "2026-03-31"), ("2026-03-31", "2026-03-31"), ("1.4.27", "2027-04-01")],
)
def test_dates_are_read_the_way_officers_write_them(typed: str, stored: str) -> None:
    from hiap.answers.values import parse_date

    assert parse_date(typed) == stored


@pytest.mark.parametrize(
    ("today", "example"),
    [("2026-12-07", "31/03/2027"), ("2027-03-30", "31/03/2027"), ("2027-03-31", "31/03/2028")],
)
def test_the_example_date_in_a_prompt_is_never_already_past(today: str, example: str) -> None:
    import datetime as dt

    from hiap.answers.values import example_dates, parse_date

    digits, words = example_dates(dt.date.fromisoformat(today))
    assert digits == example and parse_date(words) == parse_date(digits) > today


# -- issue 18: what a save does to the file it replaces ---------------------------------------------


def test_a_file_held_open_on_windows_is_retried_then_saved(
    tmp_path: Path, mini_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Word or an antivirus scanner holding the file makes os.replace fail with a sharing violation
    (winerror 32) for a moment; the save waits and tries again instead of losing the answer."""
    from hiap import safeio

    path = write(tmp_path, GOOD)
    loaded = answers_file.load_validated(path, mini_catalogue)
    loaded.set("p4.equity", Answer(value="widens"))
    real_replace, calls = os.replace, []

    def held_open(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) <= 3:
            error = PermissionError(13, "The process cannot access the file because it is being used")
            error.winerror = 32  # type: ignore[attr-defined]
            raise error
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", held_open)
    monkeypatch.setattr(safeio.time, "sleep", lambda seconds: None)
    answers_file.save(loaded, path)
    assert len(calls) == 4
    assert answers_file.load_validated(path, mini_catalogue).answers["p4.equity"].value == "widens"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.hiap.yaml"]


def test_a_file_held_open_for_too_long_keeps_the_last_copy_and_says_so(
    tmp_path: Path, mini_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hiap import safeio

    path = write(tmp_path, GOOD)
    before = path.read_bytes()
    loaded = answers_file.load_validated(path, mini_catalogue)

    def held_open(source: str, target: str) -> None:
        error = PermissionError(13, "Access is denied")
        error.winerror = 5  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(os, "replace", held_open)
    monkeypatch.setattr(safeio, "REPLACE_PATIENCE_S", 0.2)
    with pytest.raises(InputError) as info:
        answers_file.save(loaded, path)
    assert "cannot save the answers (Access is denied)" in info.value.format()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.hiap.yaml"]


def test_a_posix_permission_error_is_not_retried(
    tmp_path: Path, mini_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, GOOD)
    loaded = answers_file.load_validated(path, mini_catalogue)
    calls: list[str] = []

    def denied(source: str, target: str) -> None:
        calls.append(target)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(InputError):
        answers_file.save(loaded, path)
    assert len(calls) == 1


def test_a_linked_answers_file_is_saved_through_the_link(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = write(shared, GOOD)
    link = tmp_path / "mine.hiap.yaml"
    link.symlink_to(target)
    loaded = answers_file.load_validated(link, mini_catalogue)
    loaded.set("p4.equity", Answer(value="widens"))
    answers_file.save(loaded, link)
    assert link.is_symlink() and os.readlink(link) == str(target)  # not split in two
    assert answers_file.load_validated(target, mini_catalogue).answers["p4.equity"].value == "widens"


def test_a_read_only_answers_file_is_not_rewritten(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    path = write(tmp_path, GOOD)
    path.chmod(0o444)
    loaded = answers_file.load_validated(path, mini_catalogue)
    loaded.set("p4.equity", Answer(value="widens"))
    with pytest.raises(InputError) as info:
        answers_file.save(loaded, path)
    assert "the file is read-only" in info.value.format()
    assert path.read_text(encoding="utf-8") == GOOD and path.stat().st_mode & 0o777 == 0o444


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing a file's owner needs root")
def test_saving_a_colleagues_file_keeps_its_owner_group_and_mode(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    path = write(tmp_path, GOOD)
    os.chown(path, 65534, 65534)
    path.chmod(0o660)
    loaded = answers_file.load_validated(path, mini_catalogue)
    answers_file.save(loaded, path)
    st = path.stat()
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (65534, 65534, 0o660)


def test_values_are_read_as_typed(tmp_path: Path) -> None:
    """YAML 1.2 core, not 1.1: the officer's 'No', '0123' and '12:30' are text, and stay text on save."""
    from hiap.pipeline import open_engine

    catalogue = open_engine(only="", entry_points=False).catalogue
    text = (
        GOOD.replace("  kind: policy\n", "  kind: policy\n  reference: 0123\n  key_decision: yes\n")
        .replace("title: Temporary accommodation standards", "title: No")
        .replace("  p4.relevant: yes\n", "")
    )
    text = text.replace("note: Out-of-borough", "note: 12:30 Out-of-borough")
    path = write(tmp_path, text)
    loaded = answers_file.load_validated(path, catalogue)
    assert loaded.decision["title"].value == "No"
    assert loaded.decision["reference"].value == "0123"
    assert loaded.decision["key_decision"].value is True  # 'yes' to a yes/no question is still yes
    answers_file.save(loaded, path)
    again = answers_file.load_validated(path, catalogue)
    assert (again.decision["title"].value, again.decision["reference"].value) == ("No", "0123")
    assert again.answers["p4.effect"].note == "12:30 Out-of-borough placements raise travel costs."
