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


def test_school_travel_cites_the_school_bus_driver_safeguarding_duty() -> None:
    """Bus Services Act 2025 s33 (PPVA 1981 Part 2A), in force in England and Wales from 27 April 2026."""
    from pathlib import Path

    import yaml

    bank = yaml.safe_load((Path(__file__).parents[1] / "src" / "hiap_transport" / "transport.yaml").read_text())
    questions = {q["id"]: q for s in bank["sections"] for q in s["questions"]}
    school = questions["transport.school_travel"]
    assert "Bus Services Act 2025 s33" in school["why"] and "27 April 2026" in school["why"]
    urls = [source["url"] for source in school["sources"]]
    assert "https://www.legislation.gov.uk/ukpga/2025/24/section/33" in urls
