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
