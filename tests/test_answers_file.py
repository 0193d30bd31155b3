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
    import tempfile

    path = write(tmp_path, GOOD)
    before = path.read_bytes()
    loaded = answers_file.load_validated(path, mini_catalogue)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # what a read-only folder does to us
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
