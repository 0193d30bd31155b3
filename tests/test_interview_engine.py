"""The pure interview engine, and the session's incremental copy of it, on a fixture checklist."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hiap.assessment.view import active_view
from hiap.checklist.catalogue import Catalogue, build
from hiap.checklist.loader import load_checklist_file
from hiap.interview import engine
from hiap.interview.session import Applicability
from hiap.models.answers import Answer, AnswersFile

FIXTURES = Path(__file__).parent / "fixtures" / "interview"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return build([load_checklist_file(FIXTURES / "mini.yaml")])


def answered(**values: Any) -> AnswersFile:
    answers = AnswersFile()
    for key, value in values.items():
        answers.set(key.replace("__", "."), Answer(value=value))
    return answers


def ids(questions: list[Any]) -> list[str]:
    return [q.id for q in questions]


def test_first_question_is_the_title(catalogue: Catalogue) -> None:
    assert engine.next_question(catalogue, AnswersFile()).id == "decision.title"  # type: ignore[union-attr]


def test_next_question_follows_order_and_skipped_counts_as_asked(catalogue: Catalogue) -> None:
    answers = answered(decision__title="Parking", decision__kind="budget")
    assert engine.next_question(catalogue, answers).id == "decision.meeting_date"  # type: ignore[union-attr]
    answers.set("decision.meeting_date", Answer(value=None))  # Enter on an optional question
    assert engine.next_question(catalogue, answers).id == "decision.key_decision"  # type: ignore[union-attr]


def test_conditions_switch_questions_and_sections(catalogue: Catalogue) -> None:
    base = dict(decision__title="T", decision__kind="policy", decision__meeting_date=None, decision__key_decision=True)
    none = engine.active(catalogue, answered(**base, screening__route="none"))
    assert "screening.reason" in ids(none)
    assert not any(q.id.startswith("p1.") for q in none)  # the p1 section's own condition
    rapid = engine.active(catalogue, answered(**base, screening__route="rapid"))
    assert "screening.reason" not in ids(rapid)
    assert "p1.effect" in ids(rapid)
    assert "p1.mitigation" not in ids(rapid)
    adverse = engine.active(catalogue, answered(**base, screening__route="rapid", p1__effect="minor_negative"))
    assert {"p1.mitigation", "p1.justification"} <= set(ids(adverse))
    widens = engine.active(
        catalogue, answered(**base, screening__route="rapid", p1__effect="neutral", p1__equity="widens")
    )
    assert "p1.mitigation" in ids(widens)


def test_changing_an_earlier_answer_re_evaluates_and_keeps_answers(catalogue: Catalogue) -> None:
    answers = answered(
        decision__title="T",
        decision__kind="policy",
        decision__meeting_date=None,
        decision__key_decision=False,
        screening__route="none",
        screening__reason="No effect on health.",
        screening__people=10,
    )
    assert engine.next_question(catalogue, answers).id == "groups.adverse"  # type: ignore[union-attr]
    answers.set("screening.route", Answer(value="full"))  # going back and changing the route
    assert engine.next_question(catalogue, answers).id == "p1.effect"  # type: ignore[union-attr]
    # the reason no longer applies: kept in the file, left out of what counts
    assert answers.get("screening.reason") is not None
    assert "screening.reason" not in ids(engine.active(catalogue, answers))
    assert "screening.reason" not in active_view(answers, catalogue).values
    assert "screening.reason" not in [q.id for q in engine.unasked(catalogue, answers)]
    answers.set("screening.route", Answer(value="none"))  # and back again: the kept answer counts again
    assert active_view(answers, catalogue).values["screening.reason"] == "No effect on health."


def test_progress_numbers(catalogue: Catalogue) -> None:
    answers = answered(
        decision__title="T",
        decision__kind="policy",
        decision__meeting_date=None,
        decision__key_decision=False,
        screening__route="rapid",
    )
    question = catalogue.by_id["screening.people"]
    progress = engine.progress(catalogue, answers, question)
    # decision(4) + screening(route, people) + p1(effect, equity) + groups + actions = 10 apply
    assert (progress.index, progress.total, progress.answered) == (6, 10, 5)
    assert (progress.section_index, progress.section_total, progress.section.id) == (2, 5, "screening")
    answers.set("screening.people", Answer(value=500))  # a chain: people >= 100 brings in its basis
    assert engine.progress(catalogue, answers, question).total == 11
    answers.set("screening.route", Answer(value="none"))  # and the route takes people (and so its basis) out
    groups = catalogue.by_id["groups.adverse"]
    progress = engine.progress(catalogue, answers, groups)
    # decision(4) + screening(route, reason) + groups + actions = 8 apply; p1 goes
    assert (progress.index, progress.total, progress.section_index, progress.section_total) == (7, 8, 3, 4)
    assert progress.answered == 5


def test_missing_required_lists_only_applicable_unanswered(catalogue: Catalogue) -> None:
    answers = answered(decision__title="T", screening__route="none")
    missing = ids(engine.missing_required(catalogue, answers))
    assert missing == ["decision.kind", "screening.reason"]
    answers.set("screening.route", Answer(value="rapid"))
    assert ids(engine.missing_required(catalogue, answers)) == ["decision.kind", "p1.effect"]


# -- the session's incremental tracker must always agree with the full forward pass --------

CHOICES: dict[str, list[Any]] = {
    "decision.title": ["T", None],
    "decision.kind": ["policy", "budget", "capital", None],
    "decision.meeting_date": ["2026-03-31", None],
    "decision.key_decision": [True, False, None],
    "screening.route": ["none", "rapid", "full", None],
    "screening.reason": ["Because.", None],
    "screening.people": [0, 5, 150, None],
    "screening.estimate_basis": ["Census", None],
    "p1.effect": ["neutral", "minor_negative", "mixed", "major_positive", None],
    "p1.equity": ["widens", "narrows", None],
    "p1.mitigation": ["Do less harm.", None],
    "p1.justification": ["Worth it.", None],
    "groups.adverse": [["carers"], None],
    "actions.plan": [[{"action": "Act"}], None],
}

operations = st.lists(
    st.tuples(st.sampled_from(sorted(CHOICES)), st.integers(min_value=0, max_value=9), st.booleans()),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(operations)
@example([("screening.route", 1, False), ("screening.people", 2, False), ("screening.route", 0, False)])
def test_incremental_tracker_matches_engine(ops: list[tuple[str, int, bool]]) -> None:
    catalogue = build([load_checklist_file(FIXTURES / "mini.yaml")])
    answers = AnswersFile()
    tracker = Applicability(catalogue, answers)
    for qid, pick, remove in ops:
        if remove:
            answers.remove(qid)
        else:
            options = CHOICES[qid]
            answers.set(qid, Answer(value=options[pick % len(options)]))
        tracker.update(qid)
        assert ids(tracker.active()) == ids(engine.active(catalogue, answers))
        upcoming = engine.next_question(catalogue, answers)
        assert tracker.first_unasked() == upcoming
        for question in engine.active(catalogue, answers)[:3]:
            assert tracker.progress(question) == engine.progress(catalogue, answers, question)
