"""The audit trail: events carry time, person and versions; sign-off and review are recorded when
they happen; a change to a completed assessment reopens it; and the trail survives a save."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiap import __version__
from hiap.answers import answers_file, audit
from hiap.checklist.catalogue import Catalogue
from hiap.config import Config
from hiap.models.answers import Answer, AnswersFile
from hiap.pipeline import open_engine

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


def test_completed_and_reopened_keep_the_complete_flag_in_step() -> None:
    answers = AnswersFile()
    audit.record(answers, "completed", "Sam", VERSIONS, at=AT)
    assert answers.complete is True
    audit.record(answers, "reopened", "Sam", VERSIONS, at=AT)
    assert answers.complete is False


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


def test_first_reviewer_name_records_a_review_by_the_reviewer() -> None:
    answers = AnswersFile()
    events = audit.events_for_change(answers, "signoff.reviewer", None, "Dr Ada Jones", "Sam Patel", VERSIONS, at=AT)
    assert kinds(events) == ["reviewed"]
    assert events[0].by == "Dr Ada Jones" and events[0].note == "recorded by Sam Patel"
    assert events[0].versions == VERSIONS and events[0].at == AT
    assert answers.events == []  # events_for_change never touches the file
    # correcting the name afterwards is not another review; blanks count as no answer
    assert audit.events_for_change(answers, "signoff.reviewer", "Dr Ada Jones", "Dr Ada Jones-Smith", "Sam", {}) == []
    assert kinds(audit.events_for_change(answers, "signoff.reviewer", "  ", "Dr Ada Jones", "Sam", {})) == ["reviewed"]


def test_status_becoming_final_is_a_sign_off_by_the_approver() -> None:
    answers = AnswersFile()
    answers.set("signoff.approver", Answer(value="Director of Housing"))
    events = audit.events_for_change(answers, "signoff.status", "draft", "final", "Sam Patel", VERSIONS, at=AT)
    assert kinds(events) == ["signed_off"]
    assert events[0].by == "Director of Housing"
    assert events[0].note == "status set to final; recorded by Sam Patel"
    assert audit.events_for_change(answers, "signoff.status", "final", "final", "Sam", VERSIONS) == []
    assert audit.events_for_change(answers, "signoff.status", None, "draft", "Sam", VERSIONS) == []


def test_sign_off_without_an_approver_is_by_whoever_recorded_it() -> None:
    events = audit.events_for_change(AnswersFile(), "signoff.status", None, "final", "Sam Patel", VERSIONS, at=AT)
    assert (events[0].event, events[0].by, events[0].note) == ("signed_off", "Sam Patel", "status set to final")


def test_a_change_to_a_completed_assessment_reopens_it() -> None:
    answers = AnswersFile(complete=True)
    events = audit.events_for_change(answers, "p4.effect", "minor_negative", "major_negative", "Sam", VERSIONS, at=AT)
    assert kinds(events) == ["reopened"]
    assert "p4.effect" in (events[0].note or "")
    # an unchanged value, or a blank becoming another blank, is no change
    assert audit.events_for_change(answers, "p4.effect", "mixed", Answer(value="mixed"), "Sam", VERSIONS) == []
    assert audit.events_for_change(answers, "p4.note", "", None, "Sam", VERSIONS) == []
    # a yes answer is not the number 1
    assert kinds(audit.events_for_change(answers, "x.count", True, 1, "Sam", VERSIONS)) == ["reopened"]
    assert audit.events_for_change(answers, "x.count", 2, 2.0, "Sam", VERSIONS) == []


def test_signing_off_a_completed_assessment_reopens_it_then_signs_it_off() -> None:
    answers = AnswersFile(complete=True)
    events = audit.events_for_change(answers, "signoff.status", "draft", "final", "Sam", VERSIONS, at=AT)
    assert kinds(events) == ["reopened", "signed_off"]


def test_record_change_appends_and_clears_the_complete_flag() -> None:
    answers = AnswersFile(complete=True)
    audit.record_change(answers, "p1.effect", "neutral", "mixed", "Sam", VERSIONS, at=AT)
    assert kinds(answers.events) == ["reopened"] and answers.complete is False
    # once reopened, further changes record nothing more until it is completed again
    assert audit.record_change(answers, "p2.effect", "neutral", "mixed", "Sam", VERSIONS) == []


def test_roles_are_found_in_the_catalogue_when_one_is_given() -> None:
    catalogue = open_engine(only="", entry_points=False, config=Config()).catalogue
    reviewer = next(q.id for q in catalogue.questions if q.role == "reviewer")
    events = audit.events_for_change(AnswersFile(), reviewer, None, "Ada", "Sam", VERSIONS, catalogue=catalogue)
    assert kinds(events) == ["reviewed"]
    # a checklist without a reviewer question falls back to the core checklist's id
    assert kinds(
        audit.events_for_change(AnswersFile(), "signoff.reviewer", None, "Ada", "Sam", {}, catalogue=_NoRoles())
    ) == ["reviewed"]
    assert audit.events_for_change(AnswersFile(), "other.reviewer", None, "Ada", "Sam", {}, catalogue=catalogue) == []


class _NoRoles:
    questions: list[object] = []


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
    audit.record_change(answers, "signoff.reviewer", None, "Dr Ada Jones", "Sam Patel", VERSIONS, at=AT)
    audit.record(answers, "completed", "Sam Patel", VERSIONS, at=AT)
    path = tmp_path / "bus.hiap.yaml"
    answers_file.save(answers, path)
    again = answers_file.load(path)
    assert again.events == answers.events
    assert again.complete is True
    assert [(e.event, e.by) for e in again.events] == [
        ("created", "Sam Patel"),
        ("reviewed", "Dr Ada Jones"),
        ("completed", "Sam Patel"),
    ]


@pytest.mark.parametrize("blank", [None, "", "   ", [], {}])
def test_every_kind_of_blank_is_no_answer(blank: object) -> None:
    assert audit.events_for_change(AnswersFile(complete=True), "p1.effect", blank, None, "Sam", {}) == []
