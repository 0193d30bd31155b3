"""``hiap assess [FILE]``: the guided interview, or (``--no-input``) a check-and-render for scripts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hiap.answers import answers_file
from hiap.commands import engine_from
from hiap.console import error, plain_mode, resume_command
from hiap.errors import InputError, did_you_mean

if TYPE_CHECKING:
    from hiap.interview.prompter import Prompter
    from hiap.interview.session import Session
    from hiap.pipeline import Engine

#: Where a new answers file goes when none is named (the README says so; git ignores it).
ASSESSMENTS = Path("assessments")
NO_TERMINAL = (
    "hiap assess asks questions, so it needs a terminal: run it in a terminal, "
    "or pass --no-input with a complete answers file"
)


def interview(engine: Engine, prompter: Prompter, by: str | None) -> Session:
    """The interview as ``assess`` and ``revise`` both run it: the engine's checklists, plugins,
    guidance and local evidence, and the council's area and nation from ``hiap.toml``."""
    from hiap.interview.session import Session
    from hiap.pipeline import assess, guidance, local_evidence
    from hiap.settings import council_nation

    council = engine.config.council
    return Session(
        engine.catalogue,
        prompter,
        assess=lambda answers: assess(answers, engine),
        by=by,
        plugins=engine.host.ok_plugins(),
        guidance=lambda question: guidance(engine, question),
        evidence=lambda answers: local_evidence(engine, answers),
        area=(council.get("area_code"), council.get("area_name") or council.get("name")),
        preset={"nation": council_nation(council)},
    )


def cmd_assess(args: argparse.Namespace) -> int:
    fmt_name = args.format or "docx"
    if args.no_input:
        return _without_prompts(args, fmt_name)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        error(NO_TERMINAL)
        return 2
    engine = engine_from(args, interactive=True)
    suffix = _suffix(engine, fmt_name)

    from hiap.interview.prompter import PlainPrompter, QuestionaryPrompter
    from hiap.interview.summary import show_summary
    from hiap.pipeline import assess

    prompter: Prompter = PlainPrompter() if args.plain or plain_mode() else QuestionaryPrompter()
    session = interview(engine, prompter, args.by)
    opened = None
    if args.file is not None:
        from hiap.living.respond import before_resume, on_resume

        # a signed-off file is not changed in place: a new version is offered instead
        opened = before_resume(engine, prompter, args.file, args.by)
        if opened is None:
            return 0
        session.open(opened.path)
    else:
        ASSESSMENTS.mkdir(exist_ok=True)
        session.open_by_title(ASSESSMENTS)
    # a new version's answers to change, then review comments waiting for the officer
    outcome = "saved" if opened is not None and on_resume(session, opened) == "saved" else session.run()
    assert session.path is not None and session.answers is not None
    if outcome == "saved":
        prompter.say(f"Saved {session.path}. Resume with: {resume_command(session.path)}")
        return 0
    assessment = assess(session.answers, engine)
    show_summary(prompter, assessment)
    out = _write(engine, assessment, session.path, fmt_name, suffix, args.template)
    prompter.say(f"Wrote {out}")
    from hiap.living.respond import after_finish

    after_finish(session, assessment)
    return 0


def _without_prompts(args: argparse.Namespace, fmt_name: str) -> int:
    """``--no-input``: never prompt; list what is missing (exit 2) or write the document."""
    if args.file is None:
        raise InputError(
            "--no-input needs the answers file to read", field="--no-input", hint="run: hiap assess FILE --no-input"
        )
    if not args.file.exists():
        raise InputError(
            "no such answers file",
            file=args.file,
            hint="check the name, or run 'hiap assess' in a terminal to create it",
        )
    engine = engine_from(args)
    suffix = _suffix(engine, fmt_name)
    from hiap.answers import audit
    from hiap.assessment.build import required_gaps
    from hiap.pipeline import assess

    answers = answers_file.load_validated(args.file, engine.catalogue)
    missing = required_gaps(answers, engine.catalogue)[0]
    if missing:
        error(f"{args.file}: {len(missing)} required answer{'s' if len(missing) != 1 else ''} missing:")
        for question in missing:
            print(f"  {question.id}: {' '.join(question.text.split())}", file=sys.stderr)
        return 2
    assessment = assess(answers, engine)
    if assessment.complete and not audit.closed(answers):
        # the trail records completion; the assessment itself was built from the answers alone
        audit.record(answers, "completed", args.by, audit.versions(engine.catalogue, engine.host.ok_plugins()))
        answers_file.save(answers, args.file)
    out = _write(engine, assessment, args.file, fmt_name, suffix, args.template)
    print(f"Wrote {out}")
    if assessment.missing:
        print(
            f"Note: the assessment is not complete ({len(assessment.missing)} item(s) to do; listed in the document)."
        )
    return 0


def _suffix(engine: Any, fmt_name: str) -> str:
    """Check the format before any question is asked, so a typo never costs an interview."""
    from hiap.pipeline import output_formats

    formats = output_formats(engine)
    if fmt_name not in formats:
        hint = did_you_mean(fmt_name, formats) or f"use one of: {', '.join(formats)}"
        raise InputError(f"unknown format '{fmt_name}'", field="--format", hint=hint)
    return str(formats[fmt_name].suffix)


def _write(engine: Any, assessment: Any, answers_path: Path, fmt_name: str, suffix: str, template: Path | None) -> Path:
    from hiap.commands.render import output_path, warn_missing_plugins
    from hiap.pipeline import render_to
    from hiap.plugins import print_problems

    warn_missing_plugins(assessment, answers_path, engine.host)
    out = render_to(engine, assessment, fmt_name, output_path(answers_path, suffix), template, inputs=(answers_path,))
    print_problems(engine.host)
    return out
