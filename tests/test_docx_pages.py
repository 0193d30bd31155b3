"""Page 1 and the covering paragraph as a clerk and a councillor read them, from the Word files of
the worked examples in the house style and in council templates (python-docx reads them back)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document

from hiap import wording
from hiap.render.docx_writer import write_docx
from tests.docx_fixtures import make_arial_template, make_georgia_template
from tests.rendering import EXAMPLES, file_assessment

COUNCIL = {"name": "Borsetshire Council"}


def _example(name: str) -> Path:
    return next(p for p in EXAMPLES if p.name == f"{name}.hiap.yaml")


def _render(tmp_path: Path, name: str, template: str | None) -> Any:
    chosen = {"arial": make_arial_template, "georgia": make_georgia_template}
    path = chosen[template](tmp_path / f"{template}.docx") if template else None
    out = tmp_path / f"{name}.docx"
    write_docx(file_assessment(_example(name)), out, {"template": path, "appendix": "C", "council": COUNCIL})
    return Document(str(out))


def _section(doc: Any, title: str) -> list[Any]:
    """The paragraphs under a Heading 1, up to the next one."""
    out, inside = [], False
    for p in doc.paragraphs:
        if p.style.name == "Heading 1":
            inside = p.text == title
        elif inside:
            out.append(p)
    return out


def _page_one_actions(doc: Any) -> list[str]:
    paras = _section(doc, "Summary")
    start = next(i for i, p in enumerate(paras) if p.text == "Main actions")
    return [p.text for p in paras[start + 1 :] if p.style.name == "List Bullet"]


def _text(doc: Any) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return " ".join(" ".join([p.text for p in doc.paragraphs] + cells).split())


@pytest.mark.parametrize("template", [None, "arial", "georgia"])
def test_no_fact_the_officer_gave_is_dropped(tmp_path: Path, template: str | None) -> None:
    doc = _render(tmp_path, "kings-lynn-healthy-weight-planning", template)
    text = _text(doc)
    for fact in ("Planning and Environment, with Norfolk County Council Public Health", "Gaywood", "Planning"):
        assert fact in text, (template, fact)
    labels = {row.cells[0].text for t in doc.tables for row in t.rows}
    assert {"Kind of decision", "Directorate", "Wards affected", "Review date"} <= labels, (template, labels)


@pytest.mark.parametrize(("template", "least"), [(None, 2), ("arial", 2), ("georgia", 1)])
def test_page_one_keeps_actions_in_any_template(tmp_path: Path, template: str | None, least: int) -> None:
    """Key facts move to page 2 before the actions go; in 12 pt Georgia (DejaVu Serif in
    LibreOffice) page 1 still holds one action, where it held none."""
    for name in ("kings-lynn-with-local-evidence", "luton-temporary-accommodation", "west-norfolk-rural-transport"):
        actions = _page_one_actions(_render(tmp_path, name, template))
        assert len(actions) >= least, (name, template, actions)


def test_age_is_named_as_the_officer_wrote_it(tmp_path: Path) -> None:
    text = _text(_render(tmp_path, "luton-evening-bus-subsidy-rapid", None))
    assert "younger" not in text.casefold()
    assert "Likely to be worse off, as the assessor judged: older people and disabled people." in text
    assert "Older people" in text  # the People column of the groups table


def test_a_group_rated_mixed_is_not_called_worse_off(tmp_path: Path) -> None:
    doc = _render(tmp_path, "luton-temporary-accommodation", None)
    line = next(p.text for p in _section(doc, "Summary") if p.text.startswith("Likely to be worse off"))
    worse, _, mixed = line.partition("Mixed")
    assert "children and young people" not in worse and "children and young people" in mixed, line


def test_the_covering_paragraph_reads_when_an_action_opens_with_a_clause(tmp_path: Path) -> None:
    doc = _render(tmp_path, "luton-evening-bus-subsidy-rapid", None)
    paragraph = " ".join(p.text for p in _section(doc, "Paragraph for the covering report"))
    assert "It proposes one action: before the subsidy ends, seek" in paragraph
    assert "to before" not in paragraph


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        (["Seek replacement journeys."], "It proposes one action: to seek replacement journeys."),
        (["Before the subsidy ends, seek X"], "It proposes one action: before the subsidy ends, seek X."),
        (
            ["Review the scheme. Report in March.", "A protocol with housing"],
            "It proposes 2 actions (set out in the action plan): to review the scheme and a protocol with housing.",
        ),
        (
            ["To publish the data", "Inspect every unit", "Train staff", "Audit in 2028"],
            "It proposes 4 actions, among them (set out in the action plan): to publish the data, to inspect every "
            "unit and to train staff.",
        ),
    ],
)
def test_action_sentence(actions: list[str], expected: str) -> None:
    """Every action is named (up to three), by its first sentence: the clerk's paragraph no
    longer drops the second action, which was the mitigation for the only group worse off."""
    assert wording.proposes(actions) == expected


def test_screened_out_decision_needs_no_actions(tmp_path: Path) -> None:
    doc = _render(tmp_path, "medway-telephony-contract", None)
    text = " ".join(p.text for p in _section(doc, "Summary"))
    assert "None: the decision was screened out." in text and "yet" not in text.split("Main actions")[-1]
