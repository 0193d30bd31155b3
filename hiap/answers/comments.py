"""Review comments in the answers file: a reviewer's comment on a question or a section, the
officer's response, and the reviewer's decision to resolve it, return the draft or approve it.

Comments are what people said, so they live in the answers file (``comments:``) beside the
answers, and each step is also an event in the audit trail. These are pure functions over the
answers model: ``hiap review`` and ``hiap assess`` call them, and so do the tests.

A comment is ``open`` (the officer has to respond), ``answered`` (the reviewer has to look
again) or ``resolved``. Approval needs a complete assessment and no open comment; answered
comments are resolved by approving.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from hiap.answers import audit
from hiap.errors import InputError
from hiap.models.answers import AnswersFile, Comment, Reply

if TYPE_CHECKING:
    from hiap.checklist.catalogue import Catalogue
    from hiap.models.checklist import Question

SECTION = "section:"


def section_target(section_id: str) -> str:
    return SECTION + section_id


def check_target(catalogue: Catalogue, on: str) -> str:
    """``on`` if it names a question or a section of the checklists in use; bad input otherwise."""
    from hiap.errors import did_you_mean

    on = on.strip()
    if on.startswith(SECTION):
        sections = {s.id for s in catalogue.sections}
        if on[len(SECTION) :] in sections:
            return on
        hint = did_you_mean(on[len(SECTION) :], sections) or "sections: " + ", ".join(sorted(sections))
        raise InputError(f"no section has the id '{on[len(SECTION) :]}'", field="comment", hint=hint)
    if on in catalogue.by_id:
        return on
    if any(s.id == on for s in catalogue.sections):
        return SECTION + on
    hint = did_you_mean(on, catalogue.by_id) or "run 'hiap checklists' to list the question and section ids"
    raise InputError(f"no question or section has the id '{on}'", field="comment", hint=hint)


def questions_of(catalogue: Catalogue, on: str) -> list[Question]:
    """The questions a comment is about: one, or every question of its section."""
    if on.startswith(SECTION):
        section = next((s for s in catalogue.sections if s.id == on[len(SECTION) :]), None)
        return list(section.questions) if section is not None else []
    question = catalogue.by_id.get(on)
    return [question] if question is not None else []


def find(answers: AnswersFile, comment_id: str) -> Comment:
    for comment in answers.comments:
        if comment.id == comment_id:
            return comment
    known = ", ".join(c.id for c in answers.comments) or "none yet"
    raise InputError(f"no comment has the id '{comment_id}'", field="comment", hint=f"comments in the file: {known}")


def _next_id(answers: AnswersFile) -> str:
    numbers = [int(c.id[1:]) for c in answers.comments if c.id[1:].isdigit()]
    return f"c{max(numbers, default=0) + 1}"


def _text(text: str, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InputError(f"the {what} is empty", field=what, hint=f"write the {what}")
    return cleaned


def add(
    answers: AnswersFile,
    on: str,
    text: str,
    by: str | None,
    versions: Mapping[str, str] | None = None,
    *,
    at: str | None = None,
) -> Comment:
    """A new open comment from the reviewer, recorded in the trail."""
    stamp = at or audit.now()
    comment = Comment(id=_next_id(answers), on=on, text=_text(text, "comment"), by=_name(by), at=stamp)
    answers.comments.append(comment)
    audit.record(answers, "commented", by, versions, at=stamp, note=f"{comment.id} on {on}")
    return comment


def respond(
    answers: AnswersFile,
    comment_id: str,
    text: str,
    by: str | None,
    versions: Mapping[str, str] | None = None,
    *,
    changed: bool = False,
    at: str | None = None,
) -> Comment:
    """The officer's response: the comment goes back to the reviewer (``answered``)."""
    stamp = at or audit.now()
    comment = find(answers, comment_id)
    comment.responses.append(Reply(at=stamp, by=_name(by), text=_text(text, "response")))
    comment.status = "answered"
    note = f"{comment.id}: " + ("answer changed" if changed else "responded without a change")
    audit.record(answers, "responded", by, versions, at=stamp, note=note)
    return comment


def follow_up(
    answers: AnswersFile,
    comment_id: str,
    text: str,
    by: str | None,
    versions: Mapping[str, str] | None = None,
    *,
    at: str | None = None,
) -> Comment:
    """The reviewer's reply to a response: the comment is open again, for the officer."""
    stamp = at or audit.now()
    comment = find(answers, comment_id)
    comment.responses.append(Reply(at=stamp, by=_name(by), text=_text(text, "reply")))
    comment.status = "open"
    audit.record(answers, "commented", by, versions, at=stamp, note=f"{comment.id}: reply from the reviewer")
    return comment


def resolve(
    answers: AnswersFile,
    comment_id: str,
    by: str | None,
    versions: Mapping[str, str] | None = None,
    *,
    at: str | None = None,
) -> Comment:
    """The reviewer is satisfied (or withdraws the comment)."""
    comment = find(answers, comment_id)
    comment.status = "resolved"
    audit.record(answers, "resolved", by, versions, at=at, note=comment.id)
    return comment


def waiting_for_officer(answers: AnswersFile) -> list[Comment]:
    return [c for c in answers.comments if c.status == "open"]


def waiting_for_reviewer(answers: AnswersFile) -> list[Comment]:
    return [c for c in answers.comments if c.status == "answered"]


def return_to_officer(
    answers: AnswersFile, by: str | None, versions: Mapping[str, str] | None = None, *, at: str | None = None
) -> str:
    """The reviewer sends the draft back: a ``reviewed`` event whose note says so and how many
    comments wait for the officer (so the document's version history shows each review round)."""
    waiting = len(waiting_for_officer(answers))
    note = "Returned to the officer" + (
        f" with {waiting} comment{'s' if waiting != 1 else ''} to answer" if waiting else ""
    )
    audit.record(answers, "reviewed", by, versions, at=at, note=note)
    return note


def approve(
    answers: AnswersFile,
    catalogue: Catalogue,
    reviewer: str,
    approver: str,
    versions: Mapping[str, str] | None = None,
    *,
    at: str | None = None,
) -> None:
    """Record the sign-off: the reviewer's and approver's names as the sign-off answers (the
    questions with those roles, asked only here), comments answered resolved, then ``reviewed``
    by the reviewer and ``signed_off`` by the approver."""
    from hiap.models.answers import Answer

    stamp = at or audit.now()
    for role, name in (("reviewer", reviewer), ("approver", approver)):
        question = catalogue.roles.question(role)
        if question is None:
            raise InputError(
                f"the checklists have no question with the role '{role}', so the sign-off cannot be recorded",
                hint="update hiap: its core checklist records the reviewer and the approver",
            )
        answers.set(question.id, Answer(value=_text(name, role)))
    for comment in waiting_for_reviewer(answers):
        resolve(answers, comment.id, reviewer, versions, at=stamp)
    audit.record(answers, "reviewed", reviewer, versions, at=stamp, note="Reviewed and approved")
    audit.record(answers, "signed_off", approver, versions, at=stamp)


def _name(value: str | None) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


__all__ = [
    "add",
    "approve",
    "check_target",
    "find",
    "follow_up",
    "questions_of",
    "resolve",
    "respond",
    "return_to_officer",
    "waiting_for_officer",
    "waiting_for_reviewer",
]
