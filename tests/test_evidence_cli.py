"""`hiap evidence` and `hiap config` as users run them, on a copy of an example and files it has never seen."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run

EXAMPLE = ROOT / "examples" / "kings-lynn-healthy-weight-planning.hiap.yaml"
WORKED = ROOT / "examples" / "kings-lynn-with-local-evidence.hiap.yaml"
KL, ENGLAND, OTHER = "E07000146", "E92000001", "E07000143"
HEADER = (
    "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,"
    "Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,Upper CI 99.8 limit,"
    "Count,Denominator,Value note,Recent Trend,Compared to England value or percentiles,Compared to percentiles,"
    "Time period Sortable,New data,Compared to goal,Time period range"
).split(",")
NAMES = {KL: "King's Lynn and West Norfolk", ENGLAND: "England", OTHER: "Breckland"}


def export(figures: list[tuple[str, str, str, str, str, float | None, str]]) -> bytes:
    """A Fingertips export: (indicator id, name, area, sex, period, value, comparison) per row."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow(HEADER)
    for indicator, name, area, sex, period, value, compared in figures:
        record = dict.fromkeys(HEADER, "")
        record.update(
            {
                "Indicator ID": int(indicator),
                "Indicator Name": name,
                "Area Code": area,
                "Area Name": NAMES[area],
                "Area Type": "England" if area == ENGLAND else "Districts & UAs (from Apr 2023)",
                "Sex": sex,
                "Age": "All ages",
                "Time period": period,
                "Value": "" if value is None else value,
                "Compared to England value or percentiles": compared,
                "Time period Sortable": int(period[:4]) * 10000,
            }
        )
        writer.writerow([record[h] for h in HEADER])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


LE = "Life expectancy at birth"
FIRST = [
    ("90366", LE, KL, "Male", "2019 - 21", 73.0, "Worse 95%"),
    ("90366", LE, KL, "Male", "2020 - 22", 72.5, "Worse 95%"),
    ("90366", LE, ENGLAND, "Male", "2020 - 22", 78.9, "Not compared"),
    ("90366", LE, OTHER, "Male", "2020 - 22", 81.7, "Better 95%"),
    ("90366", LE, KL, "Female", "2020 - 22", 78.2, "Worse 95%"),
    ("90366", LE, ENGLAND, "Female", "2020 - 22", 82.8, "Not compared"),
    ("90366", LE, OTHER, "Female", "2020 - 22", 86.9, "Better 95%"),
    ("93203", "16 to 17 year olds NEET or activity not known", KL, "Persons", "2023", 6.9, "Worse 95%"),
    ("93203", "16 to 17 year olds NEET or activity not known", OTHER, "Persons", "2023", 3.3, "Better 95%"),
]
SECOND = [
    *FIRST[:4],
    ("90366", LE, KL, "Male", "2021 - 23", 72.1, "Worse 95%"),
    ("90366", LE, ENGLAND, "Male", "2021 - 23", 79.1, "Not compared"),
    *FIRST[4:7],
    ("92443", "Smoking Prevalence in adults (18+) - current smokers (APS)", KL, "Persons", "2023", 12.8, "Similar"),
]
REGISTER_HEADER = [
    "What is the name of your organisation?",
    "What is the main/public-facing email address for your organisation?",
    "What is the name of the service/project/activity you are describing?",
    "Please provide a brief description/summary of the service.",
    "Which areas of West Norfolk does the service cover (select all that apply)?",
    "Which group(s) does the service prioritise? (select all that apply)",
    "Which of the following Marmot Principles best describes the focus of your service (select all that apply)?",
]
SERVICES = {
    "Takeaway owners' language support": [
        "Lynn Business Hub",
        "hub@example.org",
        "Takeaway owners' language support",
        "Advice in community languages on planning and food rules.",
        "King's Lynn;",
        "Ethnic minority communities;",
        "Tackle discrimination, racism and their outcomes;",
    ],
    "Parish car scheme": [
        "Marshland Volunteers",
        "",
        "Parish car scheme",
        "Volunteer drivers for villages with no bus.",
        "Villages;",
        "Rural residents; Older people;",
        "Create and develop healthy and sustainable places and communities;",
    ],
    "Baby massage group": [
        "Family Hub North",
        "",
        "Baby massage group",
        "Weekly sessions for new parents.",
        "North Lynn;",
        "New parents;",
        "Give every child the best start in life;",
    ],
}


