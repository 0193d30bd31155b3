"""The employment plugin, tested with hiap's shared sector tests, exactly as a third party's plugin would be."""

from hiap.testing import SectorPluginTests


class TestEmployment(SectorPluginTests):
    name = "employment"
    question = "employment.pay"
    adverse, favourable = "legal_minimum", "rlw_all"
    principle = 3
    mitigation = "employment.real_living_wage"
    section = "Employment and good work findings"
    before = {"employment.changes": ["pay_terms"]}
