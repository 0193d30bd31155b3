"""The Wales plugin, tested with hiap's test kit as a third party's plugin would be, and through
the CLI on its worked example, as an officer would use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

NAME = "wales"
PACKAGE = Path(__file__).parents[1] / "src" / "hiap_wales"
EXAMPLE = Path(__file__).parents[3] / "examples" / "blaenau-gwent-post16-travel.hiap.yaml"
TITLE = "Integrated Impact Assessment (Wales)"

#: A rapid decision's core answers (four principles, one harm mitigated), as an officer gives them.
RAPID: dict[str, Any] = {
    "decision.title": "Withdrawing the post-16 travel grant",
    "decision.kind": ["budget"],
    "decision.summary": "Withdraw the £150 post-16 travel grant from September 2027.",
    "decision.lead_officer": "Education transport manager",
    "decision.decision_maker": "Cabinet",
    "decision.meeting_date": "2027-03-10",
    "decision.nation": "wales",
    "screening.principles": ["2", "3", "4", "8"],
    "screening.gradient": "falls_on_deprived",
    "screening.groups_differ": "likely",
    "screening.route": "rapid",
    "screening.route_reason": "A contained saving with known users.",
    "screening.sectors": ["education", "income_benefits"],
    "decision.wards": "Borough-wide",
    "p2.effect": "uncertain",
    "p2.reasoning": "Not known whether learners would leave.",
    "p3.effect": "neutral",
    "p3.reasoning": "No direct effect on jobs.",
    "p4.effect": "minor_negative",
    "p4.reasoning": "A larger share of a low income.",
    "p4.mitigation": "Keep the grant for EMA-eligible learners.",
    "p4.residual": "none",
    "p8.effect": "uncertain",
    "p8.reasoning": "Some may switch to car lifts.",
    "groups.adverse": ["low_income", "children_young_people"],
    "groups.positive": [],
    "groups.effects": {"low_income": "Pays most.", "children_young_people": "16 and 17-year-olds lose support."},
    "groups.psed": "Considered each aim.",
    "evidence.engagement": "planned",
    "actions.plan": [{"action": "Keep the grant for EMA-eligible learners"}],
    "actions.conclusion": "adjust",
    "monitoring.review_date": "2028-03-31",
}
WALES_RAPID: dict[str, Any] = {
    "wales.strategic": "strategic",
    "wales.goals": ["sets_back_more_equal"],
    "wales.sed_how": "It would widen gaps; the grant is kept for EMA-eligible learners.",
    "wales.language_effects": "adverse",
    "wales.language_shaping": "Keep the grant for Welsh-medium learners.",
    "wales.children_rights": "in_this",
}
FULL_EXTRA: dict[str, Any] = {
    "screening.route": "full",
    "screening.principles": ["1", "2", "3", "4", "5", "6"],
    "wales.strategic": "strategic_hia",
    "wales.ways_of_working": ["long_term", "prevention", "involvement"],
    "wales.objectives": "Objective 2: every child the best start.",
    "wales.children_voice": "The youth forum asked for the grant to stay; it stays for those in need.",
    "wales.hia_publication": "With the Cabinet report and on the impact assessment page.",
}


def _config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str | None) -> None:
    """Run as a council with this hiap.toml (or with none at all)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HIAP_CONFIG_DIR", str(tmp_path / "no-user-config"))
    monkeypatch.delenv("HIAP_CONFIG", raising=False)
    if text is not None:
        (tmp_path / "hiap.toml").write_text(text, encoding="utf-8")


def _mine(kit: Any) -> list[Any]:
    return [q for q in kit.catalogue.questions if q.origin == NAME]


def _answers_of(kit: Any, entries: dict[str, Any]) -> int:
    """Answers this plugin asks for on the route these entries take, as 'hiap outline' counts them."""
    from hiap.interview.engine import outline

    found = outline(kit.catalogue, entries)
    return sum(e.fields for e in found.entries + found.maybe if e.question.origin == NAME)


# -- switched on by the decision's nation; switched off by configuring another -------------------


def _asked(kit: Any, entries: dict[str, Any]) -> list[str]:
    """This plugin's questions that apply on the route these entries take (``route``)."""
    from hiap.checklist.route import route

    return [q.id for q in route(kit.catalogue, entries).questions if q.origin == NAME]


@pytest.mark.parametrize("council", ['nation = "wales"', 'area_code = "W06000019"'])
def test_a_council_in_wales_gets_the_bank(hiap_kit, tmp_path, monkeypatch, council):
    _config(tmp_path, monkeypatch, f"[council]\n{council}\n")
    kit = hiap_kit(NAME)
    assert kit.catalogue.by_id["wales.strategic"].required
    asked = _asked(kit, {**RAPID, **WALES_RAPID})
    assert asked[0] == "wales.strategic" and "wales.language_effects" in asked and "wales.sed_how" in asked
    assert _answers_of(kit, {**RAPID, **WALES_RAPID}) == 6
    from hiap.pipeline import guidance

    assert [g.title for g in guidance(kit.engine, kit.catalogue.by_id["groups.socio_economic"])] == ["In Wales"]