def register(names: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([REGISTER_HEADER, *(SERVICES[n] for n in names)])
    return out.getvalue()


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """A council folder: hiap.toml, a held-out export and register, and a copy of the example."""
    folder = tmp_path / "council"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "phof.csv").write_bytes(export(FIRST))
    (folder / "data" / "assets.csv").write_text(register(list(SERVICES)), encoding="utf-8")
    (folder / "hiap.toml").write_text(
        '[council]\nname = "Borough Council of King\'s Lynn and West Norfolk"\narea_code = "E07000146"\n\n'
        '[plugins.evidence]\nindicators = ["data/phof.csv"]\nassets = ["data/assets.csv"]\n',
        encoding="utf-8",
    )
    shutil.copy(EXAMPLE, folder / "decision.hiap.yaml")
    return folder


def section(markdown: str, number: int) -> str:
    """One principle's part of the document: from its heading to the next principle's (the
    appendix details only the principles in the assessor's relevance grid)."""
    match = re.search(rf"^### {number}\. .*?(?=^### \d\. |^## )", markdown, re.M | re.S)
    assert match, f"no section for principle {number}"
    return match.group(0)


def test_evidence_then_render_shows_the_areas_figures_by_principle_and_the_partners(hiap: Run, council: Path) -> None:
    answers = council / "decision.hiap.yaml"
    result = hiap("evidence", str(answers), cwd=council)
    assert result.returncode == 0, result.stderr
    assert "First local-evidence snapshot for King's Lynn and West Norfolk: 3 figure(s) and 3 service(s)." in (
        result.stdout
    )
    assert "Added: Life expectancy at birth (male): 72.5 years (2020-22)" in result.stdout
    assert hiap("check", str(answers)).returncode == 0

    out = council / "decision.md"
    rendered = hiap("render", str(answers), "--format", "md", "-o", str(out), cwd=council)
    assert rendered.returncode == 0, rendered.stderr
    markdown = out.read_text(encoding="utf-8")
    six = section(markdown, 6)
    # beside the principle, the area said once in the caption and England's figure in the comparison
    assert "*Table: Local context for principle 6: King's Lynn and West Norfolk*" in six
    assert "| Life expectancy at birth (Male, All ages), 2020-22 | 72.5 years | Worse (England 78.9 years) |" in six
    assert "| Life expectancy at birth (Female, All ages), 2020-22 | 78.2 years | Worse (England 82.8 years) |" in six
    appendix, annex = markdown.split("\n---\n", 1)
    # principle 2 is outside the assessor's relevance grid: its figure is in the annex's record only
    assert "16 to 17 year olds" not in appendix and "16 to 17 year olds" in annex
    for principle in (1, 3, 4, 5, 7):
        assert "Life expectancy at birth" not in section(markdown, principle)
    for other_area in ("81.7", "86.9", "3.3%", "3.3 %", "Breckland", "73.0"):
        assert other_area not in markdown

    # local services are printed only when the officer cites them as partners: none is cited yet
    for service in SERVICES:
        assert service not in markdown


def test_a_refresh_says_what_changed_and_keeps_the_officers_citations(hiap: Run, council: Path) -> None:
    answers = council / "decision.hiap.yaml"
    assert hiap("evidence", str(answers), cwd=council).returncode == 0
    text = answers.read_text(encoding="utf-8")
    for service in ("Takeaway owners' language support", "Baby massage group"):
        label = f"    label: {service}\n"
        assert label in text, label
        text = text.replace(label, label + "    cited: true\n")
    answers.write_text(text, encoding="utf-8")
    assert hiap("check", str(answers)).returncode == 0

    (council / "data" / "phof.csv").write_bytes(export(SECOND))
    (council / "data" / "assets.csv").write_text(
        register(["Takeaway owners' language support", "Parish car scheme"]), encoding="utf-8"
    )
    result = hiap("evidence", str(answers), cwd=council)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "  Life expectancy at birth (male): 72.5 → 72.1 years (2020-22 → 2021-23)" in lines
    assert "  Added: Smoking prevalence in adults: 12.8% (2023)" in lines
    assert (
        "  Removed: 16 to 17 year olds not in education, employment or training (or not known) (was 6.9%, 2023)"
        in lines
    )
    assert "  Removed service: Baby massage group (Family Hub North) (it was cited: check the assessment)" in lines
    assert not any("Life expectancy at birth (female)" in line for line in lines)  # unchanged
    assert "1 cited service(s) kept as cited." in lines

    saved = answers.read_text(encoding="utf-8")
    assert saved.count("event: evidence_refreshed") == 2 and saved.count("cited: true") == 1
    markdown = council / "decision.md"
    assert hiap("render", str(answers), "--format", "md", "-o", str(markdown)).returncode == 0
    document = markdown.read_text(encoding="utf-8")
    assert "Takeaway owners' language support" in document and "Lynn Business Hub" in document  # cited
    assert "Parish car scheme" not in document  # matched, but not cited by the officer
    assert "| 72.1 years |" in section(document, 6)
    assert "72.5 years" not in document


