"""``hiap assess`` end to end through a real pseudo-terminal, against the real core checklist.

pexpect spawns ``python -m hiap assess`` in a pty (40 x 120, NO_COLOR, no sector plugins) and
drives it by waiting for question text and sending keys. Timeouts are generous and every
match is on plain text, so the tests do not depend on colours or redraw details.
"""

from __future__ import annotations

import json
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
from hiap.answers.values import example_dates
from hiap.models.answers import AnswersFile

CORE = Path(__file__).resolve().parents[1] / "hiap" / "checklists" / "core.yaml"

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="pexpect.spawn needs a Unix pseudo-terminal"),
    pytest.mark.skipif(not CORE.exists(), reason="the core checklist is not there yet"),
]

pexpect = pytest.importorskip("pexpect")

ENTER, DOWN, UP, SPACE, CTRL_U = "\r", "\x1b[B", "\x1b[A", " ", "\x15"
ALT_B, PAGE_UP, END = "\x1bb", "\x1b[5~", "\x1b[F"
TITLE_Q = "What is the title of the decision?"
KIND_Q = "What kind of decision is it? Choose all that apply."
SUMMARY_Q = "What is being decided, and what is it meant to achieve?"
LEAD_Q = "Who is the lead officer, carrying out this assessment?"
MAKER_Q = "Who takes the decision?"
DATE_Q = "When will the decision be taken?"
GRID_Q = "Which of the eight Marmot principles could the decision affect"
GRADIENT_Q = "Who would feel the effects most across the social gradient"
DIFFER_Q = "Could it affect any population group differently"
ROUTE_Q = "How much assessment does this decision need?"
REASON_Q = "Why is this depth of assessment enough?"
SECTORS_Q = "Which sectors does the decision touch?"
WARDS_Q = "Which wards or electoral divisions does it affect?"
EFFECT4_Q = "What effect will the decision have on people's standard of living?"
WHY_Q = "Why this rating? Who gains and who loses?"
MITIGATION_Q = "How will the harm be avoided, reduced or offset?"
RESIDUAL_Q = "With that mitigation in place, what harm remains?"
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
        time.sleep(0.25)  # let the prompt finish drawing before keys arrive
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


