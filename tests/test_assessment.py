"""Assessment rules: ratings roll up, sector answers count, the conclusion follows the findings,
inactive answers are ignored, and what is missing is listed."""

from __future__ import annotations

from typing import Any

import pytest

from hiap import plugins
from hiap.assessment.build import build
from hiap.checklist.catalogue import Catalogue
from hiap.defaults.core import roll_up
from hiap.models.answers import Answer, AnswersFile
from hiap.models.assessment import Assessment, ScoreContribution


def answers(**values: Any) -> AnswersFile:
    a = AnswersFile()
    a.set("decision.title", Answer(value="Test decision"))
    a.set("decision.kind", Answer(value="policy"))
    a.set("screening.route", Answer(value="full"))
    for key, value in values.items():
        a.set(key.replace("__", "."), Answer(value=value))
    return a


def assess(catalogue: Catalogue, **values: Any) -> Assessment:
    host = plugins.build(entry_points=False)
    return build(answers(**values), catalogue, host)


def c(impact: str) -> ScoreContribution:
    return ScoreContribution(principle=4, impact=impact, rationale="because")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("impacts", "expected"),
    [
        ([], ("not_assessed", None)),
        (["neutral"], ("neutral", None)),
        (["uncertain", "neutral"], ("uncertain", None)),
        (["minor_positive"], ("positive", "minor")),
        (["minor_positive", "major_positive"], ("positive", "major")),
        (["minor_negative", "uncertain"], ("negative", "minor")),
        (["major_negative", "minor_negative"], ("negative", "major")),
        (["minor_positive", "minor_negative"], ("mixed", "minor")),
        (["major_positive", "minor_negative"], ("mixed", "major")),
        (["mixed"], ("mixed", "minor")),
    ],
)
def test_roll_up_is_the_most_severe_credible_finding(impacts: list[str], expected: tuple[str, str | None]) -> None:
    assert roll_up([c(i) for i in impacts]) == expected


def test_no_adverse_effect_means_no_major_change(mini_catalogue: Catalogue) -> None:
    a = assess(mini_catalogue, p4__relevant=True, p4__effect="minor_positive", p4__equity="narrows")
    p4 = a.principle(4)
    assert (p4.rating, p4.size, p4.equity) == ("positive", "minor", "narrows")
    assert a.conclusion == "no_major_change"
    assert a.principle(1).rating == "not_assessed"


def test_unmitigated_major_harm_that_widens_the_gap_means_stop(mini_catalogue: Catalogue) -> None:
    a = assess(mini_catalogue, p4__relevant=True, p4__effect="major_negative", p4__equity="widens")
    assert a.conclusion == "stop"
    assert any("neither a mitigation nor a justification" in m for m in a.missing)
    assert not a.complete


def test_mitigated_harm_means_adjust(mini_catalogue: Catalogue) -> None:
    a = assess(mini_catalogue, p4__relevant=True, p4__effect="minor_negative", p4__mitigation="Pay travel costs.")
    assert a.conclusion == "adjust"
    assert a.principle(4).mitigation == "Pay travel costs."
    assert [m.id for m in a.mitigations] == ["core.cost_help"]  # the library suggestion whose condition holds


def test_justified_harm_means_continue_with_justification(mini_catalogue: Catalogue) -> None:
    a = assess(mini_catalogue, p4__relevant=True, p4__effect="minor_negative", p4__justification="Legal duty.")
    assert a.conclusion == "continue_with_justification"


def test_sector_answers_change_the_rating_and_groups(mini_with_sector: Catalogue) -> None:
    a = assess(
        mini_with_sector,
        screening__sectors=["housing"],
        housing__ta="increases",
        p4__relevant=True,
        p4__effect="minor_positive",
        p4__mitigation="x",
        p1__relevant=True,
    )
    p4 = a.principle(4)
    # the assessor's rating stands; the housing answer pointing the other way is kept beside it
    assert (p4.rating, p4.size, p4.signals) == ("positive", "minor", "negative")
    assert {x.source for x in p4.contributions} == {"core", "housing"}
    assert a.principle(1).rating == "negative"  # no rating given: the answers decide
    assert [g.id for g in a.adverse_groups] == ["homeless"]
    assert "It increases use" in a.adverse_groups[0].how
    assert "housing.ta_standards" in [m.id for m in a.mitigations]


def test_a_principle_judged_not_relevant_stays_neutral_with_the_signal_kept(mini_with_sector: Catalogue) -> None:
    a = assess(mini_with_sector, screening__sectors=["housing"], housing__ta="increases", p4__relevant=False)
    p4 = a.principle(4)
    assert (p4.rating, p4.relevant, p4.signals) == ("neutral", False, "negative")
    assert not p4.adverse and "principle 1 " in a.conclusion_reason  # principle 1 had no rating: answers decide


def test_answers_that_no_longer_apply_are_ignored(mini_with_sector: Catalogue) -> None:
    # the housing answer stays in the file, but housing is no longer a sector the decision touches
    a = assess(mini_with_sector, screening__sectors=["transport"], housing__ta="increases")
    assert a.principle(4).rating == "not_assessed"
    assert a.adverse_groups == []


def test_required_questions_are_listed_as_missing(mini_catalogue: Catalogue) -> None:
    a = assess(mini_catalogue, p4__relevant=True)
    assert any("(p4.effect)" in m for m in a.missing)


def test_actions_and_implications_paragraph(mini_catalogue: Catalogue) -> None:
    a = assess(
        mini_catalogue,
        p4__relevant=True,
        p4__effect="minor_negative",
        p4__equity="widens",
        p4__mitigation="Pay costs.",
        actions__plan=[{"action": "Pay travel costs", "owner": "Head of Housing", "due": "2027-03-31"}],
        actions__review="2027-06-30",
        groups__adverse=["disability"],
    )
    assert a.actions[0].owner == "Head of Housing"
    text = a.health_implications
    assert "Appendix [X]" in text and "adjust the decision" in text
    assert "could widen health inequalities in people's standard of living" in text
    assert "It could have a negative effect on people's standard of living." in text
    assert "adversely affected are disabled people." in text and "30 June 2027" in text
    assert "The assessment proposes one action: to pay travel costs." in text
    assert 40 < len(text.split()) < 200


def test_the_same_answers_give_the_same_assessment(mini_with_sector: Catalogue) -> None:
    values = {
        "screening__sectors": ["housing"],
        "housing__ta": "increases",
        "p4__relevant": True,
        "p4__effect": "minor_negative",
    }
    first = assess(mini_with_sector, **values).model_dump()
    second = assess(mini_with_sector, **values).model_dump()
    assert first == second