def test_without_configured_sources_it_says_to_set_evidence(hiap: Run, tmp_path: Path) -> None:
    answers = tmp_path / "decision.hiap.yaml"
    shutil.copy(EXAMPLE, answers)
    before = answers.read_bytes()
    result = hiap("evidence", str(answers))
    assert result.returncode == 2 and result.stdout == ""
    # there is no hiap.toml: the message says so, and where one is looked for (not './hiap.toml')
    assert result.stderr.startswith(
        "hiap: error: plugins.evidence: no local evidence sources are configured: no hiap.toml was found "
        "(in this folder or "
    ), result.stderr
    assert "or named by HIAP_CONFIG)" in result.stderr
    assert "set indicators" in result.stderr and "under [plugins.evidence] in hiap.toml" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and answers.read_bytes() == before


def test_a_malformed_export_stops_with_the_file_and_row_and_changes_nothing(hiap: Run, council: Path) -> None:
    answers = council / "decision.hiap.yaml"
    assert hiap("evidence", str(answers), cwd=council).returncode == 0
    before = answers.read_bytes()
    data = export(FIRST).decode("utf-8-sig").replace("72.5,", '"72.5 (provisional)",')
    (council / "data" / "phof.csv").write_text(data, encoding="utf-8")
    result = hiap("evidence", str(answers), cwd=council)
    assert result.returncode == 2, result.stdout
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        f"hiap: error: {council / 'data' / 'phof.csv'}:3: Value '72.5 (provisional)' is not a number"
    )
    assert line.endswith("(read by the 'evidence' plugin); the answers file was not changed")
    assert "Traceback" not in result.stderr and answers.read_bytes() == before


def test_a_bad_area_code_is_a_one_line_configuration_error(hiap: Run, council: Path) -> None:
    config = council / "hiap.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("E07000146", "KingsLynn"), encoding="utf-8")
    for args in (("evidence", "decision.hiap.yaml"), ("config",)):
        result = hiap(*args, cwd=council)
        assert result.returncode == 2
        assert result.stderr == (
            f"hiap: error: {config}:3: council.area_code: 'KingsLynn' is not an ONS area code; "
            'use a code such as "E07000146"\n'
        )


def test_hiap_config_shows_each_value_and_where_it_came_from(hiap: Run, council: Path, tmp_path: Path) -> None:
    here = hiap("config", cwd=council)
    assert here.returncode == 0, here.stderr
    config = council / "hiap.toml"
    assert f"Configuration file: {config}" in here.stdout
    assert f"  plugins.evidence.indicators = ['data/phof.csv']    (from {config})" in here.stdout
    assert f"  council.area_code = 'E07000146'    (from {config})" in here.stdout

    named = hiap("config", "--json", env={"HIAP_CONFIG": str(ROOT / "examples" / "evidence" / "hiap.toml")})
    assert named.returncode == 0, named.stderr
    data = json.loads(named.stdout)
    assert data["file"] == str(ROOT / "examples" / "evidence" / "hiap.toml")
    values = {v["key"]: (v["value"], v["from"]) for v in data["values"]}
    assert values["plugins.evidence.assets"] == (["sample-asset-register.csv"], data["file"])
    assert values["council.area_code"] == ("E07000146", data["file"])

    nothing = hiap("config", cwd=tmp_path)
    assert nothing.returncode == 0 and "No configuration file found" in nothing.stdout


