"""The transport plugin, tested with hiap's shared sector tests, exactly as a third party's plugin would be."""

from hiap.testing import SectorPluginTests


class TestTransport(SectorPluginTests):
    name = "transport"
    question = "transport.bus_services"
    adverse, favourable = "cuts", "more_service"
    principle = 5
    mitigation = "transport.replacement_service"
    before = {"transport.changes": ["bus_services"]}
    section = "Transport findings"
