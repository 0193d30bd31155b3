"""``hiap assess`` end to end through a real pseudo-terminal, against the real core checklist.

pexpect spawns ``python -m hiap assess`` in a pty (40 x 120, NO_COLOR, no sector plugins) and
drives it by waiting for question text and sending keys. Timeouts are generous and every
match is on plain text, so the tests do not depend on colours or redraw details.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import pytest

from hiap.answers import answers_file
from hiap.models.answers import AnswersFile

CORE = Path(__file__).resolve().parents[1] / "hiap" / "checklists" / "core.yaml"

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="pexpect.spawn needs a Unix pseudo-terminal"),
    pytest.mark.skipif(not CORE.exists(), reason="the core checklist is not there yet"),
]

pexpect = pytest.importorskip("pexpect")

ENTER, DOWN, CTRL_B, CTRL_U = "\r", "\x1b[B", "\x02", "\x15"
TITLE_Q = "What is the title of the decision?"
REFERENCE_Q = "What is the forward plan or report reference?"
KIND_Q = "What kind of decision is it?"
SUMMARY_Q = "What is being decided, and what is it meant to achieve?"
DIRECTORATE_Q = "Which directorate or service is responsible?"
LONG_READY = "(Enter on an empty line finishes)"
TIMEOUT = 30


def environment(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "NO_COLOR": "1",
            "TERM": "xterm-256color",
            "HIAP_PLUGINS": "",
            "COLUMNS": "120",
            "LINES": "40",
            "HIAP_CONFIG_DIR": str(tmp_path / "config"),
            "PROMPT_TOOLKIT_NO_CPR": "1",
            # as with an activated venv or pipx: the 'hiap' on the PATH is this one
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        }
    )
    for name in ("HIAP_PLAIN", "HIAP_CONFIG", "HIAP_DISABLE_PLUGINS", "HIAP_STRICT_PLUGINS"):
        env.pop(name, None)
    return env


class Terminal:
    """One ``hiap assess`` run in a pty, with helpers that wait for a prompt before typing."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "hiap", "assess", *args],
            cwd=str(tmp_path),
            env=environment(tmp_path),
            encoding="utf-8",
            dimensions=(40, 120),
            timeout=TIMEOUT,
        )

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def answer(self, question: str, keys: str, ready: str | None = None) -> None:
        """Wait for the question (and the prompt itself, for long answers), then type."""
        self.expect(question)
        if ready:
            self.expect(ready)
        time.sleep(0.15)  # let the prompt finish drawing before keys arrive
        self.child.send(keys)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        status: int = self.child.exitstatus if self.child.exitstatus is not None else -self.child.signalstatus
        return status

    def close(self) -> None:
        if self.child.isalive():
            self.child.kill(signal.SIGKILL)
        self.child.close(force=True)


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def start(terminals: list[Terminal], tmp_path: Path, *args: str) -> Terminal:
    terminal = Terminal(tmp_path, *args)
    terminals.append(terminal)
    return terminal


def load(path: Path) -> AnswersFile:
    from hiap.pipeline import open_engine

    engine = open_engine(only="", entry_points=False)
    return answers_file.load_validated(path, engine.catalogue)


def sample(question: Any, catalogue: Any) -> Any:
    """A valid answer for any question: enough to fill a file without caring what it says."""
    if question.type == "text":
        return "Test answer"
    if question.type == "longtext":
        return "A test answer."
    if question.type == "date":
        return "2026-03-31"
    if question.type == "number":
        return int(question.minimum) if question.minimum is not None else 1
    if question.type == "yesno":
        return False
    options = catalogue.options(question)
    if question.type in ("choice", "rating"):
        return options[0].value
    if question.type == "multi":
        return [options[0].value]
    row = {}
    for field in question.fields:
        row[field.id] = {"date": "2026-03-31", "number": 1}.get(
            field.type, field.options[0].value if field.options else "Test"
        )
    return [row]


def filled(path: Path, *, leave_out: Collection[str] = (), title: str = "Library opening hours") -> AnswersFile:
    """Answer every question that applies (in order, so conditions see earlier answers), then save."""
    from hiap.interview import engine as interview
    from hiap.models.answers import Answer
    from hiap.pipeline import open_engine

    catalogue = open_engine(only="", entry_points=False).catalogue
    answers = answers_file.new(catalogue, {})
    while (question := interview.next_question(catalogue, answers)) is not None:
        value = None if question.id in leave_out else sample(question, catalogue)
        answers.set(question.id, Answer(value=title if question.id == "decision.title" else value))
    answers_file.save(answers, path)
    return answers


# -- the interview ---------------------------------------------------------------------------


