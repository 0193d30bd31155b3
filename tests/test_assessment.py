"""The assessment says what the assessor said and nothing else: ratings of record, groups chosen,
the assessor's conclusion; a draft reaches none; harm must be answered for; sources are only
those behind the findings."""

from __future__ import annotations

from typing import Any

import pytest

from hiap import wording
from hiap.assessment.build import build
from hiap.checklist import rules
from hiap.models.answers import Answer, AnswersFile
from hiap.models.assessment import Assessment
from hiap.pipeline import Engine, open_engine
from tests.routes import FULL, RAPID, SCREENED_OUT


@pytest.fixture(scope="module")
def engine() -> Engine:
    return open_engine(only="", entry_points=False)


def answers(values: dict[str, Any], **changes: Any) -> AnswersFile:
    a = AnswersFile()
    for key, value in {**values, **{k.replace("__", "."): v for k, v in changes.items()}}.items():
        if value is not ...:
            a.set(key, Answer(value=value))
    return a


def assess(engine: Engine, values: dict[str, Any], **changes: Any) -> Assessment:
    return build(answers(values, **changes), engine.catalogue, engine.host, engine.context)


def test_each_route_is_complete_as_given(engine: Engine) -> None:
    for values in (SCREENED_OUT, RAPID, FULL):
        a = assess(engine, values)
        assert a.missing == [] and a.complete, a.missing


def test_the_conclusion_is_the_assessors_and_a_draft_reaches_none(engine: Engine) -> None:
    """(The full route, where the harm that remains after a mitigation is asked.)"""
    a = assess(engine, FULL)
    assert a.conclusion == "continue_with_justification"
    assert wording.overall(a) == ("Overall conclusion", "Continue with justification.")
    draft = assess(engine, FULL, actions__conclusion=..., p3__reasoning=...)
    assert draft.conclusion is None and draft.draft and draft.to_answer == 2
    label, text = wording.overall(draft)
    assert label == "Draft" and "2 answers to give" in text and "No conclusion has been reached" in text
    assert "reaches no conclusion" in wording.implications(draft, "C")
    assert "overall conclusion" not in wording.implications(draft, "C").lower()


def test_a_differing_conclusion_needs_the_assessors_reason(engine: Engine) -> None:
    assert rules.suggest_conclusion(engine.catalogue.roles, FULL) == "continue_with_justification"
    a = assess(engine, FULL, actions__conclusion="adjust")
    assert any("Why does your conclusion differ" in m for m in a.missing)
    a = assess(engine, FULL, actions__conclusion="adjust", actions__conclusion_reason="The route 7 change is big.")
    assert a.complete and a.conclusion_reason == "The route 7 change is big."
    assert "The assessor's reason: The route 7 change is big." in wording.overall(a)[1]


@pytest.mark.parametrize(
    ("changes", "suggested", "missing"),
    [
        ({"p3__mitigation": None, "p3__residual": ..., "p3__justification": ...}, "stop", True),
        ({"p3__residual": "major", "p3__justification": ...}, "stop", True),
        ({"p3__residual": "none", "p3__justification": ...}, "adjust", False),
        ({}, "continue_with_justification", False),
        ({"p3__effect": "minor_positive", "p4__effect": "neutral"}, "no_major_change", False),
    ],
)
def test_harm_must_be_answered_for(engine: Engine, changes: dict[str, Any], suggested: str, missing: bool) -> None:
    base = RAPID if suggested == "no_major_change" else FULL  # the full route has harms besides p3 and p4
    values = {**base, "p3.effect": "major_negative"} if suggested == "stop" else dict(base)
    a = assess(engine, values, **changes, actions__conclusion=suggested)
    assert a.suggested_conclusion == suggested
    assert bool(a.missing) is missing, a.missing


def test_groups_are_only_those_the_assessor_chose_with_their_own_words(engine: Engine) -> None:
    a = assess(engine, RAPID)
    assert [(g.id, g.people, g.direction) for g in a.groups] == [
        ("low_income", "households on low incomes", "adverse"),
        ("disability", "disabled people", "adverse"),
    ]
    assert a.groups[0].how == "Evening shift workers without a car lose a cheap way home."
    assert "The people most likely to be adversely affected are households on low incomes and disabled people." in (
        wording.implications(a, "C")
    )


def test_the_implications_paragraph_has_due_regard_and_the_appendix_letter(engine: Engine) -> None:
    text = wording.implications(assess(engine, RAPID), "C")
    assert text.startswith("A Health in All Policies assessment of this decision") and "Appendix C" in text
    assert "Public Sector Equality Duty (Equality Act 2010, section 149)" in text
    assert "[X]" not in text and 40 < len(text.split()) < 200


def test_screened_out_states_the_screening_conclusion(engine: Engine) -> None:
    a = assess(engine, SCREENED_OUT)
    assert a.screened_out and a.complete and a.conclusion is None
    assert wording.overall(a)[0] == "Screening conclusion"
    assert all(not p.relevant for p in a.principles)
    flagged = assess(engine, SCREENED_OUT, screening__groups_differ="likely")
    assert any("possible effect" in m for m in flagged.missing)


def test_principles_out_of_scope_are_not_rated_and_symbols_differ_by_size(engine: Engine) -> None:
    a = assess(engine, RAPID)
    assert [p.principle for p in a.principles if p.relevant] == [3, 4, 5, 6]
    assert a.principle(1).rating == "not_assessed" and wording.effect_symbol(None, False) == "n/a"
    symbols = {
        wording.effect_symbol(e) for e in ("major_positive", "minor_positive", "minor_negative", "major_negative")
    }
    assert len(symbols) == 4