@pytest.mark.parametrize(
    "council", ['nation = "england"', 'nation = "scotland"', 'nation = "northern_ireland"', 'area_code = "E06000032"']
)
def test_a_council_elsewhere_gets_nothing_from_the_plugin(hiap_kit, tmp_path, monkeypatch, council):
    _config(tmp_path, monkeypatch, f"[council]\n{council}\n")
    kit = hiap_kit(NAME)
    assert _mine(kit) == []
    assert "welsh_speakers" not in kit.catalogue.groups
    from hiap.pipeline import guidance

    assert guidance(kit.engine, kit.catalogue.by_id["groups.socio_economic"]) == []


def test_with_no_nation_configured_the_decisions_own_nation_decides(hiap_kit, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, None)
    kit = hiap_kit(NAME)
    english = {**RAPID, "decision.nation": "england"}
    assert _asked(kit, english) == [] and _answers_of(kit, english) == 0
    screened = {
        **english,
        "screening.principles": ["none"],
        "screening.groups_differ": "unlikely",
        "screening.route": "none",
    }
    assert _asked(kit, screened) == [], "an English decision screened out is not asked about Welsh"
    assert _asked(kit, {**screened, "decision.nation": "wales"}) == ["wales.screened_language"]
    welsh = {**RAPID, **WALES_RAPID}
    assert _asked(kit, welsh)[0] == "wales.strategic" and kit.catalogue.by_id["wales.strategic"].required
    assert _answers_of(kit, welsh) == 6
    # answers given while the decision was Welsh stop counting if its nation is changed
    assert _answers_of(kit, {**welsh, "decision.nation": "england"}) == 0


def test_with_no_nation_configured_hiap_outline_asks_an_english_file_nothing_welsh(tmp_path):
    """The worked example, and the same file as an English decision, through ``hiap outline``."""
    welsh = json.loads(_hiap("outline", str(EXAMPLE), "--json", cwd=tmp_path).stdout)
    assert sum(q["fields"] for q in welsh["questions"] if q["id"].startswith("wales.")) == 6
    english = tmp_path / "english.hiap.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "  nation: wales\n" in text
    english.write_text(text.replace("  nation: wales\n", "  nation: england\n"), encoding="utf-8")
    found = json.loads(_hiap("outline", str(english), "--json", cwd=tmp_path).stdout)
    listed = [q["id"] for q in found["questions"] + found["may_still_come"]]
    assert listed and not [q for q in listed if q.startswith(("wales.", "scotland."))]
    assert found["answered"] == welsh["answered"] - 6


# -- a sourced bank, within the proportion targets ---------------------------------------------


def test_is_a_sourced_bank_with_help_in_three_parts(hiap_kit, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, '[council]\nnation = "wales"\n')
    kit = hiap_kit(NAME)
    kit.assert_question_bank(min_questions=8, min_indicators=3)
    questions = _mine(kit)
    assert len([q for q in questions if q.sources]) >= 8
    for q in questions:
        assert len(q.help.split()) < 60, f"{q.id}: help is {len(q.help.split())} words"
        assert q.look and q.why and q.reviewed == "2026-12-07", q.id
        assert all(s.url and s.url.startswith("https://") for s in q.sources), q.id
        assert not any(o.scores for o in q.options), "duties are recorded, never scored as ratings"


def test_answers_asked_per_route_stay_within_the_targets(hiap_kit, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, '[council]\nnation = "wales"\n')
    kit = hiap_kit(NAME)
    rapid = _answers_of(kit, {**RAPID, **WALES_RAPID})
    full = _answers_of(kit, {**RAPID, **WALES_RAPID, **FULL_EXTRA})
    routine = _answers_of(
        kit,
        {**RAPID, "wales.strategic": "not_strategic", "screening.sectors": ["leisure_culture"], "groups.adverse": []},
    )
    screened = _answers_of(
        kit,
        {
            **{k: v for k, v in RAPID.items() if k.startswith("decision.")},
            "screening.principles": ["none"],
            "screening.gradient": "even",
            "screening.groups_differ": "unlikely",
            "screening.route": "none",
        },
    )
    assert 4 <= rapid <= 6, rapid
    assert 6 <= full <= 10, full
    assert routine == 4, routine  # strategic?, goals, and the two Welsh language questions
    assert screened == 1, screened  # the Welsh language standards apply to every policy decision