@pytest.mark.pty
def test_first_screen_asks_the_title_then_back_and_interrupt_and_resume(
    terminals: list[Terminal], tmp_path: Path
) -> None:
    t = start(terminals, tmp_path)
    t.expect("Ctrl-B back")
    t.expect("The decision")
    t.answer(TITLE_Q, "Town centre parking charges" + ENTER)
    t.expect("Saving your answers in town-centre-parking-charges.hiap.yaml.")
    t.expect("Section 1 of ")
    t.answer(REFERENCE_Q, ENTER)  # optional: Enter skips
    t.answer(KIND_Q, "5" + ENTER)  # budget, chosen by its number
    t.answer(SUMMARY_Q, "Raise charges by 20p an hour." + ENTER + ENTER, ready=LONG_READY)
    t.answer(DIRECTORATE_Q, CTRL_B)  # back: the summary again, with its answer as the default
    t.answer(SUMMARY_Q, "", ready=LONG_READY)
    t.answer("Raise charges by 20p an hour.", " Or do nothing." + ENTER + ENTER)
    t.answer(DIRECTORATE_Q, "?" + ENTER)  # typed guidance request
    t.expect("Guidance")
    t.expect("The council remains")
    t.answer(DIRECTORATE_Q, "Place" + ENTER)
    t.expect("Who is the lead officer for the decision?")
    time.sleep(0.3)
    t.child.sendcontrol("c")
    t.expect("Resume with: hiap assess assessments/town-centre-parking-charges.hiap.yaml")
    assert t.finish() == 130

    path = tmp_path / "assessments" / "town-centre-parking-charges.hiap.yaml"  # the folder the README names
    answers = load(path)  # intact and valid
    values = answers.values()
    assert values["decision.title"] == "Town centre parking charges"
    assert values["decision.reference"] is None
    assert values["decision.kind"] == "budget"
    assert values["decision.summary"] == "Raise charges by 20p an hour. Or do nothing."
    assert values["decision.directorate"] == "Place"

    t = start(terminals, tmp_path, str(path.relative_to(tmp_path)))
    t.expect("Resuming Town centre parking charges: at question 6 of ")
    t.expect("Who is the lead officer for the decision?")
    t.answer("Who is the lead officer for the decision?", CTRL_B)  # empty history: the previous question
    t.answer(DIRECTORATE_Q, CTRL_U + "Place and Economy" + ENTER)
    t.expect("Who is the lead officer for the decision?")
    time.sleep(0.3)
    t.child.sendcontrol("c")
    assert t.finish() == 130
    answers = load(path)
    assert answers.values()["decision.directorate"] == "Place and Economy"
    assert [e.event for e in answers.events] == ["created", "resumed"]


@pytest.mark.pty
def test_validation_message_shows_and_refuses(terminals: list[Terminal], tmp_path: Path) -> None:
    path = tmp_path / "dates.hiap.yaml"
    filled(path, leave_out={"decision.meeting_date"})
    answers = load(path)
    del answers.decision["meeting_date"]
    answers_file.save(answers, path)
    t = start(terminals, tmp_path, path.name)
    t.answer("When will the decision be taken?", "32/13/2026" + ENTER)
    t.expect("is not a date; write it as 31/03/2026 or 2026-03-31")
    t.child.send("\x7f" * 10 + "31/03/2026" + ENTER)
    t.expect("Review your answers")
    time.sleep(0.3)
    t.child.sendcontrol("c")
    assert t.finish() == 130
    assert load(path).values()["decision.meeting_date"] == "2026-03-31"


@pytest.mark.pty
def test_review_change_an_answer_then_finish_writes_the_document(terminals: list[Terminal], tmp_path: Path) -> None:
    path = tmp_path / "library.hiap.yaml"
    filled(path)
    t = start(terminals, tmp_path, path.name, "--format", "md")
    t.expect("Resuming Library opening hours: every question that applies is answered")
    t.expect("Review your answers")
    t.expect("Library opening hours")  # the answer, in the review table
    t.answer("What next?", DOWN + ENTER)  # See or change answers
    t.answer("Which section?", DOWN + ENTER)  # from "Back to the review" round to the first: the decision
    t.answer("Which answer do you want to change?", DOWN + ENTER)  # and its first question, the title
    t.answer(TITLE_Q, CTRL_U + "Library opening hours 2026" + ENTER)
    t.expect("Review your answers")
    t.expect("Library opening hours 2026")
    t.answer("What next?", ENTER)  # Looks right – finish and write the document
    t.expect("Summary: Library opening hours 2026")
    t.expect("Overall conclusion:")
    t.expect("The eight Marmot principles")
    t.expect("Wrote library.md")
    assert t.finish() == 0
    answers = load(path)
    assert answers.values()["decision.title"] == "Library opening hours 2026"
    assert answers.complete is True
    assert [e.event for e in answers.events] == ["created", "resumed", "completed"]
    assert "Library opening hours 2026" in (tmp_path / "library.md").read_text(encoding="utf-8")


