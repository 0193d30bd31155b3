"""Review, revise and upgrade through a real pseudo-terminal, as a reviewer and an officer use them.

The same harness as ``test_interview_pty``: ``python -m hiap`` in a pty (40 x 120, NO_COLOR, no
sector plugins), waiting for text before typing. Choices are made by their number, which the
list prompts accept as a shortcut, so the tests do not depend on where the highlight starts.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hiap.answers import answers_file
from tests.test_interview_pty import CORE, TIMEOUT, environment

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="pexpect.spawn needs a Unix pseudo-terminal"),
    pytest.mark.skipif(not CORE.exists(), reason="the core checklist is not there yet"),
]

pexpect = pytest.importorskip("pexpect")

FARES = Path(__file__).parent / "fixtures" / "living" / "fares.hiap.yaml"
V1 = Path(__file__).parent / "fixtures" / "v1"
ENTER, CTRL_U, CTRL_S, SPACE = "\r", "\x15", "\x13", " "


class Terminal:
    def __init__(self, folder: Path, *args: str) -> None:
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "hiap", *args],
            cwd=str(folder),
            env=environment(folder),
            encoding="utf-8",
            dimensions=(40, 120),
            timeout=TIMEOUT,
        )

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def answer(self, prompt: str, keys: str) -> None:
        self.expect(prompt)
        time.sleep(0.25)  # let the prompt finish drawing before keys arrive
        self.child.send(keys)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        status: int = self.child.exitstatus if self.child.exitstatus is not None else -self.child.signalstatus
        return status


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        if terminal.child.isalive():
            terminal.child.kill(9)
        terminal.child.close(force=True)


def start(terminals: list[Terminal], folder: Path, *args: str) -> Terminal:
    terminal = Terminal(folder, *args)
    terminals.append(terminal)
    return terminal


def hiap(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hiap", *args],
        cwd=folder,
        env=environment(folder),
        capture_output=True,
        text=True,
        timeout=120,
    )


def fares(folder: Path) -> Path:
    path = folder / "fares.hiap.yaml"
    shutil.copyfile(FARES, path)
    return path


def approve(folder: Path, path: Path) -> None:
    result = hiap(folder, "review", str(path), "--approve", "--reviewer", "Asha Rao", "--approver", "Director")
    assert result.returncode == 0, result.stderr


def test_reviewer_comments_and_returns_the_draft(terminals: list[Terminal], tmp_path: Path) -> None:
    path = fares(tmp_path)
    t = start(terminals, tmp_path, "review", "fares.hiap.yaml", "--by", "Asha Rao, Equality Lead")
    t.expect("Bus fare changes · Version 1 · Complete, awaiting approval")
    t.answer("What would you like to do?", "1" + ENTER)  # read and comment
    t.answer("Which section?", "4" + ENTER)  # principle 4's rating row
    t.expect("Fares rise for people on low incomes")  # the answers, in a table
    t.answer("Comment on which answer?", "2" + ENTER)  # why this rating
    t.expect("Your comment on Principle 4 (healthy standard of living): Why this rating?")
    t.answer("(Enter on an empty line finishes; < goes back)", "Say who is most affected, and how you know." + ENTER)
    t.child.send(ENTER)
    t.expect("Comment c1 saved.")
    t.answer("Comment on which answer?", "5" + ENTER)  # back to the sections (effect, why, mitigation, section)
    t.answer("Which section?", "9" + ENTER)  # back
    t.expect("Comments: 1 waiting for the officer")
    t.answer("What would you like to do?", "4" + ENTER)  # return it
    t.expect("Returned to the officer with 1 comment to answer")
    assert t.finish() == 0
    answers = answers_file.load(path)
    (comment,) = answers.comments
    assert (comment.id, comment.on, comment.status) == ("c1", "p4.reasoning", "open")
    assert comment.text == "Say who is most affected, and how you know."
    assert comment.by == "Asha Rao, Equality Lead"
    assert [e.event for e in answers.events] == ["commented", "reviewed"]


def test_officer_answers_on_resume_and_the_reviewer_approves(terminals: list[Terminal], tmp_path: Path) -> None:
    path = fares(tmp_path)
    returned = hiap(tmp_path, "review", str(path), "--comment", "p4.reasoning", "Say who is most affected.", "--return")
    assert returned.returncode == 0, returned.stderr
    officer = start(terminals, tmp_path, "assess", "fares.hiap.yaml", "--by", "Sam Patel")
    officer.expect("Comments from the review (1)")
    officer.expect("Answer now: Fares rise for people on low incomes who rely on the bus.")
    officer.answer("What will you do about comment c1?", "1" + ENTER)  # change the answer
    officer.answer("Why this rating? Who gains and who loses?", CTRL_U + "Disabled people ride most; fares rise 10%.")
    officer.child.send(ENTER + ENTER)
    officer.answer("Your response to the reviewer on c1:", ENTER + ENTER)  # "Changed as you asked."
    officer.expect("1 comment answered")
    officer.answer("What next?", "3" + ENTER)  # save and exit
    assert officer.finish() == 0
    answers = answers_file.load(path)
    assert answers.answers["p4.reasoning"].value == "Disabled people ride most; fares rise 10%."
    assert answers.comments[0].status == "answered"
    assert answers.comments[0].responses[0].text == "Changed as you asked."

    reviewer = start(terminals, tmp_path, "review", "fares.hiap.yaml", "--by", "Asha Rao, Equality Lead")
    reviewer.answer("What would you like to do?", "2" + ENTER)  # see the comments
    reviewer.expect("Sam Patel (")
    reviewer.answer("Comment c1:", "1" + ENTER)  # resolve it
    reviewer.answer("What would you like to do?", "2" + ENTER)  # approve and sign off
    reviewer.answer("Who reviewed it? Your name and role", ENTER)  # --by is the default
    reviewer.answer("Who approves it? Name and role", "Director of Place" + ENTER)
    reviewer.answer("Sign off 'Bus fare changes'", ENTER)
    reviewer.expect("Signed off.")
    assert reviewer.finish() == 0
    answers = answers_file.load(path)
    assert answers.comments[0].status == "resolved"
    assert answers.answers["signoff.reviewer"].value == "Asha Rao, Equality Lead"
    assert answers.answers["signoff.approver"].value == "Director of Place"
    assert [e.event for e in answers.events][-2:] == ["reviewed", "signed_off"]


def test_revise_asks_the_answers_chosen_then_finishes(terminals: list[Terminal], tmp_path: Path) -> None:
    path = fares(tmp_path)
    approve(tmp_path, path)
    signed = path.read_bytes()
    t = start(terminals, tmp_path, "revise", "fares.hiap.yaml", "--reason", "Cabinet asked for a phased start")
    t.expect("Started fares-v2.hiap.yaml; fares.hiap.yaml stays as it was signed off.")
    t.answer("Which section?", "8" + ENTER)  # monitoring and review
    t.answer("Which answers in 'Monitoring and review' do you want to change?", SPACE + ENTER)
    t.answer("8) Monitoring and review (1 answer, 1 chosen)", "9" + ENTER)  # done choosing
    t.answer("When will this assessment be reviewed?", CTRL_U + "30/09/2027" + ENTER)
    t.expect(" is missing")  # nothing else applies, so the review screen comes next
    t.answer("What next?", "1" + ENTER)  # finish
    t.expect("Version 2 is complete and needs signing off again: hiap review")
    assert t.finish() == 0
    assert path.read_bytes() == signed
    second = answers_file.load(tmp_path / "fares-v2.hiap.yaml")
    assert second.answers["monitoring.review_date"].value == "2027-09-30"
    assert "signoff.approver" not in second.answers
    events = [e.event for e in second.events]
    assert events[0] == "revised" and events[-1] == "completed" and "signed_off" not in events
    assert (tmp_path / "fares-v2.docx").exists()


def test_assess_on_a_signed_off_file_offers_a_new_version(terminals: list[Terminal], tmp_path: Path) -> None:
    path = fares(tmp_path)
    approve(tmp_path, path)
    signed = path.read_bytes()
    t = start(terminals, tmp_path, "assess", "fares.hiap.yaml", "--by", "Sam Patel")
    t.expect("A signed-off assessment is not changed in place")
    t.answer("What do you want to do?", "1" + ENTER)  # start version 2
    t.answer("Why is it being revised?", "The review date moved" + ENTER)
    t.expect("Version 2 is in fares-v2.hiap.yaml")
    t.answer("Which section?", CTRL_S)  # save and stop before choosing
    t.expect("Resume with:")
    assert t.finish() == 0
    assert path.read_bytes() == signed
    second = answers_file.load(tmp_path / "fares-v2.hiap.yaml")
    assert second.revision_of is not None and second.revision_of.file == "fares.hiap.yaml"
    assert second.events[0].note == "Version 2, revising fares.hiap.yaml: The review date moved"
    assert second.events[0].by == "Sam Patel"


def test_after_an_upgrade_assess_asks_only_what_is_new(terminals: list[Terminal], tmp_path: Path) -> None:
    path = tmp_path / "wn.hiap.yaml"
    shutil.copyfile(V1 / "west-norfolk-rural-transport.hiap.yaml", path)
    draft = answers_file.load(path)
    draft.events = [e for e in draft.events if e.event in ("created", "resumed")]  # a draft, not signed off
    answers_file.save(draft, path)
    upgraded = hiap(tmp_path, "upgrade", "wn.hiap.yaml", "--json", "--plugins", "transport")
    assert upgraded.returncode == 0, upgraded.stderr
    import json

    first = json.loads(upgraded.stdout)["new_questions"][0]["text"]
    t = start(terminals, tmp_path, "assess", "wn.hiap.yaml", "--plugins", "transport")
    t.expect("Resuming West Norfolk rural connections")
    t.expect(first)  # the first question asked is the first new one, not the title
    t.answer(first, CTRL_S)
    assert t.finish() == 0
