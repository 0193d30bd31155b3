"""The housing plugin, tested with hiap's shared sector tests, exactly as a third party's plugin would be."""

from hiap.testing import SectorPluginTests


class TestHousing(SectorPluginTests):
    name = "housing"
    question = "housing.temporary_accommodation"
    adverse, favourable = "more_longer", "fewer_shorter"
    principle = 4
    mitigation = "housing.ta_standards"
    before = {"housing.changes": ["temporary_accommodation"]}
    section = "Housing findings"


def test_ta_notification_is_stated_as_a_duty_in_force() -> None:
    """HA 1996 s213AA (CWSA 2026 s11) has applied since 1 June 2026: not an optional good, not 'check it is in force'."""
    from pathlib import Path

    import yaml

    bank = yaml.safe_load((Path(__file__).parents[1] / "src" / "hiap_housing" / "housing.yaml").read_text())
    questions = {q["id"]: q for s in bank["sections"] for q in s["questions"]}
    ta = questions["housing.ta_practice"]
    option = next(o for o in ta["options"] if o["value"] == "health_links")
    assert "1 June 2026" in ta["help"] and "1 June 2026" in option["label"]
    assert "s213AA" in ta["why"] and "that it is in force" not in ta["why"]


def _bank() -> dict:
    from pathlib import Path

    import yaml

    return yaml.safe_load((Path(__file__).parents[1] / "src" / "hiap_housing" / "housing.yaml").read_text())


def test_ta_notification_separates_the_duty_from_good_practice() -> None:
    """s213AA(5): once on each application; school nursing, GP registration and later moves go beyond the Act."""
    bank = _bank()
    questions = {q["id"]: q for s in bank["sections"] for q in s["questions"]}
    ta = questions["housing.ta_practice"]
    option = next(o for o in ta["options"] if o["value"] == "health_links")
    assert "once on each application" in option["label"] and "or moves" not in option["label"]
    assert "consent" in ta["help"] and "once on each application" in ta["help"]
    assert "s213AA(5)" in ta["why"] and "good practice" in ta["why"]
    links = next(m for m in bank["mitigations"] if m["id"] == "housing.ta_health_links")
    duty, _, practice = links["text"].partition("Good practice")
    assert "s213AA" in duty and "once on each application" in duty and "consent" in duty
    assert "school nursing" in practice and "register with a GP" in practice
    assert "school nursing" not in duty


def test_actions_that_tell_schools_or_gps_ask_consent_first() -> None:
    """Telling a child's school or GP without the parent's consent would share data the Act does not allow."""
    for mitigation in _bank()["mitigations"]:
        text = " ".join(mitigation["text"].split())
        if "tell the children's schools" in text or "tell the child's school" in text:
            assert "consent" in text, mitigation["id"]