@pytest.mark.pty
def test_save_and_exit_from_the_review(terminals: list[Terminal], tmp_path: Path) -> None:
    path = tmp_path / "draft.hiap.yaml"
    filled(path)
    t = start(terminals, tmp_path, path.name, "--format", "md")
    t.answer("What next?", DOWN + DOWN + ENTER)  # Save and exit
    t.expect("Resume with: hiap assess draft.hiap.yaml")
    assert t.finish() == 0
    assert not (tmp_path / "draft.md").exists()
    assert load(path).complete is False


@pytest.mark.pty
def test_kill_9_mid_interview_loses_nothing_confirmed(terminals: list[Terminal], tmp_path: Path) -> None:
    t = start(terminals, tmp_path)
    t.answer(TITLE_Q, "Leisure centre closure" + ENTER)
    t.answer(REFERENCE_Q, "FP-2026-014" + ENTER)
    t.answer(KIND_Q, "4" + ENTER)
    t.answer(SUMMARY_Q, "Close the centre on Sundays", ready=LONG_READY)  # typed, never confirmed
    time.sleep(0.3)
    t.child.kill(signal.SIGKILL)
    t.child.expect(pexpect.EOF)
    t.child.close()
    assert t.child.signalstatus == signal.SIGKILL

    path = tmp_path / "assessments" / "leisure-centre-closure.hiap.yaml"
    answers = load(path)  # the file parses and validates
    assert answers.values() == {
        "decision.title": "Leisure centre closure",
        "decision.reference": "FP-2026-014",
        "decision.kind": "service_change",
    }
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []

    t = start(terminals, tmp_path, str(path.relative_to(tmp_path)))
    t.expect("Resuming Leisure centre closure: at question 4 of ")
    t.answer(SUMMARY_Q, "Close on Sundays." + ENTER + ENTER, ready=LONG_READY)
    t.expect(DIRECTORATE_Q)
    time.sleep(0.3)
    t.child.sendcontrol("c")
    assert t.finish() == 130
    assert load(path).values()["decision.summary"] == "Close on Sundays."


@pytest.mark.pty
def test_plain_mode_numbers_and_no_redrawing(terminals: list[Terminal], tmp_path: Path) -> None:
    t = start(terminals, tmp_path, "plain.hiap.yaml", "--plain")
    t.expect("type ? for guidance, < to go back")
    t.answer(TITLE_Q, "Plain title" + ENTER)
    t.answer(REFERENCE_Q, ENTER)
    t.expect(KIND_Q)
    t.expect("  5. Budget or savings proposal")
    t.answer("Type a number", "5" + ENTER)
    t.expect("You chose: Budget or savings proposal")
    t.expect(SUMMARY_Q)
    time.sleep(0.3)
    t.child.sendcontrol("c")
    assert t.finish() == 130
    assert load(tmp_path / "plain.hiap.yaml").values()["decision.kind"] == "budget"


# -- without prompts ---------------------------------------------------------------------------


def run_hiap(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hiap", "assess", *args],
        cwd=tmp_path,
        env=environment(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_no_input_with_a_complete_file_writes_the_document(tmp_path: Path) -> None:
    path = tmp_path / "complete.hiap.yaml"
    filled(path)
    result = run_hiap(tmp_path, path.name, "--no-input", "--format", "md")
    assert result.returncode == 0, result.stderr
    assert "Wrote complete.md" in result.stdout
    assert (tmp_path / "complete.md").exists()
    assert load(path).complete is True


def test_no_input_with_missing_required_answers_lists_them(tmp_path: Path) -> None:
    path = tmp_path / "partial.hiap.yaml"
    filled(path, leave_out={"decision.summary", "screening.route"})
    result = run_hiap(tmp_path, path.name, "--no-input", "--format", "md")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "hiap: error: partial.hiap.yaml: 2 required answers missing:"
    assert lines[1].startswith("  decision.summary: What is being decided")
    assert lines[2].startswith("  screening.route: ")
    assert not (tmp_path / "partial.md").exists()


def test_without_a_terminal_says_what_to_do(tmp_path: Path) -> None:
    result = run_hiap(tmp_path, "x.hiap.yaml")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "hiap: error: hiap assess asks questions, so it needs a terminal: run it in a terminal, "
        "or pass --no-input with a complete answers file"
    ]
    assert not (tmp_path / "x.hiap.yaml").exists()


def test_unknown_format_is_refused_before_anything_else(tmp_path: Path) -> None:
    path = tmp_path / "complete.hiap.yaml"
    filled(path)
    result = run_hiap(tmp_path, path.name, "--no-input", "--format", "mdd")
    assert result.returncode == 2
    assert result.stderr.strip() == "hiap: error: --format: unknown format 'mdd'; did you mean 'md'?"
