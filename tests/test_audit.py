"""The audit trail: events carry time, person and versions; whether an assessment is closed is read
from the trail; a change to a completed or signed-off assessment reopens it; the trail survives a save."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiap import __version__
from hiap.answers import answers_file, audit
from hiap.checklist.catalogue import Catalogue
from hiap.models.answers import Answer, AnswersFile

VERSIONS = {"hiap": "1.0", "core": "1.0.0", "plugin:housing": "1.0.0"}
AT = "2026-11-01T10:00:00Z"


def kinds(events: list) -> list[str]:
    return [e.event for e in events]


def test_record_appends_an_event_with_time_person_and_versions() -> None:
    answers = AnswersFile()
    event = audit.record(answers, "created", "  Sam   Patel ", VERSIONS, at=AT)
    assert answers.events == [event]
    assert (event.at, event.event, event.by, event.versions) == (AT, "created", "Sam Patel", VERSIONS)
    stamped = audit.record(answers, "resumed", None, VERSIONS)
    assert stamped.at.endswith("Z") and stamped.at > "2020" and stamped.by is None


def test_closed_is_read_from_the_trail() -> None:
    answers = AnswersFile()
    assert not audit.closed(answers)
    audit.record(answers, "completed", "Sam", VERSIONS, at=AT)
    assert audit.closed(answers)
    audit.record(answers, "reopened", "Sam", VERSIONS, at=AT)
    assert not audit.closed(answers)
    audit.record(answers, "signed_off", "Director", VERSIONS, at=AT)
    assert audit.closed(answers)


def test_a_saved_file_holds_no_complete_flag_and_an_old_one_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.hiap.yaml"
    answers_file.save(AnswersFile(), path)
    assert "complete" not in path.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8") + "complete: true\n", encoding="utf-8")
    assert answers_file.load(path).events == []


def test_resuming_under_other_versions_says_what_changed() -> None:
    answers = AnswersFile()
    audit.record(answers, "created", "Sam", VERSIONS, at=AT)
    newer = {"hiap": "1.1", "core": "1.0.0", "plugin:transport": "2.0.0"}
    event = audit.record(answers, "resumed", "Sam", newer, at=AT)
    assert event.note == (
        "Versions changed since the last session: hiap 1.0 → 1.1; housing plugin 1.0.0 no longer installed; "
        "transport plugin 2.0.0 added"
    )
    assert audit.record(answers, "resumed", "Sam", newer, at=AT).note is None


def test_versions_name_hiap_each_checklist_and_each_plugin(mini_catalogue: Catalogue) -> None:
    found = audit.versions(mini_catalogue, {"housing": "1.2.0"})
    assert found["hiap"] == __version__
    assert found["plugin:housing"] == "1.2.0"
    assert {k: v for k, v in found.items() if k != "hiap" and not k.startswith("plugin:")} == mini_catalogue.origins()


def completed() -> AnswersFile:
    answers = AnswersFile()
    audit.record(answers, "completed", "Sam", VERSIONS, at=AT)
    return answers


def test_a_change_to_a_completed_assessment_reopens_it() -> None:
    answers = completed()
    events = audit.events_for_change(answers, "p1.effect", "neutral", "minor_negative", "Sam Patel", VERSIONS, at=AT)
    assert kinds(events) == ["reopened"]
    assert events[0].note == "'p1.effect' changed after the assessment was completed"
    assert audit.events_for_change(answers, "p1.effect", "neutral", "neutral", "Sam", VERSIONS) == []
    assert audit.events_for_change(AnswersFile(), "p1.effect", "neutral", "minor_negative", "Sam", VERSIONS) == []


def test_record_change_appends_and_reopens_once() -> None:
    answers = completed()
    audit.record_change(answers, "p1.effect", "neutral", "minor_negative", "Sam", VERSIONS, at=AT)
    assert kinds(answers.events) == ["completed", "reopened"] and not audit.closed(answers)
    # once reopened, further changes record nothing more until it is completed again
    audit.record_change(answers, "p1.effect", "minor_negative", "major_negative", "Sam", VERSIONS, at=AT)
    assert kinds(answers.events) == ["completed", "reopened"]


def test_changed_after_signoff_compares_the_last_sign_off_and_reopening() -> None:
    answers = AnswersFile()
    assert not audit.changed_after_signoff(answers)
    audit.record(answers, "signed_off", "Director", VERSIONS, at=AT)
    assert not audit.changed_after_signoff(answers)
    audit.record(answers, "reopened", "Sam", VERSIONS, at=AT)
    assert audit.changed_after_signoff(answers)
    audit.record(answers, "signed_off", "Director", VERSIONS, at=AT)
    assert not audit.changed_after_signoff(answers)


def test_the_trail_survives_a_save_and_a_load(tmp_path: Path) -> None:
    answers = AnswersFile()
    answers.set("decision.title", Answer(value="Bus fares"))
    audit.record(answers, "created", "Sam Patel", VERSIONS, at=AT)
    audit.record(answers, "completed", "Sam Patel", VERSIONS, at=AT)
    path = tmp_path / "bus.hiap.yaml"
    answers_file.save(answers, path)
    again = answers_file.load(path)
    assert again.events == answers.events and audit.closed(again)
    assert [(e.event, e.by) for e in again.events] == [("created", "Sam Patel"), ("completed", "Sam Patel")]


@pytest.mark.parametrize("blank", [None, "", "   ", [], {}])
def test_every_kind_of_blank_is_no_answer(blank: object) -> None:
    assert audit.events_for_change(completed(), "p1.effect", blank, None, "Sam", {}) == []
