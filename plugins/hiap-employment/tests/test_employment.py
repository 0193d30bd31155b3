"""The employment plugin, tested with hiap's test kit exactly as a third party's plugin would be."""

from __future__ import annotations

from typing import Any

NAME = "employment"
QUESTION = "employment.pay"
BEFORE: dict[str, Any] = {"employment.changes": ["pay_terms"]}


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
    bad = kit.assess({**BEFORE, QUESTION: "legal_minimum"})
    good = kit.assess({**BEFORE, QUESTION: "rlw_all"})
    assert bad.principle(3).rating in ("negative", "mixed")  # other answers may pull the other way
    assert good.principle(3).rating == "positive"
    assert any(c.source == NAME and QUESTION in c.questions for c in bad.principle(3).contributions)
    assert "employment.real_living_wage" in [m.id for m in bad.mitigations]
    assert bad.adverse_groups, "an adverse answer should name the groups it bears on"


def test_the_document_carries_the_sectors_findings(hiap_kit: Any) -> None:
    kit = hiap_kit(NAME)
    text = kit.document_text(kit.document({**BEFORE, QUESTION: "legal_minimum"}))
    assert "Employment and good work findings" in text
    assert kit.catalogue.by_id[QUESTION].text in text
    assert "Principle: effect" in text  # each answer shows the principles it bears on
