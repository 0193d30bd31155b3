"""``hiap review FILE``: a reviewer's comments, and the draft returned or approved.

In a terminal: read the answers section by section, comment on a question or a section, see
the officer's responses and resolve or reply, then return the draft or approve and sign it off.
For scripts (and the tests), the same steps as options: ``--comment ON TEXT``, ``--resolve ID``,
``--return``, ``--approve --reviewer NAME --approver NAME`` and ``--list``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from hiap import wording
from hiap.answers import answers_file, comments
from hiap.commands import engine_from, show
from hiap.console import error, plain_mode
from hiap.errors import InputError


def _scripted(args: argparse.Namespace) -> bool:
    return bool(args.comment or args.resolve or args.return_ or args.approve or args.list)


def cmd_review(args: argparse.Namespace) -> int:
    if args.approve and not (args.reviewer and args.approver):
        raise InputError(
            "--approve needs the names of who reviewed and who approved it",
            field="--approve",
            hint="add --reviewer 'NAME, ROLE' --approver 'NAME, ROLE'",
        )
    if not _scripted(args) and not (sys.stdin.isatty() and sys.stdout.isatty()):
        error(
            "hiap review asks what to do, so it needs a terminal: run it in a terminal, or use --list, "
            "--comment ON TEXT, --resolve ID, --return or --approve"
        )
        return 2
    engine = engine_from(args, interactive=not _scripted(args))
    if _scripted(args):
        return _without_prompts(args, engine)
    from hiap.interview.prompter import PlainPrompter, Prompter, QuestionaryPrompter
    from hiap.living.review import Review

    prompter: Prompter = PlainPrompter() if args.plain or plain_mode() else QuestionaryPrompter()
    review = Review(engine, prompter, args.file, args.by)
    try:
        review.run()
    except (KeyboardInterrupt, EOFError):
        show(f"\nStopped: your comments are saved. Go on with: hiap review {args.file}", file=sys.stderr)
        return 130
    return 0


def _without_prompts(args: argparse.Namespace, engine: Any) -> int:
    from hiap.living.common import signed_off, versions_of, why_not_approve
    from hiap.living.review import load_for_review, status_lines
    from hiap.pipeline import assess

    answers, _ = load_for_review(args.file, engine, args.by)
    stamps = versions_of(engine.catalogue, engine.host.ok_plugins())
    changing = bool(args.comment or args.resolve or args.return_ or args.approve)
    if changing and signed_off(answers) is not None:
        raise InputError(
            "this assessment is signed off, so it is not changed in place",
            file=args.file,
            hint=f"start a new version first: hiap revise {args.file} --reason '...'",
        )
    for on, text in args.comment or []:
        target = comments.check_target(engine.catalogue, on)
        made = comments.add(answers, target, text, args.by, stamps)
        show(f"Comment {made.id} on {wording.comment_target(engine.catalogue, target)}.")
    for cid in args.resolve or []:
        comments.resolve(answers, cid, args.by, stamps)
        show(f"Comment {cid} resolved.")
    if args.approve:
        why = why_not_approve(assess(answers, engine), answers)
        if why is not None:
            raise InputError(f"it cannot be approved yet: {why}", file=args.file, field="--approve")
        comments.approve(answers, engine.catalogue, args.reviewer, args.approver, stamps)
        show(f"Signed off: reviewed by {args.reviewer}, approved by {args.approver}.")
    elif args.return_:
        show(comments.return_to_officer(answers, args.by, stamps) + ".")
    if changing:  # --list reads only (an old file is carried in memory, not saved)
        answers_file.save(answers, args.file)
    if args.list or not changing:
        for line in status_lines(answers, assess(answers, engine)):
            show(line)
        for c in answers.comments:
            show(
                f"- {c.id} on {wording.comment_target(engine.catalogue, c.on)} [{wording.COMMENT_STATUS_WORDS[c.status]}]"
            )
            show(f"    {c.by or 'Reviewer'}: {' '.join(c.text.split())}")
            for reply in c.responses:
                show(f"    {reply.by or 'Officer'}: {' '.join(reply.text.split())}")
    return 0
