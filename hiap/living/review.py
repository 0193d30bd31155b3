"""The reviewer's session in the terminal: read, comment, then return the draft or approve it.

Everything is saved as it happens (a comment is in the file as soon as it is typed), so Ctrl-C
loses nothing. The reviewer never changes an answer: they comment, and the officer answers the
comments when they resume with ``hiap assess``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from hiap import wording
from hiap.answers import answers_file, comments
from hiap.answers.upgrade import carry, record_upgrade
from hiap.checklist.route import route
from hiap.errors import InputErrors
from hiap.interview.prompter import BACK, SAVE, Item, Prompter, Signal
from hiap.living.common import (
    answer_text,
    answered_by_section,
    ask_text,
    required_text,
    short,
    show_comment,
    versions_of,
    why_not_approve,
)
from hiap.models.answers import AnswersFile

Outcome = Literal["approved", "returned", "saved"]
WHOLE = "__section__"


def load_for_review(path: Path, engine: Any, by: str | None) -> tuple[AnswersFile, bool]:
    """The file, carried to today's checklists (and recorded so, since the review saves it),
    and whether it had to be carried."""

    answers, located = answers_file.load_located(path)
    carried = carry(answers, engine.catalogue)
    problems = answers_file.validate(answers, engine.catalogue, path=str(path), located=located)
    if problems:
        raise InputErrors(problems)
    if carried.changed:
        record_upgrade(answers, carried, by, versions_of(engine.catalogue, engine.host.ok_plugins()))
    return answers, carried.changed


def status_lines(answers: AnswersFile, assessment: Any) -> list[str]:
    """Where the assessment stands, for the reviewer: its state and its comments."""
    from hiap.answers.versions import version_number

    state = wording.assessment_status(assessment)
    if assessment.missing:
        state = wording.draft_line(assessment.to_answer, len(assessment.missing) - assessment.to_answer)
    elif not assessment.approved:
        state = "Complete, awaiting approval"
    lines = [f"{answers.title} · {wording.version_words(version_number(answers))} · {state}"]
    counts = {s: sum(1 for c in answers.comments if c.status == s) for s in ("open", "answered", "resolved")}
    if answers.comments:
        lines.append(
            f"Comments: {counts['open']} waiting for the officer, {counts['answered']} answered and waiting for you, "
            f"{counts['resolved']} resolved."
        )
    return lines


class Review:
    """One sitting of a review over one answers file."""

    def __init__(self, engine: Any, prompter: Prompter, path: Path, by: str | None) -> None:
        from hiap.pipeline import assess

        self.engine = engine
        self.catalogue = engine.catalogue
        self.prompter = prompter
        self.path = path
        self.by = by
        self.answers, self.upgraded = load_for_review(path, engine, by)
        self.stamps = versions_of(self.catalogue, engine.host.ok_plugins())
        self.assess = lambda: assess(self.answers, engine)
        self.plain = bool(getattr(prompter, "plain", False))

    def save(self) -> None:
        answers_file.save(self.answers, self.path)

    def run(self) -> Outcome:
        first = True
        while True:
            assessment = self.assess()
            self.prompter.heading("Review")
            for line in status_lines(self.answers, assessment):
                self.prompter.say(line)
            if assessment.approved:  # nothing is written: a signed-off file is never changed in place
                self.prompter.say(
                    "It is signed off, so it is not changed in place: to change it, the officer starts a new "
                    f"version with: hiap revise {self.path.name} --reason '...'"
                )
                return "saved"
            if first and self.upgraded:
                self.prompter.say("It was answered with an earlier checklist; it is now carried to today's.")
                self.save()
            first = False
            waiting = comments.waiting_for_officer(self.answers)
            answered = comments.waiting_for_reviewer(self.answers)
            items = [Item("read", "Read the answers and comment, section by section")]
            if answered or waiting:
                items.append(
                    Item("comments", f"See the comments ({len(answered)} answered by the officer, {len(waiting)} open)")
                )
            items.append(Item("approve", "Approve and sign off"))
            if waiting:
                items.append(Item("return", f"Return it to the officer with {wording.plural(len(waiting), 'comment')}"))
            items.append(Item("save", "Save and stop here (comments are saved as you make them)"))
            default = "comments" if answered else "read"
            choice = self.prompter.select("What would you like to do?", items, default=default)
            if choice in ("save", SAVE):
                self.save()
                return "saved"
            if choice == "read":
                if self.read() == "saved":
                    return "saved"
            elif choice == "comments":
                if self.thread() == "saved":
                    return "saved"
            elif choice == "approve":
                if self.approve(assessment) == "approved":
                    return "approved"
            elif choice == "return":
                note = comments.return_to_officer(self.answers, self.by, self.stamps)
                self.save()
                self.prompter.say(f"{note}. They see the comments when they resume with: hiap assess {self.path.name}")
                return "returned"

    # -- reading and commenting -----------------------------------------------------------
    def read(self) -> str | None:
        while True:
            now = route(self.catalogue, self.answers.values())
            sections = answered_by_section(self.catalogue, now, self.answers)
            items = []
            for section, questions in sections:
                on = {c.on for c in self.answers.comments if c.status != "resolved"}
                count = sum(1 for q in questions if q.id in on) + (
                    1 if comments.section_target(section.id) in on else 0
                )
                extra = f", {wording.plural(count, 'open comment')}" if count else ""
                items.append(Item(section.id, f"{section.title} ({wording.plural(len(questions), 'answer')}{extra})"))
            items.append(Item(None, "Back"))
            pick = self.prompter.select("Which section?", items, default=items[0].value)
            if pick is SAVE:
                return "saved"
            if not isinstance(pick, str):
                return None
            section, questions = next((s, qs) for s, qs in sections if s.id == pick)
            if self.section(section, questions) == "saved":
                return "saved"

    def section(self, section: Any, questions: list[Any]) -> str | None:
        while True:
            # each answer as a block, full width: long answers read as paragraphs, not a narrow column
            self.prompter.heading(section.title)
            for n, question in enumerate(questions, start=1):
                answer = self.answers.get(question.id)
                self.prompter.say(f"{n}. {' '.join(question.text.split())}", style="bold")
                self.prompter.say(answer_text(self.catalogue, question, answer))
                if answer is not None and answer.note:
                    self.prompter.say(f"Note: {answer.note}", style="dim")
                for c in self.answers.comments:
                    if c.on == question.id and c.status != "resolved":
                        self.prompter.say(
                            f"Comment {c.id} ({wording.COMMENT_STATUS_WORDS[c.status].lower()}): {c.text}"
                        )
            for c in self.answers.comments:
                if c.on == comments.section_target(section.id) and c.status != "resolved":
                    self.prompter.say(f"On the whole section, comment {c.id}: {c.text}")
            choices = [
                Item(q.id, short(f"{n}. {q.label or q.text}", 90, self.plain)) for n, q in enumerate(questions, 1)
            ]
            choices.append(Item(WHOLE, f"Comment on the whole section '{section.title}'"))
            choices.append(Item(None, "Back to the sections"))
            pick = self.prompter.select("Comment on which answer?", choices, default=choices[0].value)
            if pick is SAVE:
                return "saved"
            if not isinstance(pick, str):
                return None
            on = comments.section_target(section.id) if pick == WHOLE else pick
            typed = ask_text(
                self.prompter,
                f"Your comment on {wording.comment_target(self.catalogue, on)}:",
                hint="Say what should change or what is missing; the officer answers it.",
            )
            if typed is SAVE:
                return "saved"
            if isinstance(typed, Signal):
                continue
            comment = comments.add(self.answers, on, typed, self.by, self.stamps)
            self.save()
            self.prompter.say(f"Comment {comment.id} saved.")

    # -- the thread ------------------------------------------------------------------------
    def thread(self) -> str | None:
        for comment in comments.waiting_for_reviewer(self.answers) + comments.waiting_for_officer(self.answers):
            show_comment(self.prompter, self.catalogue, self.answers, comment)
            if comment.status == "answered":
                choices = [
                    Item("resolve", "Resolve it: the response settles it"),
                    Item("reply", "Reply: it goes back to the officer"),
                    Item("skip", "Leave it for now"),
                ]
            else:
                choices = [Item("skip", "Leave it with the officer"), Item("resolve", "Withdraw it")]
            choice = self.prompter.select(f"Comment {comment.id}:", choices, default=choices[0].value)
            if choice is SAVE:
                return "saved"
            if choice == "resolve":
                comments.resolve(self.answers, comment.id, self.by, self.stamps)
                self.save()
            elif choice == "reply":
                text = ask_text(self.prompter, f"Your reply on {comment.id}:")
                if text is SAVE:
                    return "saved"
                if isinstance(text, str):
                    comments.follow_up(self.answers, comment.id, text, self.by, self.stamps)
                    self.save()
            elif choice is BACK:
                return None
        return None

    # -- approval -----------------------------------------------------------------------------
    def approve(self, assessment: Any) -> str | None:
        why = why_not_approve(assessment, self.answers)
        if why is not None:
            self.prompter.say(f"It cannot be approved yet: {why}.")
            for item in assessment.missing[:10]:
                self.prompter.say(f"- {item}")
            return None
        names = {}
        for role, message in (
            ("reviewer", "Who reviewed it? Your name and role"),
            ("approver", "Who approves it? Name and role"),
        ):
            current = self.catalogue.roles.value(role, self.answers.values()) or (self.by if role == "reviewer" else "")
            raw = self.prompter.text(message, default=str(current or ""), validate=required_text)
            if raw is SAVE:
                return "saved"
            if isinstance(raw, Signal):
                return None
            names[role] = " ".join(raw.split())
        confirm = self.prompter.select(
            f"Sign off '{self.answers.title}', reviewed by {names['reviewer']} and approved by {names['approver']}?",
            [Item(True, "Yes, sign it off"), Item(False, "No, go back")],
            default=True,
        )
        if confirm is not True:
            return None
        comments.approve(self.answers, self.catalogue, names["reviewer"], names["approver"], self.stamps)
        self.save()
        self.prompter.say(
            f"Signed off. The document: hiap render {self.path.name}. From now on it is changed only by a new "
            "version (hiap revise)."
        )
        return "approved"


__all__ = ["Review", "load_for_review", "status_lines"]