def outline_text(tmp_path: Path, path: Path, *options: str) -> str:
    """What ``hiap outline FILE`` prints, run as a user runs it."""
    done = subprocess.run(
        [sys.executable, "-m", "hiap", "outline", str(path), *options],
        cwd=tmp_path,
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def outline_json(tmp_path: Path, path: Path) -> dict[str, Any]:
    """What ``hiap outline FILE --json`` says, the count every screen of the interview must agree with."""
    found: dict[str, Any] = json.loads(outline_text(tmp_path, path, "--json"))
    return found


def load(path: Path) -> AnswersFile:
    from hiap.pipeline import open_engine

    engine = open_engine(only="", entry_points=False)
    return answers_file.load_validated(path, engine.catalogue)


def sample(question: Any, catalogue: Any, given: dict[str, Any]) -> Any:
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
    if question.type == "each":
        chosen = [v for ref in question.each for v in (given.get(ref) or [])]
        return {v: "A line for this group." for v in chosen} or None
    row = {}
    for field in question.fields:
        row[field.id] = {"date": "2026-03-31", "number": 1}.get(
            field.type, field.options[0].value if field.options else "Test"
        )
    return [row]


def filled(
    path: Path,
    *,
    leave_out: Collection[str] = (),
    until: str | None = None,
    title: str = "Library opening hours",
    **given: Any,
) -> AnswersFile:
    """Answer every question that applies (in order, so conditions see earlier answers) up to
    ``until`` (left unasked), with ``given`` answers where stated, then save."""
    from hiap.checklist.route import route
    from hiap.models.answers import Answer
    from hiap.pipeline import open_engine

    catalogue = open_engine(only="", entry_points=False).catalogue
    answers = answers_file.new(catalogue, {})
    answers.set("decision.title", Answer(value=title))
    for qid, value in given.items():
        answers.set(qid.replace("__", "."), Answer(value=value))
    while (question := route(catalogue, answers.values()).next()) is not None and question.id != until:
        value = None if question.id in leave_out else sample(question, catalogue, answers.values())
        answers.set(question.id, Answer(value=value))
    answers_file.save(answers, path)
    return answers


# -- the interview ---------------------------------------------------------------------------


@pytest.mark.pty
def test_first_screen_asks_the_title_then_back_and_interrupt_and_resume(
    terminals: list[Terminal], tmp_path: Path
) -> None:
    t = start(terminals, tmp_path)
    t.expect("Alt-B or Page Up back")
    t.expect("The decision")
    t.answer(TITLE_Q, "Town centre parking charges" + ENTER)
    t.expect("town-centre-parking-charges.hiap.yaml")
    t.expect("The form from here")  # the whole form, before the first answer, with minutes
    t.expect("Screening decides how much follows. In all, a rapid assessment")  # what each depth takes
    t.expect("Section 1: The decision · 1 answer given, ")
    # two kinds at once: service change (4th) and budget (5th)
    t.answer(KIND_Q, DOWN * 3 + SPACE + DOWN + SPACE + ENTER)
    t.answer(SUMMARY_Q, "Raise charges by 20p an hour." + ENTER + ENTER, ready=LONG_READY)
    t.answer(LEAD_Q, ALT_B)  # back, with a key tmux leaves alone: the summary again, with its answer
    # the answer shown is selected: End keeps it to add to, and one Enter more finishes
    t.answer(SUMMARY_Q, END + " Or do nothing." + ENTER + ENTER, ready=LONG_READY)
    t.answer(LEAD_Q, "?" + ENTER)  # typed guidance request
    t.expect("Guidance")
    t.expect("who answers questions on the assessment and owns its actions")
    t.answer(LEAD_Q, "Priya Shah, Parking Manager" + ENTER)
    t.expect(MAKER_Q)
    time.sleep(0.3)
    t.child.sendcontrol("c")
    t.expect("Resume with: hiap assess assessments/town-centre-parking-charges.hiap.yaml")
    assert t.finish() == 130

    path = tmp_path / "assessments" / "town-centre-parking-charges.hiap.yaml"  # the folder the README names
    values = load(path).values()  # intact and valid
    assert values["decision.title"] == "Town centre parking charges"
    assert values["decision.kind"] == ["service_change", "budget"]
    assert values["decision.summary"] == "Raise charges by 20p an hour. Or do nothing."
    assert values["decision.lead_officer"] == "Priya Shah, Parking Manager"

    found = outline_json(tmp_path, path)
    t = start(terminals, tmp_path, str(path.relative_to(tmp_path)))
    # the same count as hiap outline --json, at the resume line and above the next question
    t.expect(
        f"Resuming Town centre parking charges: {found['answered']} answers given, {found['remaining']} more so far"
    )
    t.expect("The form from here")
    t.expect(f"Section 1: The decision · {found['answered']} answers given, {found['remaining']} more so far")
    t.answer(MAKER_Q, PAGE_UP)  # empty history: the previous question
    t.answer(LEAD_Q, CTRL_U + "Priya Shah, Head of Parking" + ENTER)
    t.expect(MAKER_Q)
    time.sleep(0.3)
    t.child.sendcontrol("c")
    assert t.finish() == 130
    answers = load(path)
    assert answers.values()["decision.lead_officer"] == "Priya Shah, Head of Parking"
    assert [e.event for e in answers.events] == ["created", "resumed"]


@pytest.mark.pty
def test_a_rejected_date_is_cleared_and_dates_in_words_are_read(terminals: list[Terminal], tmp_path: Path) -> None:
    path = tmp_path / "dates.hiap.yaml"
    filled(path, until="decision.meeting_date", decision__nation="england")
    t = start(terminals, tmp_path, path.name)
    t.answer(DATE_Q, "32/13/2026" + ENTER)
    digits, words = example_dates()  # the next 31 March: an example never already past
    t.expect(f"is not a date; write it as {digits} or {words}. Type it again.")
    assert "\x1b[0;1m" not in t.child.before and "\x1b[1m" not in t.child.before  # NO_COLOR: no bold either
    t.child.send("14 Jan 2027" + ENTER)  # typed into a cleared box, not onto the rejected text
    t.expect(GRID_Q)
    time.sleep(0.3)
    t.child.sendcontrol("c")
    assert t.finish() == 130
    assert load(path).values()["decision.meeting_date"] == "2027-01-14"


@pytest.mark.pty
def test_skip_on_a_required_question_is_cleared_and_typing_replaces_a_prefilled_answer(
    terminals: list[Terminal], tmp_path: Path
) -> None:
    path = tmp_path / "skip.hiap.yaml"
    filled(path, until="decision.lead_officer")
    t = start(terminals, tmp_path, path.name)
    t.answer(LEAD_Q, ":skip" + ENTER)
    t.expect("This one cannot be skipped: the assessment cannot be completed without it.")
    t.child.send("Priya Shah" + ENTER)  # into a cleared box: not ':skipPriya Shah'
    t.answer(MAKER_Q, ALT_B)
    t.answer(LEAD_Q, "", ready="typing replaces the answer shown")
    time.sleep(0.25)
    t.child.send("Sam Jones" + ENTER)  # the shown answer is selected: typing replaces it, never glued on
    t.expect(MAKER_Q)
    time.sleep(0.3)
    t.child.sendcontrol("c")
    assert t.finish() == 130
    assert load(path).values()["decision.lead_officer"] == "Sam Jones"


@pytest.mark.pty
def test_no_answer_is_chosen_for_the_officer_after_england(terminals: list[Terminal], tmp_path: Path) -> None:
    """The socio-economic duty binds only in Scotland and Wales: after England, the pointer does
    not start on "Yes: the duty binds us (Scotland or Wales)", nor on any answer."""
    path = tmp_path / "duty.hiap.yaml"
    filled(path, until="groups.socio_economic", decision__nation="england", screening__route="full")
    t = start(terminals, tmp_path, path.name)
    t.answer("Have you applied the socio-economic duty to this decision?", ENTER)
    t.expect("Guidance")  # Enter with nothing chosen shows the guidance; no answer is taken
    t.expect("Have you applied the socio-economic duty to this decision?")
    time.sleep(0.3)
    t.child.sendcontrol("c")
    assert t.finish() == 130
    assert "groups.socio_economic" not in load(path).values()


@pytest.mark.pty
def test_relevance_grid_then_one_rating_row_per_principle(terminals: list[Terminal], tmp_path: Path) -> None:
    path = tmp_path / "grid.hiap.yaml"
    filled(path, until="screening.principles")
    t = start(terminals, tmp_path, path.name)
    t.answer(GRID_Q, "?")  # in a list, ? is a key: the guidance, then the same list again
    t.expect("Guidance")
    t.answer(GRID_Q, DOWN * 3 + SPACE + DOWN + SPACE + ENTER)  # principles 4 and 5, in one step
    t.expect("Ticked: 4. A healthy standard of living; 5. Healthy and sustainable places")  # not "2 selections"
    t.answer(GRADIENT_Q, "1" + ENTER)  # more on deprived areas
    t.answer(DIFFER_Q, "1" + ENTER)
    t.answer(ROUTE_Q, ENTER)  # the default follows the help: rapid (only screening out asks why)
    t.answer(SECTORS_Q, UP + UP + SPACE + ENTER)  # "None of these", before "Show guidance"
    t.answer("What kind of place does the decision cover?", "1" + ENTER)  # towns
    t.answer(WARDS_Q, "Farley" + ENTER)
    # the row names what it asks now, and what only an answer brings (nothing of the full route's row)
    t.expect("One row: Effect and Why. Mitigation, Harm remaining and Justification only if your answers make")
    t.answer(EFFECT4_Q, "4" + ENTER)  # minor negative
    t.answer(WHY_Q, "Taxis cost more than the bus." + ENTER + ENTER, ready=LONG_READY)
    # a rapid row asks what harm remains only after a major effect: none here, nor a justification
    t.answer(MITIGATION_Q, "Keep route 7 in the evening." + ENTER + ENTER, ready=LONG_READY)
    t.expect("Create and develop healthy and sustainable places and communities")
    time.sleep(0.3)
    t.child.sendcontrol("c")
    assert t.finish() == 130
    values = load(path).values()
    assert values["screening.principles"] == ["4", "5"] and values["screening.route"] == "rapid"
    assert values["p4.effect"] == "minor_negative" and values["p4.mitigation"] == "Keep route 7 in the evening."
    assert not {"p4.residual", "p4.justification", "p4.equity"} & set(values)  # a rapid row: direction and why


@pytest.mark.pty
def test_a_mitigation_is_adopted_as_an_action_without_retyping(terminals: list[Terminal], tmp_path: Path) -> None:
    path = tmp_path / "adopt.hiap.yaml"
    filled(
        path,
        until="actions.plan",
        screening__principles=["4"],
        screening__route="rapid",
        p4__effect="minor_negative",
        p4__mitigation="Promote the taxi-share scheme to evening shift workers.",
        p4__residual="none",
    )
    t = start(terminals, tmp_path, path.name)
    t.answer("Tick any of these to adopt", SPACE + ENTER, ready="Yours (principle 4)")
    # the adopted text and the lead officer as owner are shown, not asked again: only the empty fields are
    t.expect("Entry 1, adopted: Action: Promote the taxi-share scheme to evening shift workers; Owner: Test answer")
    t.answer("Due by", "31 March 2027" + ENTER)
    t.answer("How we will know it worked", ENTER)
    t.answer("Done: keep this entry", ENTER)
    t.expect("What is your overall conclusion?")
    time.sleep(0.3)
    t.child.sendcontrol("c")
    assert t.finish() == 130
    plan = load(path).values()["actions.plan"]
    assert plan == [
        {
            "action": "Promote the taxi-share scheme to evening shift workers.",
            "owner": "Test answer",
            "due": "2027-03-31",
        }
    ]


@pytest.mark.pty
def test_groups_get_one_line_each(terminals: list[Terminal], tmp_path: Path) -> None:
    path = tmp_path / "groups.hiap.yaml"
    filled(
        path,
        until="groups.effects",
        screening__route="rapid",
        groups__adverse=["disability", "low_income"],
        groups__positive=["carers"],
    )
    t = start(terminals, tmp_path, path.name)
    t.expect("In a line for each group, how is it affected?")
    t.answer("Disability:", "Fewer evening trips." + ENTER, ready="(1 of 3; one line)")
    t.answer("Households on low incomes:", "Taxis cost more." + ENTER, ready="(2 of 3; one line)")
    t.answer("Carers", "?" + ENTER, ready="(3 of 3; one line)")  # guidance, then the same line again
    t.expect("Guidance")
    t.answer("Carers", "Daytime routes are kept." + ENTER, ready="(3 of 3; one line)")
    t.expect("Public Sector Equality Duty")
    time.sleep(0.3)
    t.child.sendcontrol("c")
    assert t.finish() == 130
    assert load(path).values()["groups.effects"] == {
        "disability": "Fewer evening trips.",
        "low_income": "Taxis cost more.",
        "carers": "Daytime routes are kept.",
    }


@pytest.mark.pty
def test_groups_ticked_for_the_officer_are_named_before_the_list(terminals: list[Terminal], tmp_path: Path) -> None:
    """A pre-ticked group can sit below a 36-line screen: the interview names every one first."""
    path = tmp_path / "preticked.hiap.yaml"
    filled(path, until="groups.adverse", screening__route="rapid", duties__children="risk")
    t = start(terminals, tmp_path, path.name)
    t.expect("Ticked already from your earlier answers:")
    t.expect("Children and young people")
    t.expect("Untick any that do not apply.")
    time.sleep(0.3)
    t.child.sendcontrol("c")
    assert t.finish() == 130


@pytest.mark.pty
def test_question_mark_on_a_long_answer_needs_one_enter(terminals: list[Terminal], tmp_path: Path) -> None:
    path = tmp_path / "help.hiap.yaml"
    filled(path, until="decision.summary")
    t = start(terminals, tmp_path, path.name)
    t.answer(SUMMARY_Q, "?" + ENTER, ready=LONG_READY)
    t.expect("Guidance")
    t.expect("Say what is proposed and what it should achieve")
    t.expect("Why it matters: type ?? (or press F2) to read more.")
    t.answer(SUMMARY_Q, "??" + ENTER, ready=LONG_READY)  # the figures and background, only when asked
    t.expect("Why it matters")
    t.expect("Brown principles")
    t.answer(SUMMARY_Q, "Close on Sundays." + ENTER + ENTER, ready=LONG_READY)
    t.expect(LEAD_Q)
    time.sleep(0.3)
    t.child.sendcontrol("c")
    assert t.finish() == 130
    assert load(path).values()["decision.summary"] == "Close on Sundays."


@pytest.mark.pty
def test_review_change_an_answer_then_finish_writes_the_document(terminals: list[Terminal], tmp_path: Path) -> None:
    path = tmp_path / "library.hiap.yaml"
    filled(path)
    t = start(terminals, tmp_path, path.name, "--format", "md")
    t.expect("Resuming Library opening hours: every question that applies is answered")
    t.expect("Review your answers")
    t.expect("Library opening hours")  # the answer, in the review table
    t.expect(" is missing")  # "Nothing is missing", or "No required answer is missing" with points to look at
    t.answer("What next?", DOWN + ENTER)  # See or change answers
    t.answer("Which section?", DOWN + ENTER)  # from "Back to the review" round to the first: the decision
    t.answer("Which answer do you want to change?", DOWN + ENTER)  # and its first question, the title
    t.answer(TITLE_Q, CTRL_U + "Library opening hours 2027" + ENTER)
    t.expect("Review your answers")
    t.expect("Library opening hours 2027")
    t.answer("What next?", ENTER)  # Finish and write the document
    t.expect("Summary: Library opening hours 2027")
    t.expect("Overall conclusion:")
    t.expect("The eight Marmot principles")
    t.expect("Wrote library.md")
    assert t.finish() == 0
    answers = load(path)
    assert answers.values()["decision.title"] == "Library opening hours 2027"
    assert [e.event for e in answers.events] == ["created", "resumed", "completed"]
    assert "Library opening hours 2027" in (tmp_path / "library.md").read_text(encoding="utf-8")


@pytest.mark.pty
def test_save_and_exit_from_the_review(terminals: list[Terminal], tmp_path: Path) -> None:
    path = tmp_path / "draft.hiap.yaml"
    filled(path)
    t = start(terminals, tmp_path, path.name, "--format", "md")
    t.answer("What next?", DOWN + DOWN + ENTER)  # Save and exit
    t.expect("draft.hiap.yaml")
    assert t.finish() == 0
    assert not (tmp_path / "draft.md").exists()


@pytest.mark.pty
def test_kill_9_mid_interview_loses_nothing_confirmed(terminals: list[Terminal], tmp_path: Path) -> None:
    t = start(terminals, tmp_path)
    t.answer(TITLE_Q, "Leisure centre closure" + ENTER)
    t.answer(KIND_Q, DOWN * 3 + SPACE + ENTER)
    t.answer(SUMMARY_Q, "Close the centre on Sundays", ready=LONG_READY)  # typed, never confirmed
    time.sleep(0.3)
    t.child.kill(signal.SIGKILL)
    t.child.expect(pexpect.EOF)
    t.child.close()
    assert t.child.signalstatus == signal.SIGKILL

    path = tmp_path / "assessments" / "leisure-centre-closure.hiap.yaml"  # the folder the README names
    answers = load(path)  # the file parses and validates
    assert answers.values() == {"decision.title": "Leisure centre closure", "decision.kind": ["service_change"]}
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []

    found = outline_json(tmp_path, path)
    t = start(terminals, tmp_path, str(path.relative_to(tmp_path)))
    t.expect(f"Resuming Leisure centre closure: {found['answered']} answers given, {found['remaining']} more so far")
    t.answer(SUMMARY_Q, "Close on Sundays." + ENTER + ENTER, ready=LONG_READY)
    t.expect(LEAD_Q)
    time.sleep(0.3)
    t.child.sendcontrol("c")
    assert t.finish() == 130
    assert load(path).values()["decision.summary"] == "Close on Sundays."


@pytest.mark.pty
def test_plain_mode_numbers_and_no_redrawing(terminals: list[Terminal], tmp_path: Path) -> None:
    t = start(terminals, tmp_path, "plain.hiap.yaml", "--plain")
    t.expect("type ? for guidance, ?? for why it matters, < to go back")
    t.answer(TITLE_Q, "Plain title" + ENTER)
    t.expect(KIND_Q)
    t.expect("  5. Budget or savings proposal")
    t.answer("Type the numbers of all that apply", "4, 5" + ENTER)
    t.expect(SUMMARY_Q)
    time.sleep(0.3)
    t.child.sendcontrol("c")
    t.expect("Resume with: hiap assess plain.hiap.yaml --plain")  # a screen reader's user stays in plain mode
    assert t.finish() == 130
    assert load(tmp_path / "plain.hiap.yaml").values()["decision.kind"] == ["service_change", "budget"]


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
    assert [e.event for e in load(path).events] == ["created", "completed"]


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


@pytest.mark.pty
def test_the_opening_form_adds_up_to_the_line_under_it(terminals: list[Terminal], tmp_path: Path) -> None:
    """Each section's row counts what applies for certain, so the rows add up to 'N more so far'
    on the same screen; what later answers may bring in is the last row, apart (a newcomer saw
    6 + 6 above '10 more so far')."""
    import re

    t = start(terminals, tmp_path, "--plain")
    t.answer(TITLE_Q, "Library opening hours" + ENTER)
    t.expect("The form from here")
    t.expect("So far: 1 answer given, ")
    table = t.child.before
    t.child.expect(r"(\d+) more so far")
    said = int(t.child.match.group(1))
    rows = re.findall(r"Section: (.+?), Answers to give: (up to )?(\d+)", table)
    certain = [int(n) for title, bound, n in rows if not bound]
    assert len(certain) >= 2 and sum(certain) == said, (rows, said)
    assert rows[-1][1] == "up to " and "may bring in" in rows[-1][0]
    t.child.sendcontrol("c")
    assert t.finish() == 130


def test_outline_to_give_adds_up_to_its_headline(tmp_path: Path) -> None:
    path = tmp_path / "new.hiap.yaml"
    path.write_text("format: 1\ndecision:\n  title: Library opening hours\n", encoding="utf-8")
    shown = outline_text(tmp_path, path)
    lines = shown.splitlines()
    still = int(lines[2].split(", ")[1].split()[0])  # '1 answer given, 10 still to give, up to ...'
    header = next(i for i, line in enumerate(lines) if line.startswith("Section"))
    to_give = [int(line.split()[-2]) for line in lines[header + 1 :] if line.strip()]
    assert still > 0 and sum(to_give) == still, shown


@pytest.mark.pty
def test_plain_guidance_names_no_function_key(terminals: list[Terminal], tmp_path: Path) -> None:
    """Plain mode reads a typed line: '??' works there, and F2 is no key, so it is not offered."""
    path = tmp_path / "plain-help.hiap.yaml"
    filled(path, until="decision.summary")
    t = start(terminals, tmp_path, path.name, "--plain")
    t.answer(SUMMARY_Q, "?" + ENTER)
    t.expect("Say what is proposed and what it should achieve")
    t.child.expect(r"Why it matters: type \?\? (\(or press F2\) )?to read more\.")
    assert t.child.match.group(1) is None, t.child.match.group(0)
    t.child.sendcontrol("c")
    assert t.finish() == 130
