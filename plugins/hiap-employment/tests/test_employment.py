"""The employment plugin, tested with hiap's test kit exactly as a third party's plugin would be."""

from __future__ import annotations

from typing import Any

NAME = "employment"
QUESTION = "employment.pay"
BEFORE: dict[str, Any] = {"employment.jobs_effect": "creates"}


def test_keeps_the_plugin_contract(hiap_kit: Any) -> None:
    hiap_kit(NAME).assert_contract()


def test_at_least_eight_substantive_questions_with_help_and_sources(hiap_kit: Any) -> None:
    questions = hiap_kit(NAME).questions
    assert len(questions) >= 8
    for question in questions:
        assert question.id.startswith(NAME + ".")
        assert len(question.help.split(". ")) >= 2, question.id
        if question.principles:
            assert question.sources, question.id


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


def test_every_mitigation_can_be_triggered(hiap_kit: Any) -> None:
    kit = hiap_kit(NAME)
    suggested = {s for q in kit.questions for o in q.options for s in o.suggests}
    conditional = {m.id for m in kit.catalogue.mitigations if m.when}
    for mitigation in kit.catalogue.mitigations:
        if mitigation.origin == NAME:
            assert mitigation.id in suggested | conditional, mitigation.id


def test_indicators_are_named_with_sources(hiap_kit: Any) -> None:
    indicators = [i for i in hiap_kit(NAME).catalogue.indicators if i.origin == NAME]
    assert len(indicators) >= 5
    assert all(i.source and i.principles for i in indicators)
