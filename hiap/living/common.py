"""What the review, the responses and the revision share: answers in words, the comment thread
as the officer and the reviewer read it, and the questions of a section that have answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hiap.answers import audit, values
from hiap.answers.values import long_date
from hiap.checklist.catalogue import Catalogue
from hiap.checklist.route import Route
from hiap.interview.prompter import Item, Prompter
from hiap.models.answers import Answer, AnswersFile, Comment
from hiap.models.checklist import Question, Section


def answer_text(catalogue: Catalogue, question: Question, answer: Answer | None) -> str:
    """An answer in full words: every entry of a list, the estimate of a number."""
    if answer is None or answer.value is None:
        return "Not answered"
    value = answer.value
    if question.type == "records" and isinstance(value, list):
        return " | ".join("; ".join(f"{k}: {v}" for k, v in row.items()) for row in value) or "None"
    if question.type == "number":
        return values.number_words(value, estimate=answer.estimate)
    return values.display(question, value, catalogue.options(question))


def short(text: str, limit: int, plain: bool) -> str:
    """Cut for a list entry, except in plain mode: a screen reader hears it whole."""
    text = " ".join(str(text).split())
    if plain or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def answered_by_section(catalogue: Catalogue, now: Route, answers: AnswersFile) -> list[tuple[Section, list[Question]]]:
    """Sections in order, each with its interview questions that apply and have an answer."""
    found: dict[str, tuple[Section, list[Question]]] = {}
    for question in now.interview:
        if answers.get(question.id) is not None:
            section = catalogue.section_of[question.id]
            found.setdefault(section.id, (section, []))[1].append(question)
    return list(found.values())


def each_items(catalogue: Catalogue, now: Route, question: Question) -> list[Item]:
    """For a one-line-per-item question: the items chosen in the questions it reads."""
    if question.type != "each":
        return []
    options = {o.value: o.label for o in catalogue.options(question)}
    chosen = [v for ref in question.each for v in (now.values.get(ref) or [])]
    return [Item(value, options.get(value, value)) for value in dict.fromkeys(chosen)]


def show_comment(
    prompter: Prompter, catalogue: Catalogue, answers: AnswersFile, comment: Comment, *, status: bool = True
) -> None:
    """The comment, what it is about with the answer as it stands, and its thread (with its
    status for the reviewer; the officer is shown only what waits for them)."""
    from hiap import wording
    from hiap.answers.comments import questions_of

    prompter.say("")
    state = f" ({wording.COMMENT_STATUS_WORDS[comment.status].lower()})" if status else ""
    prompter.say(f"Comment {comment.id} on {wording.comment_target(catalogue, comment.on)}{state}", style="bold")
    questions = [q for q in questions_of(catalogue, comment.on) if answers.get(q.id) is not None]
    if not comment.on.startswith("section:"):
        for question in questions:
            prompter.say(f"Answer now: {answer_text(catalogue, question, answers.get(question.id))}")
    prompter.say(f"{comment.by or 'The reviewer'} ({_day(comment.at)}): {comment.text}")
    for reply in comment.responses:
        prompter.say(f"{reply.by or 'Someone'} ({_day(reply.at)}): {reply.text}")


def _day(stamp: str) -> str:
    try:
        return long_date(stamp[:10])
    except ValueError:
        return stamp


def required_text(raw: str) -> str | None:
    return None if raw.strip() else "Write something, or press Ctrl-S to save and stop"


def ask_text(prompter: Prompter, message: str, *, default: str = "", hint: str | None = None) -> Any:
    """Some words that must not be empty (a comment, a response, a reply): the text, or a
    ``Signal`` for a key or a typed command ('<' back, ':save')."""
    from hiap.interview.prompter import command_of

    def check(raw: str) -> str | None:
        return None if command_of(raw) is not None else required_text(raw)

    raw = prompter.text(
        message,
        default=default,
        hint=hint,
        validate=check,
        multiline=True,
        instruction="(Enter on an empty line finishes; < goes back)",
    )
    if isinstance(raw, str):
        signal = command_of(raw)
        if signal is not None:
            return signal
        return raw.strip()
    return raw


def versions_of(catalogue: Catalogue, plugins: dict[str, str]) -> dict[str, str]:
    return audit.versions(catalogue, plugins)


def numbered(items: Sequence[str]) -> list[str]:
    return [f"{n}. {text}" for n, text in enumerate(items, start=1)]


def why_not_approve(assessment: Any, answers: AnswersFile) -> str | None:
    """Why the assessment cannot be approved now, in words; None when it can."""
    from hiap import wording
    from hiap.answers.comments import waiting_for_officer

    signed = audit.last_event(answers, "signed_off") is not None and assessment.approved
    return wording.cannot_approve(assessment, signed, [c.id for c in waiting_for_officer(answers)])


def signed_off(answers: AnswersFile) -> Any:
    """The sign-off that stands (the last ``signed_off`` event, not reopened since), or None."""
    found = audit.last_event(answers, "signed_off")
    if found is None or audit.changed_after_signoff(answers):
        return None
    return found[1]
