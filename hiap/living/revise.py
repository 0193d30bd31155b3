"""A new version of a signed-off assessment: a new file, linked to the old one, which stays as it was.

``start`` writes version N+1 beside version N ("luton-ta-v2.hiap.yaml"): the same answers,
carried to the checklists installed now, without the sign-off (it must be given again) and
without the old version's review comments (they belong to it), with a ``revision_of`` block
naming the old file, its version number and its digest, and a ``revised`` event saying who
revised it, when and why. The signed-off file is only read, so it renders byte for byte as
before. ``choose_changes`` then asks the answers the officer picks, before the interview asks
whatever those changes bring in.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hiap import wording
from hiap.answers import answers_file, audit, versions
from hiap.answers.upgrade import carry, record_upgrade
from hiap.errors import InputError, InputErrors
from hiap.interview.prompter import BACK, NOTE, SAVE, Item, Signal, ask_question
from hiap.living.common import answer_text, answered_by_section, each_items, short, signed_off
from hiap.models.answers import Event, RevisionOf

DONE = "__done__"


def check_reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if len(text) < 3:
        raise InputError(
            "a new version needs a reason",
            field="--reason",
            hint="say why it is revised, e.g. --reason 'Cabinet asked for a phased start'",
        )
    return text


def target_for(source: Path, output: Path | None) -> Path:
    """Where the new version goes, refused when it is taken or a later version exists already."""
    raw = answers_file.load(source)
    if signed_off(raw) is None:
        raise InputError(
            "this assessment is not signed off, so it is changed in place rather than revised",
            file=source,
            hint=f"change it with: hiap assess {source}",
        )
    later = versions.later_versions(source)
    if later:
        raise InputError(
            f"version {versions.version_number(raw) + 1} of this assessment exists already ({later[0].name})",
            file=source,
            hint=f"revise the latest version: hiap revise {versions.latest_version(source)}",
        )
    target = output or versions.revision_path(source, versions.version_number(raw) + 1)
    if target.exists():
        raise InputError("the new version's file exists already", file=target, hint="give another name with -o")
    if not target.parent.is_dir():
        raise InputError("the folder does not exist", file=target.parent, hint="create it, or give another path")
    return target


def start(source: Path, engine: Any, reason: str, by: str | None, output: Path | None = None) -> Path:
    """Write the next version of the signed-off assessment in ``source``; return its path."""
    reason = check_reason(reason)
    target = target_for(source, output)
    catalogue = engine.catalogue
    old = answers_file.load(source)
    new = old.model_copy(deep=True)
    carried = carry(new, catalogue)
    problems = answers_file.validate(new, catalogue, path=str(source))
    if problems:
        raise InputErrors(problems)
    number = versions.version_number(old) + 1
    stamp = audit.now()
    stamps = audit.versions(catalogue, engine.host.ok_plugins())
    for question in catalogue.questions:
        if question.asked_in == "review":  # the sign-off is given again, for this version
            new.remove(question.id)
    new.revision_of = RevisionOf(
        file=os.path.relpath(source, target.parent).replace(os.sep, "/"),
        version=number - 1,
        sha256=versions.digest(source),
    )
    new.comments = []
    new.created = stamp
    new.events = [
        Event(
            at=stamp,
            event="revised",
            by=" ".join(by.split()) if by and by.strip() else None,
            note=wording.revised_note(number, source.name, reason),
            versions=stamps,
        )
    ]
    if carried.changed:
        record_upgrade(new, carried, by, stamps)
    answers_file.save(new, target)
    return target


def choose_changes(session: Any) -> str | None:
    """Ask which answers to change (section by section, ticked), then ask each of them.

    Returns "saved" when the officer saves and stops; the interview asks what the changes bring
    in afterwards (``Session.run``)."""
    prompter, catalogue = session.prompter, session.catalogue
    plain = bool(getattr(prompter, "plain", False))
    prompter.heading("Which answers do you want to change?")
    prompter.say(
        "Choose a section, then tick the answers to change in it; choose 'Done choosing' when you have them all. "
        "They are asked first, then any question your changes bring in, then the review."
    )
    chosen: list[str] = []
    while True:
        sections = answered_by_section(catalogue, session.now, session.answers)
        items = []
        for section, questions in sections:
            picked = sum(1 for q in questions if q.id in chosen)
            extra = f", {picked} chosen" if picked else ""
            items.append(Item(section.id, f"{section.title} ({wording.plural(len(questions), 'answer')}{extra})"))
        items.append(Item(DONE, f"Done choosing: change the {len(chosen)} chosen" if chosen else "Done choosing"))
        pick = prompter.select("Which section?", items, default=DONE if chosen else None)
        if pick is SAVE:
            return "saved"
        if pick == DONE or pick is BACK:
            break
        if isinstance(pick, Signal):
            continue
        section, questions = next((s, qs) for s, qs in sections if s.id == pick)
        boxes = [
            Item(
                q.id,
                short(f"{q.label or q.text}: {answer_text(catalogue, q, session.answers.get(q.id))}", 110, plain),
            )
            for q in questions
        ]
        ticked = prompter.checkbox(
            f"Which answers in '{section.title}' do you want to change?",
            boxes,
            checked=[q.id for q in questions if q.id in chosen],
            hint="Space ticks an answer, Enter goes on.",
        )
        if ticked is SAVE:
            return "saved"
        if isinstance(ticked, Signal):
            continue
        ids = {q.id for q in questions}
        chosen = [qid for qid in chosen if qid not in ids] + list(ticked)
    for qid in sorted(chosen, key=lambda q: catalogue.position[q]):
        if session.now is None or not session.now.applies(qid):
            prompter.say(f"An earlier change means this no longer applies: {catalogue.by_id[qid].text}")
            continue
        if ask_with_follow_ups(session, catalogue.by_id[qid]) == "saved":
            return "saved"
    return None


def ask_with_follow_ups(session: Any, question: Any) -> str | None:
    """Ask ``question``, then at once each question its new answer brings in (a justification
    once harm is said to remain), before the interview goes back to its own order."""
    before = {q.id for q in session.now.interview}
    if ask_one(session, question) == "saved":
        return "saved"
    offered: set[str] = set()
    while True:
        brought = [q for q in session.now.unasked() if q.id not in before and q.id not in offered]
        if not brought:
            return None
        offered.add(brought[0].id)
        if ask_one(session, brought[0]) == "saved":
            return "saved"


def ask_one(session: Any, question: Any) -> str | None:
    """Put one question to the officer with its answer as the default, and record the answer."""
    prompter, catalogue = session.prompter, session.catalogue
    prompter.heading(catalogue.section_of[question.id].title)
    while True:
        saved = session.answers.get(question.id)
        result = ask_question(
            prompter,
            question,
            catalogue.options(question),
            saved.value if saved is not None else None,
            items=each_items(catalogue, session.now, question),
        )
        if result is SAVE:
            return "saved"
        if result is BACK:
            prompter.say("Kept as it was.")
            return None
        if result is NOTE:
            prompter.say("Notes can be added from the review screen, after the questions.")
            continue
        session.record(question, result, estimate=bool(getattr(prompter, "estimate", False)))
        return None


__all__ = ["ask_one", "ask_with_follow_ups", "check_reason", "choose_changes", "start", "target_for"]
