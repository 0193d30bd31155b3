"""The appendix says what the assessor said, all of it, and nothing else.

Every answer in the file appears in the appendix or its annex (each free-text answer looked for
line by line in the Word text, independently of how the assessment is built); the groups
printed are the groups chosen; a draft never states a conclusion. Run on the worked examples,
the 1.0 files kept as upgrade fixtures, the core routes, and generated answer sets.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiap.answers import answers_file
from hiap.answers.values import long_date
from hiap.checklist.catalogue import Catalogue
from hiap.models.answers import AnswersFile
from hiap.models.assessment import Assessment
from hiap.pipeline import assess
from hiap.render import docx_ext as ext
from hiap.render.docx_writer import render_annex_docx, render_docx
from hiap.wording import draft_line
from tests.rendering import EXAMPLES, ROUTES, V1, answers_of, engine

OPTIONS: dict[str, Any] = {"template": None, "appendix": "C", "council": {}}
_MARKER = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")


def _words(text: str) -> str:
    return " ".join(text.split())


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a Word file, in order, whitespace collapsed."""
    doc = Document(io.BytesIO(data))
    return _words(" ".join(ext.paragraph_text(p) for p in doc.element.body.iter(qn("w:p"))))


def free_text(answers: AnswersFile, catalogue: Catalogue) -> list[tuple[str, str]]:
    """(question id, line) for every line the assessor typed: text answers, one line per group,
    the text fields of action plans and indicators, and notes."""
    out: list[tuple[str, str]] = []
    for qid, answer in answers.flat().items():
        question = catalogue.by_id.get(qid)
        kind = question.type if question is not None else None
        value = answer.value
        texts: list[str] = []
        if value is None:  # skipped: nothing typed
            texts = []
        elif kind in ("text", "longtext") or (kind is None and isinstance(value, str)):
            texts = [str(value)]
        elif kind == "each" and isinstance(value, dict):
            texts = [str(v) for v in value.values() if v]
        elif kind == "records" and question is not None and isinstance(value, list):
            text_fields = {f.id for f in question.fields if f.type in ("text", "longtext")}
            texts = [str(row[f]) for row in value for f in text_fields if row.get(f)]
        if answer.note:
            texts.append(answer.note)
        for text in texts:
            for line in str(text).splitlines():
                line = _words(_MARKER.sub("", line) if len(line.strip()) > 2 else line)
                if line:
                    out.append((qid, line))
    return out


def missing_from(answers: AnswersFile, catalogue: Catalogue, a: Assessment) -> list[str]:
    text = docx_text(render_docx(a, OPTIONS)) + " " + docx_text(render_annex_docx(a, OPTIONS))
    return [f"{qid}: {line[:60]}" for qid, line in free_text(answers, catalogue) if line not in text]


@pytest.mark.parametrize("path", [*EXAMPLES, *V1], ids=[f"{p.parent.name}/{p.name}" for p in [*EXAMPLES, *V1]])
def test_every_free_text_answer_is_in_the_appendix_or_its_annex(path: Path) -> None:
    e = engine()
    answers = answers_file.load_validated(path, e.catalogue)
    a = assess(answers, e)
    assert missing_from(answers, e.catalogue, a) == []
    # and every answer, choices included, is in the annex as given
    annex = docx_text(render_annex_docx(a, OPTIONS))
    given = [_words(re.sub(r"\b(\d{4}-\d{2}-\d{2})\b", lambda m: long_date(m[1]), q.answer)) for q in a.answered]
    assert [answer for answer in given if answer not in annex] == []


@pytest.mark.parametrize("route", list(ROUTES))
def test_every_answer_of_each_route_is_rendered(route: str) -> None:
    e = engine(plugins=False)
    answers = answers_of(ROUTES[route])
    a = assess(answers, e)
    assert missing_from(answers, e.catalogue, a) == []


_TEXT = st.text(
    alphabet=st.characters(
        whitelist_categories=("Lu", "Ll", "Nd", "Zs", "Po", "Pd", "Ps", "Pe", "Sm", "Sc"), max_codepoint=0x2FFF
    ),
    min_size=3,
    max_size=80,
).filter(lambda t: len(t.split()) > 0 and len(t.strip()) > 2)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    route=st.sampled_from(["rapid", "full"]),
    texts=st.lists(_TEXT, min_size=1, max_size=4),
    lines=st.integers(min_value=1, max_value=3),
)
def test_generated_answers_are_all_rendered(route: str, texts: list[str], lines: int) -> None:
    """Whatever an officer types, in any free-text answer the route asks, is in the documents."""
    e = engine(plugins=False)
    values = dict(ROUTES[route])
    typed = [q for q in e.catalogue.questions if q.type == "longtext" and q.id in values]
    for index, question in enumerate(typed):
        chunk = texts[index % len(texts)]
        values[question.id] = "\n".join([chunk] * lines) if index % 2 else chunk
    answers = answers_of(values)
    a = assess(answers, e)
    assert missing_from(answers, e.catalogue, a) == []


def test_groups_printed_are_the_groups_chosen() -> None:
    e = engine()
    for path in EXAMPLES:
        a = assess(answers_file.load_validated(path, e.catalogue), e)
        chosen = set(e.catalogue.roles.value("groups_adverse", _values(path)) or []) | set(
            e.catalogue.roles.value("groups_positive", _values(path)) or []
        )
        assert {g.id for g in a.groups} == chosen
        doc = Document(io.BytesIO(render_docx(a, OPTIONS)))
        for table in doc.tables:
            header = [c.text for c in table.rows[0].cells]
            if header[:2] == ["People", "How they are affected"]:
                assert len(table.rows) - 1 == len(chosen)


def _values(path: Path) -> dict[str, Any]:
    e = engine()
    answers = answers_file.load_validated(path, e.catalogue)
    from hiap.checklist.route import route

    return route(e.catalogue, answers.values()).values


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_an_example_without_its_required_answers_reaches_no_conclusion(path: Path) -> None:
    e = engine()
    answers = answers_file.load_validated(path, e.catalogue)
    for question in e.catalogue.roles.required:
        if question.asked_in == "assess" and question.role not in ("title",):
            answers.answers.pop(question.id, None)
            answers.decision.pop(question.id.removeprefix("decision."), None)
    a = assess(answers, e)
    assert a.draft and a.to_answer > 0
    text = docx_text(render_docx(a, OPTIONS))
    line = draft_line(a.to_answer, len(a.missing) - a.to_answer)
    assert text.startswith("Appendix C: Health in All Policies assessment (draft)")
    assert line in text  # on page 1 (the status) and in the paragraph for the covering report
    assert f"{line}. A Health in All Policies assessment of this decision" in text
    assert "No conclusion has been reached yet." in text
    assert "Overall conclusion" not in text and "Its overall conclusion is" not in text