def test_the_worked_example_carries_local_figures_and_cited_partners(hiap: Run, tmp_path: Path) -> None:
    assert hiap("check", str(WORKED)).returncode == 0
    out = tmp_path / "worked.md"
    result = hiap("render", str(WORKED), "--format", "md", "-o", str(out))
    assert result.returncode == 0, result.stderr
    markdown = out.read_text(encoding="utf-8")
    (year6,) = [line for line in section(markdown, 6).splitlines() if "Year 6: overweight" in line]
    assert "37.8" in year6 and "35.8" in year6  # England's beside it
    assert "*Table: Local context for principle 6: King's Lynn and West Norfolk*" in section(markdown, 6)
    assert "Breckland" not in markdown
    partners = markdown.split("*Table: Local services cited as partners*", 1)[1].split("\n## ", 1)[0]
    assert partners.count("\n| ") - 1 == 2  # the two services the officer cites, under a header row


def test_changes_in_words_for_comparators_units_and_services() -> None:
    from hiap_evidence.command import describe_changes, keep_cited

    from hiap.models.assessment import EvidenceItem

    def figure(**kw: object) -> EvidenceItem:
        base: dict[str, object] = dict(label="Fuel poverty", value="14.2", unit="%", period="2023", source="OHID")
        return EvidenceItem.model_validate({**base, "indicator_id": "93759", **kw})

    def service(**kw: object) -> EvidenceItem:
        return EvidenceItem.model_validate(
            {"kind": "asset", "label": "Bus", "organisation": "Org", "source": "r", **kw}
        )

    assert describe_changes(
        [figure(comparator="11.4")], [figure(comparator="11.9", comparison="Worse than England")]
    ) == ["Fuel poverty: compared with 11.4 → 11.9; Worse than England"]
    assert describe_changes([figure(unit="per 1,000")], [figure(value="15.0")]) == [
        "Fuel poverty: 14.2 per 1,000 → 15.0% (2023)"
    ]
    assert describe_changes([service(principles=(5,))], [service(principles=(5, 6))]) == [
        "Changed service: Bus (Org) (principles or priority groups)"
    ]
    assert describe_changes([figure(), service()], [figure(), service()]) == []
    kept = keep_cited([service(cited=True), service(label="Other")], [service(), service(label="Other")])
    assert [s.cited for s in kept] == [True, False]


def test_the_command_comes_from_the_plugin_and_goes_when_it_is_switched_off(hiap: Run, council: Path) -> None:
    answers = council / "decision.hiap.yaml"
    listed = {p["name"]: p for p in json.loads(hiap("plugins", "--json").stdout)}
    assert listed["evidence"]["commands"] == ["evidence"] and listed["housing"]["commands"] == []
    assert "evidence" in hiap("--help").stdout
    for off in (("--disable-plugin", "evidence"), ("--plugins", "housing")):
        for args in ((*off, "evidence", str(answers)), ("evidence", str(answers), *off)):
            result = hiap(*args, cwd=council)
            assert result.returncode == 2 and result.stdout == "", args
            assert result.stderr.startswith("hiap: error: unknown command 'evidence';"), result.stderr
            assert "(plugins switched off now, with their commands: " in result.stderr and "evidence" in result.stderr
        assert "    evidence" not in hiap(*off, "--help").stdout
    off = hiap("evidence", str(answers), cwd=council, env={"HIAP_DISABLE_PLUGINS": "evidence"})
    assert off.returncode == 2 and "unknown command 'evidence'" in off.stderr
    on = hiap("--plugins", "evidence", "evidence", str(answers), cwd=council)
    assert on.returncode == 0 and "First local-evidence snapshot" in on.stdout, on.stderr


def test_an_old_evidence_table_keeps_working_with_one_line_saying_how_to_update(hiap: Run, council: Path) -> None:
    config = council / "hiap.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[plugins.evidence]", "[evidence]"), encoding="utf-8")
    result = hiap("evidence", "decision.hiap.yaml", cwd=council)
    assert result.returncode == 0 and "First local-evidence snapshot" in result.stdout
    assert result.stderr == (
        f"hiap: warning: {config}:5: [evidence] is now called [plugins.evidence]; rename the table's heading "
        "(its keys stay the same)\n"
    )


def test_a_mistake_in_the_plugins_table_stops_every_command(hiap: Run, council: Path) -> None:
    config = council / "hiap.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'indicator = ["x.csv"]\n', encoding="utf-8")
    for args in (("evidence", "decision.hiap.yaml"), ("render", "decision.hiap.yaml", "--format", "md")):
        result = hiap(*args, cwd=council)
        assert result.returncode == 2 and not (council / "decision.md").exists()
        assert result.stderr == (
            f"hiap: error: {config}:8: plugins.evidence.indicator: unknown key 'indicator'; did you mean 'indicators'?\n"
        )
