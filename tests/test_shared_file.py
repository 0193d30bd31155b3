"""Two people, one answers file: officers racing in real terminals, and a clerk's hand edit.

The promise: nobody loses an answer. Changes saved elsewhere while an officer works are merged
into the officer's next save; where both changed the same answer, the officer's own is kept and
the other is written into the audit trail, and the officer is told (hiap.answers.concurrent).
"""

from __future__ import annotations

import io
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hiap import yamlio
from hiap.answers import answers_file, concurrent
from hiap.models.answers import Answer

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pexpect.spawn needs a Unix pseudo-terminal")
pexpect = pytest.importorskip("pexpect")

from tests.test_interview_pty import KIND_Q, LEAD_Q, SUMMARY_Q, Terminal  # noqa: E402

CTRL_C = "\x03"
START = "format: 1\ndecision:\n  title: Library opening hours\n"


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def _officer(terminals: list[Terminal], folder: Path, name: str) -> Terminal:
    terminal = Terminal(folder, "decision.hiap.yaml", "--plain", "--by", name)
    terminal.child.logfile_read = io.StringIO()  # everything the officer saw
    terminals.append(terminal)
    terminal.expect(KIND_Q)
    return terminal


def _stop(terminal: Terminal) -> tuple[int, str]:
    time.sleep(0.2)
    terminal.child.send(CTRL_C)
    code = terminal.finish()
    return code, terminal.child.logfile_read.getvalue()


def test_two_officers_on_one_file_keep_both_answers_and_both_audit_trails(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    path = tmp_path / "decision.hiap.yaml"
    path.write_text(START, encoding="utf-8")
    a = _officer(terminals, tmp_path, "Officer A")
    b = _officer(terminals, tmp_path, "Officer B")
    b.answer("Type the numbers", "4\r")  # service change
    b.answer(SUMMARY_Q, "Close on Sundays.\r\r")  # a question officer A never reaches
    b.expect(LEAD_Q)
    code_b, _ = _stop(b)
    assert code_b == 130
    a.answer("Type the numbers", "5\r")  # the same question, answered differently: budget
    a.expect(SUMMARY_Q)
    code_a, screen = _stop(a)
    assert code_a == 130
    assert "was also changed elsewhere; kept your answer" in screen

    saved = answers_file.load(path)
    assert saved.decision["kind"].value == ["budget"]  # the officer's own, as on their screen
    assert saved.decision["summary"].value == "Close on Sundays."  # officer B's answer to another question
    by = [e.by for e in saved.events if e.event == "resumed"]
    assert "Officer A" in by and "Officer B" in by  # both audit trails
    merged = [e for e in saved.events if e.event == "merged"]
    assert len(merged) == 1 and "service_change" in (merged[0].note or "")  # officer B's answer is not lost
    assert not concurrent.lock_path(path).exists()


def test_a_hand_edit_during_a_session_is_kept(tmp_path: Path, terminals: list[Terminal]) -> None:
    path = tmp_path / "decision.hiap.yaml"
    path.write_text(START, encoding="utf-8")
    officer = _officer(terminals, tmp_path, "Officer A")
    time.sleep(0.3)
    edited = path.read_text(encoding="utf-8").replace("Library opening hours", "Library opening hours (Sundays)")
    edited = edited.replace("decision:\n", "decision:\n  directorate: Communities\n", 1)
    path.write_text(edited, encoding="utf-8")  # a clerk corrects the title in Notepad
    officer.answer("Type the numbers", "4\r")
    officer.expect(SUMMARY_Q)
    code, screen = _stop(officer)
    assert code == 130
    assert "changed elsewhere while you worked; kept those changes" in screen
    saved = answers_file.load(path)
    assert saved.decision["title"].value == "Library opening hours (Sundays)"
    assert saved.decision["directorate"].value == "Communities"
    assert saved.decision["kind"].value == ["service_change"]


def test_a_file_broken_by_a_hand_edit_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "decision.hiap.yaml"
    path.write_text(START, encoding="utf-8")
    answers = answers_file.load(path)
    path.write_text(START + "answers: [unclosed\n", encoding="utf-8")
    answers.set("decision.reference", Answer(value="FP-1"))
    with pytest.raises(Exception) as caught:
        answers_file.save(answers, path)
    assert "cannot be read now" in str(caught.value) and "your answers are saved in" in str(caught.value)
    assert path.read_text(encoding="utf-8").endswith("[unclosed\n")  # the clerk's text, untouched
    (kept,) = tmp_path.glob("decision.hiap.yaml.yours-*")
    assert answers_file.load(kept).decision["reference"].value == "FP-1"


def test_a_stale_lock_is_recognised_and_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "decision.hiap.yaml"
    path.write_text(START, encoding="utf-8")
    answers = answers_file.load(path)
    lock = concurrent.lock_path(path)
    lock.write_text(json.dumps({"pid": 999999999, "host": socket.gethostname(), "user": "clerk", "at": "09:00"}))
    answers.set("decision.reference", Answer(value="FP-1"))
    answers_file.save(answers, path)
    assert "removed a stale lock left by hiap run by clerk" in capsys.readouterr().err
    assert not lock.exists()
    assert yamlio.load(path, what="answers file").data["decision"]["reference"] == "FP-1"


def test_a_live_lock_is_waited_for_then_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "decision.hiap.yaml"
    path.write_text(START, encoding="utf-8")
    answers = answers_file.load(path)
    lock = concurrent.lock_path(path)
    lock.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "user": "colleague", "at": "09:00"}))
    monkeypatch.setattr(concurrent, "WAIT_FOR_LOCK_S", 0.2)
    with pytest.raises(Exception) as caught:
        answers_file.save(answers, path)
    assert "being saved by hiap run by colleague" in str(caught.value)
    assert path.read_text(encoding="utf-8") == START
