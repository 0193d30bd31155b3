"""The housing plugin, tested with hiap's test kit exactly as a third party's plugin would be."""

from __future__ import annotations

from typing import Any

NAME = "housing"
QUESTION = "housing.temporary_accommodation"
BEFORE: dict[str, Any] = {"housing.changes": ["temporary_accommodation"]}


def test_keeps_the_plugin_contract(hiap_kit: Any) -> None:
    hiap_kit(NAME).assert_contract()


def test_is_a_complete_question_bank(hiap_kit: Any) -> None:
    """At least eight questions with teaching help and sources, reachable mitigations, indicators."""
    hiap_kit(NAME).assert_question_bank(min_questions=8, min_indicators=5)


def test_asked_only_when_the_decision_touches_the_sector(hiap_kit: Any) -> None:
    kit = hiap_kit(NAME)
    question = kit.catalogue.by_id[QUESTION]
    touching = {"screening.sectors": [NAME], "screening.route": "rapid", **BEFORE}
    assert kit.catalogue.applies(question, touching.get)
    assert not kit.catalogue.applies(question, {**touching, "screening.sectors": ["education"]}.get)
    assert not kit.catalogue.applies(question, {**touching, "screening.route": "none"}.get)


def test_an_adverse_answer_lowers_the_rating_and_suggests_a_mitigation(hiap_kit: Any) -> None:
    kit = hiap_kit(NAME)
    bad = kit.assess({**BEFORE, QUESTION: "more_longer"})
    good = kit.assess({**BEFORE, QUESTION: "fewer_shorter"})
    assert bad.principle(4).rating in ("negative", "mixed")  # other answers may pull the other way
    assert good.principle(4).rating == "positive"
    assert any(c.source == NAME and QUESTION in c.questions for c in bad.principle(4).contributions)
    assert "housing.ta_standards" in [m.id for m in bad.mitigations]
    assert bad.adverse_groups, "an adverse answer should name the groups it bears on"


def test_the_document_carries_the_sectors_findings(hiap_kit: Any) -> None:
    kit = hiap_kit(NAME)
    text = kit.document_text(kit.document({**BEFORE, QUESTION: "more_longer"}))
    assert "Housing findings" in text
    assert kit.catalogue.by_id[QUESTION].text in text
    assert "Principle: effect" in text  # each answer shows the principles it bears on