def test_every_guidance_entry_names_a_core_question_and_speaks_for_wales(hiap_kit, tmp_path, monkeypatch):
    from hiap import yamlio
    from hiap.pipeline import guidance

    _config(tmp_path, monkeypatch, '[council]\nnation = "wales"\n')
    kit = hiap_kit(NAME)
    entries = yamlio.load(PACKAGE / "guidance.yaml", what="guidance").data
    for qid in entries:
        assert qid in kit.catalogue.by_id and kit.catalogue.by_id[qid].origin == "core", qid
    found = guidance(kit.engine, kit.catalogue.by_id["groups.socio_economic"])
    assert [g.title for g in found] == ["In Wales"]
    assert "31 March 2021" in found[0].text


# -- the document -------------------------------------------------------------------------------


def test_the_document_carries_an_integrated_impact_assessment(hiap_kit, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, '[council]\nnation = "wales"\n')
    kit = hiap_kit(NAME)
    values = {**RAPID, **WALES_RAPID, **FULL_EXTRA}
    text = kit.document_text(kit.document(values, kind=["budget"], sectors=values["screening.sectors"], route="full"))
    assert TITLE in text
    assert "A more equal Wales" in text and "Could set back" in text
    assert "Long term" in text and "Not recorded: a gap to explain" in text  # collaboration unticked
    assert "With the Cabinet report and on the impact assessment page." in text
    assert "this assessment is intended as the health impact assessment" in text and "s108(3)(b)" in text
    assert "Children and Families (Wales) Measure 2010, s12" in text  # a participation duty, not good practice


def test_a_screened_out_decision_still_records_the_welsh_language(hiap_kit, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, '[council]\nnation = "wales"\n')
    kit = hiap_kit(NAME)
    values = {
        "decision.nation": "wales",
        "screening.principles": ["none"],
        "screening.route": "none",
        "wales.screened_language": "An internal contract: no effect on the use of Welsh.",
    }
    text = kit.document_text(kit.document(values, kind="commissioning", sectors=[], route="none"))
    assert TITLE in text and "An internal contract: no effect on the use of Welsh." in text


def test_an_english_decision_gets_no_welsh_section(hiap_kit, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, None)
    kit = hiap_kit(NAME)
    values = {**RAPID, **WALES_RAPID}
    text = kit.document_text(kit.document(values, kind=["budget"], sectors=values["screening.sectors"], route="rapid"))
    assert TITLE in text
    values["decision.nation"] = "england"  # the Welsh answers stay in the file but no longer count
    text = kit.document_text(kit.document(values, kind=["budget"], sectors=values["screening.sectors"], route="rapid"))
    assert TITLE not in text
    screened = {"decision.nation": "england", "screening.principles": ["none"], "screening.route": "none"}
    text = kit.document_text(kit.document(screened, kind="commissioning", sectors=[], route="none"))
    assert TITLE not in text


# -- the worked example, through the CLI ---------------------------------------------------------


def _hiap(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "NO_COLOR": "1", "HIAP_CONFIG_DIR": str(cwd / "no-user-config"), **(env or {})}
    for name in ("HIAP_CONFIG", "HIAP_PLUGINS", "HIAP_DISABLE_PLUGINS", "HIAP_DEBUG"):
        full.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "hiap", *args], capture_output=True, text=True, cwd=cwd, env=full, timeout=120
    )


def test_the_example_checks_and_stays_a_rapid_assessment_within_target(tmp_path):
    checked = _hiap("check", str(EXAMPLE), cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    found = json.loads(_hiap("outline", str(EXAMPLE), "--json", cwd=tmp_path).stdout)
    assert found["depth"] == "rapid" and len(found["principles"]) >= 4
    assert found["remaining"] == 0 and not found["may_still_come"]
    assert found["answered"] <= 40, found["answered"]
    welsh = sum(q["fields"] for q in found["questions"] if q["id"].startswith("wales."))
    assert 4 <= welsh <= 6, welsh


def test_the_example_renders_with_the_welsh_section_from_any_folder(tmp_path):
    import docx

    out = tmp_path / "blaenau-gwent.docx"
    done = _hiap("render", str(EXAMPLE), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert TITLE in headings and "Welsh language" in headings
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Could set back" in cells and "Adverse effects" in cells


def test_a_council_configured_as_welsh_renders_the_example_the_same_way(tmp_path):
    (tmp_path / "hiap.toml").write_text('[council]\nnation = "wales"\n', encoding="utf-8")
    found = json.loads(_hiap("outline", str(EXAMPLE), "--json", cwd=tmp_path).stdout)
    assert found["remaining"] == 0 and found["answered"] <= 40
    assert not any(q["id"].startswith("scotland.") for q in found["questions"])


def test_a_nation_hiap_does_not_know_is_one_line_naming_the_key(tmp_path):
    (tmp_path / "hiap.toml").write_text('[council]\nname = "Blaenau Gwent"\nnation = "Cymru"\n', encoding="utf-8")
    done = _hiap("config", cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "hiap.toml:3" in lines[0] and "council.nation" in lines[0]
    assert "wales" in lines[0] and "Traceback" not in done.stderr
