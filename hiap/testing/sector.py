"""The tests every sector plugin needs, written once: subclass and fill in the blanks.

::

    from hiap.testing import SectorPluginTests

    class TestHousing(SectorPluginTests):
        name = "housing"
        question = "housing.temporary_accommodation"   # a choice question that scores
        adverse, favourable = "more_longer", "fewer_shorter"
        principle = 4                                    # the principle those answers move
        mitigation = "housing.ta_standards"              # suggested by the adverse answer
        section = "Housing findings"                     # the document section's title

The class's tests load the installed plugin through the ``hiap_kit`` fixture (add
``pytest_plugins = ["hiap.testing"]`` to ``conftest.py``), exactly as users' hiap finds it.
"""

from __future__ import annotations

from typing import Any, ClassVar


class SectorPluginTests:
    """Contract, question bank, when the questions are asked, scoring, mitigation, document."""

    name: ClassVar[str]
    question: ClassVar[str]
    adverse: ClassVar[Any]
    favourable: ClassVar[Any]
    principle: ClassVar[int]
    mitigation: ClassVar[str]
    section: ClassVar[str]
    #: answers the question depends on (its 'when'), given with every assessment
    before: ClassVar[dict[str, Any]] = {}
    min_questions: ClassVar[int] = 8
    min_indicators: ClassVar[int] = 5

    def test_keeps_the_plugin_contract(self, hiap_kit: Any) -> None:
        hiap_kit(self.name).assert_contract()

    def test_is_a_complete_question_bank(self, hiap_kit: Any) -> None:
        """Enough questions with teaching help and sources, reachable mitigations, indicators."""
        hiap_kit(self.name).assert_question_bank(min_questions=self.min_questions, min_indicators=self.min_indicators)

    def test_asked_only_when_the_decision_touches_the_sector(self, hiap_kit: Any) -> None:
        from hiap.checklist.route import route

        kit = hiap_kit(self.name)
        roles = kit.catalogue.roles
        sectors, depth = roles.question("sectors"), roles.question("route")
        assert sectors is not None and depth is not None, "the core asks which sectors and how deep"
        touching = {sectors.id: [self.name], depth.id: "rapid", **self.before}
        assert route(kit.catalogue, touching).applies(self.question)
        assert not route(kit.catalogue, {**touching, sectors.id: ["education"]}).applies(self.question)
        assert not route(kit.catalogue, {**touching, depth.id: "none"}).applies(self.question)

    def test_an_adverse_answer_points_to_harm_and_offers_a_mitigation(self, hiap_kit: Any) -> None:
        """What a sector answer points to is offered, never printed as the assessor's: the
        principle's contributions carry it, a mitigation is suggested, groups are offered."""
        kit = hiap_kit(self.name)
        bad = kit.assess({**self.before, self.question: self.adverse})
        good = kit.assess({**self.before, self.question: self.favourable})
        mine = [c for c in bad.principle(self.principle).contributions if c.source == self.name]
        assert any(self.question in c.questions and c.impact in ("minor_negative", "major_negative") for c in mine)
        kind = [c.impact for c in good.principle(self.principle).contributions if self.question in c.questions]
        assert kind and all(k in ("minor_positive", "major_positive") for k in kind)
        assert bad.principle(self.principle).rating == "not_assessed"  # until the assessor rates it
        assert self.mitigation in [m.id for m in bad.mitigations]
        assert any(c.groups for c in mine), "an adverse answer should name the groups it bears on"

    def test_the_document_carries_the_sectors_findings(self, hiap_kit: Any) -> None:
        kit = hiap_kit(self.name)
        text = kit.document_text(kit.document({**self.before, self.question: self.adverse}))
        assert self.section in text
        assert kit.catalogue.by_id[self.question].text in text
