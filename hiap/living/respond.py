"""The officer's side of a review and of a signed-off file, when ``hiap assess`` opens it.

Before the interview resumes: a signed-off file is never changed in place, so the officer is
offered a new version instead; a file with a later version points to it. After it opens: a new
version asks the answers to change first; comments waiting for the officer are shown one by one,
to change the answer or reply, and go back to the reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hiap import wording
from hiap.answers import answers_file, comments, versions
from hiap.answers.values import long_date
from hiap.errors import InputError, Interrupted
from hiap.interview.prompter import SAVE, Item, Signal
from hiap.living import revise
from hiap.living.common import ask_text, show_comment, signed_off, versions_of

CHANGED = "Changed as you asked."


@dataclass(frozen=True)
class Opened:
    """The file the interview opens, and whether it is a new version just started."""

    path: Path
    revision: bool = False


def before_resume(engine: Any, prompter: Any, path: Path, by: str | None) -> Opened | None:
    """Which file to open: ``path``, its later version, or a new version of a signed-off one.
    None when the officer leaves it as it is."""
    if not path.exists():
        return Opened(path)
    try:
        answers = answers_file.load(path)
    except InputError:
        return Opened(path)  # the session names what is wrong with it
    try:
        later = versions.latest_version(path)
        if later != path:
            prompter.say(f"A later version of this assessment exists: {later.name}.")
            choice = prompter.select(
                "Which do you want to open?",
                [Item("later", f"The later version, {later.name}"), Item("stop", "Neither: stop here")],
                default="later",
            )
            return Opened(later) if choice == "later" else None
        signature = signed_off(answers)
        if signature is None:
            return Opened(path)
        who = f" by {signature.by}" if signature.by else ""
        prompter.say(
            f'"{answers.title}" was signed off on {long_date(signature.at[:10])}{who}. A signed-off assessment is '
            "not changed in place: a new version is started beside it, and the signed-off one stays as it is."
        )
        number = versions.version_number(answers) + 1
        choice = prompter.select(
            "What do you want to do?",
            [
                Item("revise", f"Start version {number} as a new file (you will be asked why)"),
                Item("stop", "Leave it as it is"),
            ],
            default="revise",
        )
        if choice != "revise":
            prompter.say("Nothing was changed.")
            return None
        revise.target_for(path, None)  # said now, before the reason is typed
        reason = prompter.text(
            f"Why is it being revised? (a line for the record of version {number})",
            validate=lambda raw: None if len(" ".join(raw.split())) >= 3 else "Give the reason in a few words",
        )
        if isinstance(reason, Signal):
            prompter.say("Nothing was changed.")
            return None
        target = revise.start(path, engine, reason, by)
        prompter.say(f"Version {number} is in {target.name}; {path.name} stays as it was signed off.")
        return Opened(target, revision=True)
    except (KeyboardInterrupt, EOFError):
        raise Interrupted(None) from None


def on_resume(session: Any, opened: Opened) -> str | None:
    """After the file is open: the answers to change (a new version), then the comments."""
    try:
        if opened.revision and revise.choose_changes(session) == "saved":
            return "saved"
        return answer_comments(session)
    except (KeyboardInterrupt, EOFError):
        _save(session)
        raise Interrupted(session.path) from None


def _save(session: Any) -> None:
    answers_file.save(session.answers, session.path, cache=session.cache)


def answer_comments(session: Any) -> str | None:
    """Each comment waiting for the officer: change the answer, reply, or leave it for now."""
    answers, prompter, catalogue = session.answers, session.prompter, session.catalogue
    waiting = comments.waiting_for_officer(answers)
    if not waiting:
        return None
    stamps = versions_of(catalogue, session.plugins)
    prompter.heading(f"Comments from the review ({len(waiting)})")
    prompter.say(
        "The reviewer left these comments. For each, change the answer or reply; your responses go back to them."
    )
    answered = 0
    for comment in waiting:
        show_comment(prompter, catalogue, answers, comment, status=False)
        questions = [
            q
            for q in comments.questions_of(catalogue, comment.on)
            if q.asked_in == "assess" and session.now is not None and session.now.applies(q.id)
        ]
        choices = [Item("change", "Change the answer")] if questions else []
        choices += [Item("reply", "Reply without changing it"), Item("later", "Leave it for now")]
        choice = prompter.select(f"What will you do about comment {comment.id}?", choices, default=choices[0].value)
        if choice is SAVE:
            return "saved"
        changed = False
        if choice == "change":
            question = questions[0]
            if len(questions) > 1:
                picked = prompter.select(
                    "Which answer?",
                    [Item(q.id, " ".join(q.text.split())) for q in questions],
                    default=questions[0].id,
                )
                if picked is SAVE:
                    return "saved"
                if isinstance(picked, Signal):
                    continue
                question = catalogue.by_id[picked]
            before = answers.get(question.id)
            if revise.ask_with_follow_ups(session, question) == "saved":
                return "saved"
            after = answers.get(question.id)
            changed = (before.value if before else None) != (after.value if after else None)
        elif choice != "reply":
            continue
        reply = ask_text(
            prompter, f"Your response to the reviewer on {comment.id}:", default=CHANGED if changed else ""
        )
        if reply is SAVE:
            return "saved"
        if isinstance(reply, Signal):
            continue
        comments.respond(answers, comment.id, reply, session.by, stamps, changed=changed)
        _save(session)
        answered += 1
    if answered:
        prompter.say(
            f"{wording.plural(answered, 'comment')} answered: the reviewer sees your responses when they next run "
            f"hiap review {session.path.name}."
        )
    return None


def after_finish(session: Any, assessment: Any) -> None:
    """What happens next, for a new version or an assessment in review."""
    answers = session.answers
    waiting = comments.waiting_for_reviewer(answers)
    if not assessment.complete or assessment.approved:
        return
    if answers.revision_of is not None or waiting or answers.comments:
        tail = f" ({wording.plural(len(waiting), 'response')} to read)" if waiting else ""
        if answers.revision_of is not None:
            what = f"Version {versions.version_number(answers)} is complete and needs signing off again"
        else:
            what = "It is complete and goes back to the reviewer"
        session.prompter.say(f"{what}: hiap review {session.path}{tail}")


__all__ = ["Opened", "after_finish", "answer_comments", "before_resume", "on_resume"]
