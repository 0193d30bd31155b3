"""``hiap revise FILE --reason TEXT``: start the next version of a signed-off assessment.

The signed-off file is only read: the new version is a new file beside it (``NAME-v2``), linked
by name, version number and digest, with who revised it, when and why. In a terminal the officer
then chooses the answers to change and is asked them, then whatever they bring in, then the
review; ``--no-input`` only writes the new file, to change with ``hiap assess``.
"""

from __future__ import annotations

import argparse
import sys

from hiap.commands import engine_from, show
from hiap.console import error, plain_mode, quote


def cmd_revise(args: argparse.Namespace) -> int:
    from hiap.answers.versions import version_number
    from hiap.living import revise

    interactive = not args.no_input
    if interactive and not (sys.stdin.isatty() and sys.stdout.isatty()):
        error(
            "hiap revise asks which answers to change, so it needs a terminal: run it in a terminal, or pass "
            "--no-input --reason TEXT to write the new version only"
        )
        return 2
    if args.no_input or args.reason is not None:
        revise.check_reason(args.reason)
    engine = engine_from(args, interactive=interactive)
    revise.target_for(args.file, args.output)  # refused now, before any question, if it cannot be done
    if not interactive:
        target = revise.start(args.file, engine, args.reason, args.by, args.output)
        from hiap.answers import answers_file

        number = version_number(answers_file.load(target))
        show(f"Wrote version {number}: {target} ({args.file} is kept as it was signed off).")
        show(
            f"Next: hiap assess {quote(str(target))} to change it, then hiap review {quote(str(target))} to sign it off."
        )
        return 0

    from hiap.commands.assess import interview
    from hiap.interview.prompter import PlainPrompter, Prompter, QuestionaryPrompter
    from hiap.interview.summary import show_summary
    from hiap.living.respond import Opened, after_finish, on_resume
    from hiap.pipeline import assess

    prompter: Prompter = PlainPrompter() if args.plain or plain_mode() else QuestionaryPrompter()
    reason = args.reason
    if reason is None:
        from hiap.interview.prompter import Signal

        answer = prompter.text(
            "Why is this assessment being revised? (a line for the record of the new version)",
            validate=lambda raw: None if len(" ".join(raw.split())) >= 3 else "Give the reason in a few words",
        )
        if isinstance(answer, Signal):
            prompter.say("Nothing was changed.")
            return 0
        reason = answer
    target = revise.start(args.file, engine, reason, args.by, args.output)
    prompter.say(f"Started {target.name}; {args.file.name} stays as it was signed off.")
    session = interview(engine, prompter, args.by)
    session.open(target)
    outcome = "saved" if on_resume(session, Opened(target, revision=True)) == "saved" else session.run()
    if outcome == "saved":
        from hiap.console import resume_command

        prompter.say(f"Saved {target}. Resume with: {resume_command(target)}")
        return 0
    assert session.answers is not None
    assessment = assess(session.answers, engine)
    show_summary(prompter, assessment)
    from hiap.commands.assess import _write

    out = _write(engine, assessment, target, "docx", ".docx", None)
    prompter.say(f"Wrote {out}")
    after_finish(session, assessment)
    return 0
