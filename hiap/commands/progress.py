"""``hiap progress FILE [ITEM [WHICH]] [--done] [--date D] [--note TEXT] [--value V]``.

With no item: list what the assessment promised, numbered, with the status of each. With one:
record progress on it (an action done, an indicator's reading, the review held). Progress is
kept in the file's ``progress`` block and the audit trail; it is not an answer, so it never
reopens a completed or signed-off assessment and never needs a new sign-off. The answers in
the file are left exactly as they were (an old file is not carried to newer checklists here).
"""

from __future__ import annotations

import argparse

from hiap import wording
from hiap.answers import answers_file, audit
from hiap.answers.promises import find, promises, record
from hiap.commands import engine_from, show
from hiap.commands.monitor import parse_date
from hiap.errors import InputError


def cmd_progress(args: argparse.Namespace) -> int:
    from hiap.answers.values import long_date
    from hiap.answers.versions import later_versions
    from hiap.console import quote

    engine = engine_from(args)
    stored, located = answers_file.load_located(args.file)
    view = stored.model_copy(deep=True)  # carried to today's checklists in memory only, to read the plan
    problems = answers_file.validate(view, engine.catalogue, path=str(args.file), located=located)
    if problems:
        from hiap.errors import InputErrors

        raise InputErrors(problems)
    found = promises(view, engine.catalogue)
    if args.item is None:
        if args.done or args.not_done or args.note or args.value or args.date:
            raise InputError(
                "say what the progress is on", field="item", hint="for example: hiap progress FILE action 2 --done"
            )
        as_of = parse_date(args.as_of)
        show(f"{view.title}: what it promised, as at {long_date(as_of)}")
        if not found:
            show("Nothing: the assessment has no actions, review date or indicators yet.")
        for p in found:
            owner = p.owner or "no owner named"
            due = long_date(p.due) if p.due else "no date"
            state = wording.delivered_words(p) if p.done or p.value else wording.due_words(p, as_of)
            show(f"- {wording.promise_words(p)} ({owner}; due {due}): {state}")
        return 0
    if args.done and args.not_done:
        raise InputError("--done and --not-done contradict each other", field="--done", hint="give one of them")
    if not (args.done or args.not_done or args.note or args.value):
        raise InputError(
            "nothing to record",
            field="--done",
            hint="give --done, --not-done, --note TEXT or (for an indicator) --value",
        )
    if args.value and args.item != "indicator":
        raise InputError("--value is a reading, for an indicator", field="--value", hint="use --note for an action")
    later = later_versions(args.file)
    if later:
        raise InputError(
            f"a later version of this assessment exists ({later[0].name})",
            file=args.file,
            hint=f"record progress there: hiap progress {quote(str(later[0]))} ...",
        )
    promise = find(found, args.item, args.which)
    date = parse_date(args.date, "--date").isoformat() if args.date else None
    if date is not None and args.done and date > parse_date(None).isoformat():
        from hiap.console import warn

        warn(f"--date {long_date(date)} is after today: recorded as given; check it if the work is not yet done")
    if args.done and date is None:
        date = parse_date(None).isoformat()
    done = args.done or (args.item == "indicator" and bool(args.value)) or (promise.done and not args.not_done)
    # written into the file as it was read: only the progress block and the trail change
    summary = wording.progress_note(promise, done=done, date=date, value=args.value, note=args.note)
    record(
        stored,
        promise,
        done=done,
        by=args.by,
        date=date,
        note=args.note,
        value=args.value,
        versions=audit.versions(engine.catalogue, engine.host.ok_plugins()),
        summary=summary,
    )
    answers_file.save(stored, args.file)
    show(f"Recorded in {args.file}: {summary}.")
    return 0
