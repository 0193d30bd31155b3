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