def test_answers_that_no_longer_apply_are_kept_in_the_record_not_used(engine: Engine) -> None:
    a = assess(engine, RAPID, screening__principles=["3", "4", "5"])
    assert a.principle(6).effect is None
    kept = [r for r in a.answered if r.id == "p6.effect"]
    assert kept and kept[0].kept_because == "a later answer means it no longer applies"
    assert kept[0].answer == "Minor positive"


def test_sources_are_only_those_behind_the_findings(engine: Engine) -> None:
    a = assess(engine, RAPID)
    titles = [s.title for s in a.sources]
    assert len(titles) == len(set(titles))
    assert not any("Local Government Act 1972" in t for t in titles)  # the meeting date's guidance
    assert any("Public Sector Equality Duty" in t for t in titles)  # the PSED answer's
    cited = answers(RAPID)
    cited.set("p3.reasoning", Answer(value="x", sources=["Luton bus patronage survey 2026"]))
    b = build(cited, engine.catalogue, engine.host, engine.context)
    assert "Luton bus patronage survey 2026" in [s.title for s in b.sources]


def test_an_estimate_and_not_known_read_as_the_officer_gave_them(engine: Engine) -> None:
    a = answers(FULL)
    a.set("groups.core20_share", Answer(value=35, estimate=True))
    assert build(a, engine.catalogue, engine.host, engine.context).core20_share == "about 35%"
    assert assess(engine, FULL, groups__core20_share="not_known").core20_share == "Not known"


def test_the_same_answers_give_the_same_assessment(engine: Engine) -> None:
    assert assess(engine, FULL).model_dump() == assess(engine, FULL).model_dump()


def test_a_duty_is_printed_as_answered_without_the_options_examples(engine: Engine) -> None:
    a = assess(engine, FULL, duties__crime_disorder="increases")
    (answer,) = [text for heading, text in a.duties if heading == "Crime and disorder"]
    assert answer == "Could increase them"
    assert wording.without_examples("Not known yet") == "Not known yet"
    assert wording.without_examples("Yes (Scotland or Wales)") == "Yes (Scotland or Wales)"


def test_screened_out_rates_nothing_and_says_what_screening_did_for_the_duty(engine: Engine) -> None:
    a = assess(engine, SCREENED_OUT, screening__principles=["2", "5"], screening__none_check="Internal only.")
    assert a.complete and a.principles_in_scope == []
    paragraph = wording.implications(a, "C")
    assert "section 149" in paragraph and "It sets out how the council has had due regard" not in paragraph


def test_the_engagement_answer_carries_the_assessors_note(engine: Engine) -> None:
    values = answers(FULL)
    values.set(
        "evidence.engagement", Answer(value="planned", note="A consultation runs from 11 January to 21 February.")
    )
    a = build(values, engine.catalogue, engine.host, engine.context)
    assert a.engagement == "Planned. A consultation runs from 11 January to 21 February."


def test_the_implications_paragraph_names_every_group_the_assessor_chose(engine: Engine) -> None:
    """The covering report names each group the officer said is worse off (none silently dropped),
    counts the rest beyond six, and names those who benefit."""
    adverse = ["low_income", "disability", "age", "race", "sex"]
    effects = {g: f"Loses evening trips ({g})." for g in [*adverse, "imd_core20"]}
    a = assess(engine, RAPID, groups__adverse=adverse, groups__positive=["imd_core20"], groups__effects=effects)
    text = wording.implications(a, "C")
    worse = text[text.index("adversely affected are") : text.index(".", text.index("adversely affected are"))]
    assert len([g for g in a.groups if g.direction == "adverse"]) == 5
    for group in (g for g in a.groups if g.direction == "adverse"):
        assert wording.group_people(group) in worse
    benefit = wording.group_people(next(g for g in a.groups if g.direction == "positive"))
    assert f"It is expected to benefit {benefit}." in text
    many = ["low_income", "disability", "age", "race", "sex", "religion_belief", "sexual_orientation"]
    crowded = assess(engine, RAPID, groups__adverse=many, groups__effects={g: "Worse off." for g in many})
    assert "and 2 other groups named in the appendix." in wording.implications(crowded, "C")


@pytest.mark.parametrize(
    ("group", "line", "people"),
    [
        ("sex", "Five of the six staff at the two libraries are women.", "women"),
        ("sex", "Men more often work the evening shifts; women more often part-time.", "women or men"),
        ("sex", "Fewer evening trips.", "women or men"),
        ("age", "Pensioners lose the late opening.", "older people"),
        ("age", "Under-16s and pensioners both lose it.", "people of particular ages"),
        ("disability", "Fewer evening trips.", "disabled people"),
    ],
)
def test_groups_are_named_as_the_assessors_line_names_them(engine: Engine, group: str, line: str, people: str) -> None:
    """A category's people ('women and men', 'older and younger people') narrowed to those the
    officer's own line names, or a neutral name: never a claim about people they did not name."""
    a = assess(engine, RAPID, groups__adverse=[group], groups__effects={group: line})
    (found,) = [g for g in a.groups if g.id == group]
    assert wording.group_people(found) == people


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (["disabled people", "carers"], "disabled people and carers"),
        (["fair employment and good work", "health"], "fair employment and good work; and health"),
        (["a", "b", "c"], "a, b and c"),
        (
            ["women or men", "older people, living alone", "carers"],
            "women or men; older people, living alone; and carers",
        ),
    ],
)
def test_lists_use_semicolons_whenever_an_item_carries_a_comma_or_and(items: list[str], expected: str) -> None:
    """'fair employment and good work and health' reads as three things: two items need the
    semicolon as much as three do."""
    assert wording.listing(items) == expected
