"""Which questions apply: the one function (``route``), its three-valued twin (``outlook``) and the
outline the officer and ``hiap outline`` see, on a fixture checklist and on the real core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hiap.checklist import conditions
from hiap.checklist.catalogue import Catalogue, build
from hiap.checklist.loader import load_checklist_file
from hiap.checklist.route import outlook, route
from hiap.interview import engine
from hiap.pipeline import Engine, open_engine
from tests.routes import FULL, RAPID, SCREENED_OUT

FIXTURES = Path(__file__).parent / "fixtures" / "interview"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return build([load_checklist_file(FIXTURES / "mini.yaml")])


@pytest.fixture(scope="module")
def core() -> Engine:
    return open_engine(only="", entry_points=False)


def ids(questions: Any) -> list[str]:
    return [q.id for q in questions]


def values(**given: Any) -> dict[str, Any]:
    return {key.replace("__", "."): value for key, value in given.items()}


def test_first_question_is_the_title(catalogue: Catalogue) -> None:
    assert route(catalogue, {}).next().id == "decision.title"  # type: ignore[union-attr]


def test_next_question_follows_order_and_skipped_counts_as_asked(catalogue: Catalogue) -> None:
    given = values(decision__title="Parking", decision__kind="budget")
    assert route(catalogue, given).next().id == "decision.meeting_date"  # type: ignore[union-attr]
    given["decision.meeting_date"] = None  # Enter on an optional question: asked, no answer
    assert route(catalogue, given).next().id == "decision.key_decision"  # type: ignore[union-attr]


def test_conditions_switch_questions_and_sections(catalogue: Catalogue) -> None:
    base = values(
        decision__title="T", decision__kind="policy", decision__meeting_date=None, decision__key_decision=True
    )
    none = route(catalogue, {**base, "screening.route": "none"})
    assert "screening.reason" in ids(none.questions)
    assert not any(q.id.startswith("p1.") for q in none.questions)  # the p1 section's own condition
    rapid = route(catalogue, {**base, "screening.route": "rapid"})
    assert "screening.reason" not in ids(rapid.questions) and "p1.effect" in ids(rapid.questions)
    assert "p1.mitigation" not in ids(rapid.questions)
    adverse = route(catalogue, {**base, "screening.route": "rapid", "p1.effect": "minor_negative"})
    assert {"p1.mitigation", "p1.justification"} <= set(ids(adverse.questions))


def test_answers_to_questions_that_no_longer_apply_do_not_count(catalogue: Catalogue) -> None:
    given = values(decision__title="T", decision__kind="policy", screening__route="rapid", screening__reason="None.")
    assert "screening.reason" not in route(catalogue, given).values
    assert route(catalogue, {**given, "screening.route": "none"}).values["screening.reason"] == "None."


def test_missing_lists_only_applicable_unanswered_required(catalogue: Catalogue) -> None:
    given = values(decision__title="T", screening__route="rapid")
    assert ids(route(catalogue, given).missing) == ["decision.kind", "p1.effect"]


def test_a_kinds_filter_reads_a_multi_choice_kind(catalogue: Catalogue) -> None:
    base = values(decision__title="T", screening__route="rapid")
    assert "groups.adverse" in ids(route(catalogue, {**base, "decision.kind": ["capital", "budget"]}).questions)
    assert "groups.adverse" not in ids(route(catalogue, {**base, "decision.kind": ["capital"]}).questions)


# -- the one function, against a definition written out the slow way ------------------------

CHOICES: dict[str, list[Any]] = {
    "decision.title": ["T", None],
    "decision.kind": ["policy", "budget", ["capital", "budget"], None],
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

answer_sets = st.dictionaries(
    st.sampled_from(sorted(CHOICES)), st.integers(min_value=0, max_value=9), max_size=len(CHOICES)
).map(lambda picks: {qid: CHOICES[qid][pick % len(CHOICES[qid])] for qid, pick in picks.items()})


def slow_route(catalogue: Catalogue, given: dict[str, Any]) -> list[str]:
    """The definition: a question applies when its section's and its own conditions (and kinds)
    hold, reading only the answers to earlier questions that themselves apply."""
    counted: dict[str, Any] = {}
    applying: list[str] = []
    kind_id = catalogue.roles.question("kind").id  # type: ignore[union-attr]
    for question in catalogue.questions:
        section = catalogue.section_of[question.id]
        kind = counted.get(kind_id)
        kinds = set(kind if isinstance(kind, list) else [kind])
        ok = all((not wanted or bool(set(wanted) & kinds)) for wanted in (section.kinds, question.kinds)) and all(
            node is None or conditions.evaluate(node, counted.get)
            for node in (catalogue.section_conditions.get(section.id), catalogue.conditions.get(question.id))
        )
        if ok:
            applying.append(question.id)
            if given.get(question.id) is not None:
                counted[question.id] = given[question.id]
    return applying


@settings(max_examples=300, deadline=None)
@given(answer_sets)
@example({"screening.route": "rapid", "screening.people": 150, "screening.estimate_basis": "Census"})
def test_route_matches_the_definition(given: dict[str, Any]) -> None:
    catalogue = build([load_checklist_file(FIXTURES / "mini.yaml")])
    now = route(catalogue, given)
    assert ids(now.questions) == slow_route(catalogue, given)
    assert set(now.values) == {q for q in ids(now.questions) if given.get(q) is not None}
    assert ids(now.missing) == [q.id for q in now.questions if q.required and q.id not in now.values]
    upcoming = now.next()
    assert upcoming is None or (upcoming.id in ids(now.questions) and upcoming.id not in given)
    certain, maybe = outlook(catalogue, given)
    # what applies for sure applies now; what applies now is sure or may still come
    assert set(ids(certain)) <= set(ids(now.interview)) <= set(ids(certain)) | set(ids(maybe))


@settings(max_examples=200, deadline=None)
@given(answer_sets, st.integers(min_value=0, max_value=9))
def test_answering_the_next_question_never_raises_the_most_still_to_come(given: dict[str, Any], pick: int) -> None:
    catalogue = build([load_checklist_file(FIXTURES / "mini.yaml")])
    before = route(catalogue, given).next()
    if before is None:
        return
    most = engine.outline(catalogue, given)
    value = CHOICES.get(before.id, [None])[pick % len(CHOICES.get(before.id, [None]))]
    after = engine.outline(catalogue, {**given, before.id: value})
    left = sum(1 for e in most.entries if not e.answered) + len(most.maybe)
    now = sum(1 for e in after.entries if not e.answered) + len(after.maybe)
    # a required question left empty is still to give (the interview does not let it be skipped)
    assert now <= left - (0 if before.required and value is None else 1)


# -- the outline of the real core, per route --------------------------------------------------


@pytest.mark.parametrize(
    ("given", "depth", "most"), [(SCREENED_OUT, "none", 12), (RAPID, "rapid", 40), (FULL, "full", 90)]
)
def test_the_core_routes_are_within_their_targets(core: Engine, given: dict[str, Any], depth: str, most: int) -> None:
    found = engine.outline(core.catalogue, given)
    assert found.depth == depth
    assert found.remaining == 0 and found.may_come == 0, [e.question.id for e in found.entries if not e.answered]
    assert found.answered <= most, found.answered


def test_screening_out_after_ticking_principles_asks_one_reason_and_no_ratings(core: Engine) -> None:
    """An officer who ticks principles 'if unsure' and then screens out is asked why once (the
    stricter question, since screening pointed to an effect) and rates nothing."""
    given = {
        **{k: v for k, v in SCREENED_OUT.items() if k != "screening.route_reason"},
        "screening.principles": ["2", "5"],
    }
    found = engine.outline(core.catalogue, given)
    asked = [e.question.id for e in found.entries if not e.answered] + [q.id for q in found.maybe]
    assert asked == ["screening.none_check"]
    done = engine.outline(core.catalogue, {**given, "screening.none_check": "Internal only."})
    assert done.remaining == 0 and done.answered <= 12


def test_fields_count_items_of_lists_and_lines_per_group(core: Engine) -> None:
    found = {e.question.id: e.fields for e in engine.outline(core.catalogue, RAPID).entries}
    assert found["groups.effects"] == 2 and found["actions.plan"] == 1 and found["decision.kind"] == 1
    before = {**RAPID}
    del before["groups.effects"]
    pending = {e.question.id: e.fields for e in engine.outline(core.catalogue, before).entries}
    assert pending["groups.effects"] == 2  # one line for each group chosen


def test_the_most_shown_at_the_start_narrows_as_screening_answers_come(core: Engine) -> None:
    start = engine.outline(core.catalogue, {})
    screened = engine.outline(
        core.catalogue, {k: v for k, v in RAPID.items() if k.startswith(("decision", "screening"))}
    )
    first = len(start.entries) + len(start.maybe)
    later = sum(1 for e in screened.entries if not e.answered) + len(screened.maybe)
    assert later < first and start.minutes > screened.minutes > 0
    assert start.depth is None and screened.depth == "rapid" and screened.principles == [3, 4, 5, 6]
