"""The local_evidence hook, run through hiap's test kit as any plugin's would be."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from evidence_files import fingertips_bytes, row

from hiap import pipeline
from hiap.pipeline import render_to

NAME = "evidence"
KL, ENGLAND, BRECKLAND = "E07000146", "E92000001", "E07000143"
REGISTER = [
    [
        "What is the name of your organisation?",
        "What is the name of the service/project/activity you are describing?",
        "Which group(s) does the service prioritise? (select all that apply)",
        "Which of the following Marmot Principles best describes the focus of your service (select all that apply)?",
    ],
    [
        "Lynn Business Advice",
        "Advice for new food businesses",
        "Ethnic minority communities;",
        "Create fair employment and good work for all; Tackle discrimination, racism and their outcomes;",
    ],
    [
        "Village Bus",
        "Outreach bus",
        "Rural residents; Older people;",
        "Create and develop healthy and sustainable places and communities;",
    ],
]


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Write an export, a register and a hiap.toml naming them; point HIAP_CONFIG at it."""

    def make(rows: list[dict[str, str]] | None = None, extra: str = "") -> Path:
        folder = tmp_path / "council"
        folder.mkdir(exist_ok=True)
        (folder / "export.csv").write_bytes(
            fingertips_bytes(
                rows
                or [
                    row("90366", KL, "2021 - 23", 72.1, compared_to_england_value_or_percentiles="Worse 95%"),
                    row("90366", ENGLAND, "2021 - 23", 79.1),
                    row("90366", BRECKLAND, "2021 - 23", 81.9),
                    row("93759", KL, "2023", 14.2, sex="Not applicable", age="Not applicable"),
                ]
            )
        )
        out = io.StringIO()
        csv.writer(out).writerows(REGISTER)
        (folder / "register.csv").write_text(out.getvalue(), encoding="utf-8")
        config = folder / "hiap.toml"
        config.write_text(
            '[council]\nname = "Test council"\narea_code = "E07000146"\n\n'
            f'[plugins.evidence]\nindicators = ["export.csv"]\nassets = ["register.csv"]\n{extra}',
            encoding="utf-8",
        )
        monkeypatch.setenv("HIAP_CONFIG", str(config))
        monkeypatch.setenv("HIAP_CONFIG_DIR", str(tmp_path / "no-user-config"))
        return folder

    return make


def offered(kit: Any) -> list[Any]:
    return pipeline.local_evidence(kit.engine, kit.answers({}))


def test_keeps_the_plugin_contract(hiap_kit: Any, configured: Callable[..., Path]) -> None:
    configured()
    kit = hiap_kit(NAME)
    kit.assert_contract()
    assert offered(kit) and not kit.problems


def test_offers_the_areas_figures_and_the_registers_services(hiap_kit: Any, configured: Callable[..., Path]) -> None:
    configured()
    kit = hiap_kit(NAME)
    items = offered(kit)
    indicators = [i for i in items if i.kind == "indicator"]
    assert [(i.indicator_id, i.value, i.comparator, i.origin) for i in indicators] == [
        ("93759", "14.2", None, NAME),
        ("90366", "72.1", "79.1", NAME),
    ]
    assert "81.9" not in str([i.model_dump() for i in items])
    assets = {i.label: i for i in items if i.kind == "asset"}
    assert assets["Advice for new food businesses"].principles == (3, 7)
    assert assets["Advice for new food businesses"].groups == ("race",)
    assert assets["Outreach bus"].groups == ("rural", "age") and not assets["Outreach bus"].cited


def test_without_configuration_it_offers_nothing(
    hiap_kit: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HIAP_CONFIG", raising=False)
    monkeypatch.setenv("HIAP_CONFIG_DIR", str(tmp_path / "empty"))
    monkeypatch.chdir(tmp_path)
    kit = hiap_kit(NAME)
    assert offered(kit) == [] and kit.problems == []


def test_a_malformed_export_is_reported_against_the_plugin_by_file_and_row(
    hiap_kit: Any, configured: Callable[..., Path]
) -> None:
    folder = configured([row("90366", KL, "2021 - 23", 72.1), row("90366", ENGLAND, "2021 - 23", "n/a")])
    kit = hiap_kit(NAME)
    assert offered(kit) == []
    assert kit.problems == [
        f"plugin 'evidence' failed in local_evidence: InputError: {folder / 'export.csv'}:3: Value 'n/a' is not a "
        "number; download it again from Fingertips (Export table or Download data, as CSV) and do not edit figures "
        "by hand"
    ]


def test_a_missing_file_names_the_setting_to_fix(hiap_kit: Any, configured: Callable[..., Path]) -> None:
    folder = configured()
    (folder / "register.csv").unlink()
    kit = hiap_kit(NAME)
    offered(kit)
    (problem,) = kit.problems
    assert f"{folder / 'hiap.toml'}:7: plugins.evidence.assets: no such file '{folder / 'register.csv'}'" in problem


def test_a_council_mapping_relabels_and_adds_indicators(hiap_kit: Any, configured: Callable[..., Path]) -> None:
    folder = configured(
        [row("90366", KL, "2021 - 23", 72.1), row("90323", KL, "2023/24", 24.3, sex="Persons")],
        extra='mapping = "local-mapping.yaml"\n',
    )
    (folder / "local-mapping.yaml").write_text(
        "indicators:\n"
        "  90366: {label: Life expectancy (men and women), principles: [6, 1], unit: years}\n"
        "  90323: {label: 'Year 6: obesity', principles: [6], unit: '%'}\n",
        encoding="utf-8",
    )
    kit = hiap_kit(NAME)
    found = {i.indicator_id: i for i in offered(kit) if i.kind == "indicator"}
    assert found["90366"].label == "Life expectancy (men and women)" and found["90366"].principles == (1, 6)
    assert (found["90323"].label, found["90323"].value) == ("Year 6: obesity", "24.3")


def test_the_snapshot_is_rendered_beside_the_right_principle(
    hiap_kit: Any, configured: Callable[..., Path], tmp_path: Path
) -> None:
    configured()
    kit = hiap_kit(NAME)
    answers = kit.answers({})
    pipeline.snapshot_evidence(answers, offered(kit), taken="2026-11-01T00:00:00Z", area_code=KL)
    out = render_to(kit.engine, pipeline.assess(answers, kit.engine), "md", tmp_path / "out.md")
    text = out.read_text(encoding="utf-8")
    six = text.split("*Table: Local context for principle 6*", 1)[1].split("###", 1)[0]
    assert "Life expectancy at birth (Male, All ages) | 72.1 years (King's Lynn and West Norfolk) | 79.1" in six
    assert "Worse than England" in six and "Fuel poverty" not in six
    four = text.split("*Table: Local context for principle 4*", 1)[1].split("###", 1)[0]
    assert "Fuel poverty" in four and "Life expectancy" not in four
