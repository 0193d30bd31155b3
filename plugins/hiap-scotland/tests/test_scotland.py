"""The Scotland plugin, tested with hiap's test kit as a third party's plugin would be, and
through the CLI on its worked example, as an officer would use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

NAME = "scotland"
PACKAGE = Path(__file__).parents[1] / "src" / "hiap_scotland"
EXAMPLE = Path(__file__).parents[3] / "examples" / "north-ayrshire-holiday-food-clothing-grant.hiap.yaml"
TITLE = "Equality, Fairer Scotland and children's rights (Scotland)"

#: A rapid decision's core answers (four principles, one harm mitigated), as an officer gives them.
RAPID: dict[str, Any] = {
    "decision.title": "Holiday food programme",
    "decision.kind": ["budget"],
    "decision.summary": "Fund holiday food and activities for children on free school meals.",
    "decision.lead_officer": "Child poverty lead",
    "decision.decision_maker": "Cabinet",
    "decision.meeting_date": "2027-06-15",
    "decision.nation": "scotland",
    "screening.principles": ["1", "2", "4", "5"],
    "screening.gradient": "targeted",
    "screening.groups_differ": "likely",
    "screening.route": "rapid",
    "screening.route_reason": "A targeted programme with known users.",
    "screening.sectors": ["food", "income_benefits"],
    "decision.wards": "All wards",
    "p1.effect": "minor_positive",
    "p1.reasoning": "Children eat well in the holidays.",
    "p2.effect": "minor_positive",
    "p2.reasoning": "Less learning loss.",
    "p4.effect": "minor_positive",
    "p4.reasoning": "Lower food costs.",
    "p5.effect": "mixed",
    "p5.reasoning": "Fewer venues on the islands.",
    "p5.mitigation": "Fund island delivery at its true cost.",
    "p5.residual": "none",
    "groups.adverse": ["island_communities"],
    "groups.positive": ["children_poverty"],
    "groups.effects": {"island_communities": "Fewer sessions.", "children_poverty": "Fed in the holidays."},
    "groups.psed": "Considered each aim.",
    "evidence.engagement": "done",
    "evidence.engagement_summary": "Pupil councils were asked.",
    "actions.plan": [{"action": "Fund island delivery"}],
    "actions.conclusion": "adjust",
    "monitoring.review_date": "2028-06-30",
}
SCOTLAND_RAPID: dict[str, Any] = {
    "scotland.strategic": "strategic",
    "scotland.evidence": ["simd", "income", "lived_experience"],
    "scotland.improve": "It targets low income; island delivery is funded at its true cost.",
    "scotland.publication": "both",
    "scotland.crwia_rights": ["art3", "art26_27"],
    "scotland.crwia_effect": "positive",
    "scotland.island_effect": "different",
    "scotland.icia": "Ferry costs are paid for island providers.",
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


@pytest.mark.parametrize("council", ['nation = "scotland"', 'area_code = "S12000021"'])
def test_a_council_in_scotland_gets_the_bank(hiap_kit, tmp_path, monkeypatch, council):
    _config(tmp_path, monkeypatch, f"[council]\n{council}\n")
    kit = hiap_kit(NAME)
    assert kit.catalogue.by_id["scotland.strategic"].required
    asked = _asked(kit, {**RAPID, **SCOTLAND_RAPID})
    assert asked[0] == "scotland.strategic" and "scotland.improve" in asked and "scotland.icia" in asked
    assert _answers_of(kit, {**RAPID, **SCOTLAND_RAPID}) == 8
    from hiap.pipeline import guidance

    found = guidance(kit.engine, kit.catalogue.by_id["groups.socio_economic"])
    assert [g.title for g in found] == ["In Scotland"]


@pytest.mark.parametrize(
    "council", ['nation = "england"', 'nation = "wales"', 'nation = "northern_ireland"', 'area_code = "E06000032"']
)
def test_a_council_elsewhere_gets_nothing_from_the_plugin(hiap_kit, tmp_path, monkeypatch, council):
    _config(tmp_path, monkeypatch, f"[council]\n{council}\n")
    kit = hiap_kit(NAME)
    assert _mine(kit) == []
    assert "island_communities" not in kit.catalogue.groups
    from hiap.pipeline import guidance

    assert guidance(kit.engine, kit.catalogue.by_id["groups.socio_economic"]) == []


def test_with_no_nation_configured_the_decisions_own_nation_decides(hiap_kit, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, None)
    kit = hiap_kit(NAME)
    english = {**RAPID, "decision.nation": "england"}
    assert _asked(kit, english) == [] and _answers_of(kit, english) == 0
    scottish = {**RAPID, **SCOTLAND_RAPID}
    assert _asked(kit, scottish)[0] == "scotland.strategic" and kit.catalogue.by_id["scotland.strategic"].required
    assert _answers_of(kit, scottish) == 8
    # answers given while the decision was Scottish stop counting if its nation is changed
    assert _answers_of(kit, {**scottish, "decision.nation": "england"}) == 0


def test_with_no_nation_configured_hiap_outline_asks_an_english_file_nothing_scottish(tmp_path):
    """The worked example, and the same file as an English decision, through ``hiap outline``."""
    scottish = json.loads(_hiap("outline", str(EXAMPLE), "--json", cwd=tmp_path).stdout)
    asked = sum(q["fields"] for q in scottish["questions"] if q["id"].startswith("scotland."))
    assert asked == 10
    english = tmp_path / "english.hiap.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "  nation: scotland\n" in text
    english.write_text(text.replace("  nation: scotland\n", "  nation: england\n"), encoding="utf-8")
    found = json.loads(_hiap("outline", str(english), "--json", cwd=tmp_path).stdout)
    listed = [q["id"] for q in found["questions"] + found["may_still_come"]]
    assert listed and not [q for q in listed if q.startswith(("wales.", "scotland."))]
    assert found["answered"] == scottish["answered"] - asked


# -- a sourced bank, within the proportion targets ---------------------------------------------


def test_is_a_sourced_bank_with_help_in_three_parts(hiap_kit, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, '[council]\nnation = "scotland"\n')
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
    _config(tmp_path, monkeypatch, '[council]\nnation = "scotland"\n')
    kit = hiap_kit(NAME)
    no_islands = {**RAPID, "groups.adverse": [], "groups.effects": {"children_poverty": "Fed."}}
    rapid = _answers_of(kit, {**no_islands, **SCOTLAND_RAPID})
    full = _answers_of(
        kit,
        {
            **RAPID,
            **SCOTLAND_RAPID,
            "screening.route": "full",
            "scotland.disadvantage": ["low_income"],
            "scotland.crwia_views": "Pupil councils asked for sessions near home.",
            "scotland.local_plan": "advances",
        },
    )
    routine = _answers_of(
        kit,
        {
            **no_islands,
            "groups.positive": [],
            "screening.sectors": ["leisure_culture"],
            "scotland.strategic": "not_strategic",
            "scotland.not_required": "A routine renewal.",
        },
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
    assert routine == 4, routine  # stage 1, the declaration's rationale, evidence, publication
    assert screened == 0, screened  # the screening reason is the declaration's rationale


def test_every_guidance_entry_names_a_core_question_and_speaks_for_scotland(hiap_kit, tmp_path, monkeypatch):
    from hiap import yamlio
    from hiap.pipeline import guidance

    _config(tmp_path, monkeypatch, '[council]\nnation = "scotland"\n')
    kit = hiap_kit(NAME)
    entries = yamlio.load(PACKAGE / "guidance.yaml", what="guidance").data
    for qid in entries:
        assert qid in kit.catalogue.by_id and kit.catalogue.by_id[qid].origin == "core", qid
    found = guidance(kit.engine, kit.catalogue.by_id["groups.socio_economic"])
    assert [g.title for g in found] == ["In Scotland"]
    assert "1 April 2018" in found[0].text


# -- the document -------------------------------------------------------------------------------


def test_a_strategic_decision_shows_the_five_stages_and_the_children_and_islands(hiap_kit, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, '[council]\nnation = "scotland"\n')
    kit = hiap_kit(NAME)
    values = {**RAPID, **SCOTLAND_RAPID}
    text = kit.document_text(kit.document(values, kind=["budget"], sectors=values["screening.sectors"], route="rapid"))
    assert TITLE in text
    for stage in ("1. Planning", "2. Evidence", "3. Assessment and improvement", "4. Decision", "5. Publication"):
        assert stage in text
    assert "It targets low income; island delivery is funded at its true cost." in text
    assert "Not yet confirmed" in text  # stage 4 is confirmed at sign-off, not by the assessor
    assert "voluntary good practice" in text and "s6" in text
    assert "Ferry costs are paid for island providers." in text


def test_the_equality_assessment_files_the_chosen_groups_under_their_characteristic(hiap_kit, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, '[council]\nnation = "scotland"\n')
    kit = hiap_kit(NAME)
    values = {
        **RAPID,
        **SCOTLAND_RAPID,
        "groups.positive": ["children_young_people", "lone_parents", "limited_english", "disability"],
        "groups.effects": {
            "island_communities": "Fewer sessions.",
            "children_young_people": "Fed in the holidays.",
            "lone_parents": "Childcare in the holidays.",
            "limited_english": "Paid automatically.",
            "disability": "Funded support.",
        },
    }
    text = kit.document_text(kit.document(values, kind=["budget"], sectors=values["screening.sectors"], route="rapid"))
    assert "Age: children and young people." in text
    assert "Sex: lone parents." in text
    assert "Race: people with limited English or low literacy." in text
    assert "Disability: disabled people." in text
    # only the groups the officer chose are named: never the characteristic's own group
    assert "women and men" not in text and "older and younger people" not in text
    assert "people from ethnic minority groups" not in text


def test_an_island_effect_not_significantly_different_prints_the_duty_to_publish_reasons(
    hiap_kit, tmp_path, monkeypatch
):
    _config(tmp_path, monkeypatch, '[council]\nnation = "scotland"\n')
    kit = hiap_kit(NAME)
    question = kit.catalogue.by_id["scotland.island_effect"]
    options = {o.value: o for o in question.options}
    assert "s8(4)" in (options["not_different"].help or "") and "publish" in options["not_different"].label
    assert "listed in the Act's schedule" in options["different"].label  # an ICIA binds relevant authorities only
    values = {**RAPID, **SCOTLAND_RAPID, "scotland.island_effect": "not_different"}
    del values["scotland.icia"]
    text = kit.document_text(kit.document(values, kind=["budget"], sectors=values["screening.sectors"], route="rapid"))
    assert "must publish an explanation of its reasons for not preparing one" in text and "(s8(4))" in text
    values["scotland.island_effect"] = "different"
    values["scotland.icia"] = "Ferry costs are paid for island providers."
    text = kit.document_text(kit.document(values, kind=["budget"], sectors=values["screening.sectors"], route="rapid"))
    assert "s8(4)" not in text


def test_a_decision_that_is_not_strategic_gets_the_declaration(hiap_kit, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, '[council]\nnation = "scotland"\n')
    kit = hiap_kit(NAME)
    values = {
        **RAPID,
        "scotland.strategic": "not_strategic",
        "scotland.not_required": "A like-for-like renewal of an existing contract.",
        "scotland.evidence": ["service_data"],
        "scotland.publication": "web_page",
    }
    text = kit.document_text(kit.document(values, kind=["budget"], sectors=values["screening.sectors"], route="rapid"))
    assert "assessment not required declaration" in text
    assert "A like-for-like renewal of an existing contract." in text
    assert "Not yet authorised: the approver confirms it at sign-off" in text


def test_a_screened_out_decision_gets_the_declaration_from_its_reason(hiap_kit, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, '[council]\nnation = "scotland"\n')
    kit = hiap_kit(NAME)
    values = {
        "decision.nation": "scotland",
        "screening.principles": ["none"],
        "screening.route": "none",
        "screening.route_reason": "An internal telephony contract on the same terms.",
    }
    text = kit.document_text(kit.document(values, kind="commissioning", sectors=[], route="none"))
    assert TITLE in text and "An internal telephony contract on the same terms." in text


def test_an_english_decision_gets_no_scottish_section(hiap_kit, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, None)
    kit = hiap_kit(NAME)
    values = {**RAPID, **SCOTLAND_RAPID}
    text = kit.document_text(kit.document(values, kind=["budget"], sectors=values["screening.sectors"], route="rapid"))
    assert TITLE in text
    values["decision.nation"] = "england"  # the Scottish answers stay in the file but no longer count
    text = kit.document_text(kit.document(values, kind=["budget"], sectors=values["screening.sectors"], route="rapid"))
    assert TITLE not in text
    screened = {
        "decision.nation": "england",
        "screening.principles": ["none"],
        "screening.route": "none",
        "screening.route_reason": "An internal telephony contract on the same terms.",
    }
    text = kit.document_text(kit.document(screened, kind="commissioning", sectors=[], route="none"))
    assert TITLE not in text, "no Fairer Scotland declaration for an English decision screened out"


# -- the worked example, through the CLI ---------------------------------------------------------


def _hiap(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "HIAP_CONFIG_DIR": str(cwd / "no-user-config")}
    for name in ("HIAP_CONFIG", "HIAP_PLUGINS", "HIAP_DISABLE_PLUGINS", "HIAP_DEBUG"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "hiap", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def test_the_example_checks_and_stays_a_full_assessment_within_target(tmp_path):
    checked = _hiap("check", str(EXAMPLE), cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    found = json.loads(_hiap("outline", str(EXAMPLE), "--json", cwd=tmp_path).stdout)
    assert found["depth"] == "full" and len(found["principles"]) >= 6
    assert found["remaining"] == 0 and not found["may_still_come"]
    assert found["answered"] <= 90, found["answered"]
    scottish = sum(q["fields"] for q in found["questions"] if q["id"].startswith("scotland."))
    assert 6 <= scottish <= 10, scottish


def test_the_example_renders_with_the_scottish_section_from_any_folder(tmp_path):
    import docx

    out = tmp_path / "north-ayrshire.docx"
    done = _hiap("render", str(EXAMPLE), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert TITLE in headings and "Island communities" in headings and "Children's rights and wellbeing" in headings
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "5. Publication" in cells and "Positive" in cells


def test_checklists_json_lists_both_nations_with_sourced_questions(tmp_path):
    data = json.loads(_hiap("checklists", "--json", cwd=tmp_path).stdout)
    for nation in ("wales", "scotland"):
        questions = [q for c in data if c["source"] == nation for s in c["sections"] for q in s["questions"]]
        assert len([q for q in questions if q["sources"]]) >= 8, nation
