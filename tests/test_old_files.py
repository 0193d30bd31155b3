"""Answers files written with checklist 1.0.0 keep working: they check, outline and render, and a
resumed one is carried to 2.0.0, says so, and asks only what is new."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from hiap.answers import answers_file
from hiap.checklist.route import route
from hiap.errors import Interrupted
from hiap.interview.prompter import PlainPrompter
from hiap.interview.session import Session
from hiap.pipeline import assess, open_engine
from tests.conftest import FIXTURES, Run

V1 = sorted((FIXTURES / "v1").glob("*.hiap.yaml"))


@pytest.mark.parametrize("path", V1, ids=lambda p: p.name)
def test_an_old_file_checks_outlines_and_renders(hiap: Run, path: Path, tmp_path: Path) -> None:
    checked = hiap("check", str(path))
    assert checked.returncode == 0, checked.stderr
    assert "OK" in checked.stdout
    outlined = hiap("outline", str(path))
    assert outlined.returncode == 0 and "Full assessment" in outlined.stdout, outlined.stderr
    out = tmp_path / "old.md"
    rendered = hiap("render", str(path), "--format", "md", "-o", str(out))
    assert rendered.returncode == 0, rendered.stderr
    text = out.read_text(encoding="utf-8")
    assert answers_file.load(path).title.split(":")[0] in text
    assert path.read_bytes() == (FIXTURES / "v1" / path.name).read_bytes()  # rendering changes nothing
    # each was signed off complete under 1.0: it renders as signed off, not as a draft of 2.0
    assert "(draft)" not in text and "| Status | Approved |" in text
    assert "No conclusion has been reached" not in text and "Not yet described" not in text
    assert "so the" in text and "they did not ask are not gaps in it" in text  # the annex says why


def test_a_resumed_old_file_is_carried_and_asks_only_what_is_new(tmp_path: Path) -> None:
    engine = open_engine(only="", entry_points=False)
    path = tmp_path / "old.hiap.yaml"
    shutil.copy(FIXTURES / "v1" / "kings-lynn-healthy-weight-planning.hiap.yaml", path)
    before = answers_file.load(path).values()
    out = io.StringIO()
    prompter = PlainPrompter(stdin=io.StringIO(""), stdout=out)
    session = Session(engine.catalogue, prompter, assess=lambda a: assess(a, engine), by="Officer")
    session.open(path)
    with pytest.raises(Interrupted):
        session.run()  # the input ends at the first new question
    shown = out.getvalue()
    assert "This file was answered with an earlier checklist (groups 1.0.0 → 1.2.0; core 1.0.0 → 2.0.0)" in shown
    saved = answers_file.load(path)
    assert saved.checklists["core"] == "2.0.0"
    assert [e.event for e in saved.events][-2:] == ["upgraded", "resumed"]
    # every answer of the old file is still there: carried under its new id, or kept as it was
    carried = saved.values()
    for qid, value in before.items():
        kept = qid in carried or any(v == value or (isinstance(v, str) and str(value) in v) for v in carried.values())
        collected = qid.endswith(".relevant") and carried.get("screening.principles")
        assert kept or collected, qid
    upcoming = route(engine.catalogue, carried).next()
    assert upcoming is not None and upcoming.id not in before  # only what is new is asked
