"""``hiap upgrade FILE [--dry-run]``: carry an answers file to the checklists installed now.

Says in words what changes for this file: answers carried to renamed, merged or collected
questions, options that changed, questions no longer asked (their answers stay in the file),
answers that no longer fit (kept word for word, with the reason) and the questions that now
apply and will be asked by ``hiap assess``. Nothing is ever dropped, and ``--dry-run`` writes
nothing. The file then records the new versions and an ``upgraded`` event.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from hiap import wording
from hiap.answers import answers_file, audit
from hiap.answers.upgrade import carry, describe, record_upgrade
from hiap.commands import engine_from, show
from hiap.errors import InputErrors


def cmd_upgrade(args: argparse.Namespace) -> int:
    from hiap.console import quote

    engine = engine_from(args)
    answers, located = answers_file.load_located(args.file)
    carried = carry(answers, engine.catalogue)
    if not carried.changed:
        used = ", ".join(f"{cid} {v}" for cid, v in engine.catalogue.origins().items())
        if args.json:
            print(json.dumps({"file": str(args.file), "upgraded": False, "checklists": used}, indent=2))
        else:
            show(f"{args.file}: nothing to upgrade; it was answered with the checklists installed now ({used}).")
        return 0
    problems = answers_file.validate(answers, engine.catalogue, path=str(args.file), located=located)
    if problems:  # carrying keeps every answer that does not fit, so this is a file broken by hand
        raise InputErrors(problems)
    described = describe(carried, answers, engine.catalogue)
    signed = audit.last_event(answers, "signed_off") is not None and not audit.changed_after_signoff(answers)
    carried_lines = [
        wording.carried_line(how, new, olds, text, before, _words(engine.catalogue, new, after))
        for how, new, olds, text, before, after in described.carried
    ]
    if args.json:
        out = {
            "file": str(args.file),
            "upgraded": not args.dry_run,
            "dry_run": args.dry_run,
            "versions": {cid: {"from": old, "to": new} for cid, (old, new) in described.versions.items()},
            "notes": described.notes,
            "carried": [
                {"how": how, "to": new, "from": list(olds), "text": line}
                for (how, new, olds, *_), line in zip(described.carried, carried_lines, strict=True)
            ],
            "retired": [{"id": i, "answer": wording.value_words(v), "why": w} for i, v, w in described.retired],
            "kept": [{"id": i, "answer": wording.value_words(v), "why": w} for i, v, w in described.kept],
            "new_questions": [{"id": i, "text": t} for i, t in described.to_ask],
            "unchanged": described.unchanged,
        }
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        lines = [f'{args.file} ("{answers.title}")', f"Checklists: {wording.checklist_changes(described.versions)}."]
        lines += [f"  {note}" for note in described.notes]
        sections = (
            ("Carried to new questions", carried_lines),
            ("No longer asked: kept in the file, listed in the document's record", _listed(described.retired)),
            ("No longer fit their question: kept word for word, and asked again", _listed(described.kept)),
            ("Questions that now apply, to answer with 'hiap assess'", [f"{i}: {t}" for i, t in described.to_ask]),
        )
        for heading, items in sections:
            if items:
                lines += ["", f"{heading} ({len(items)}):", *(f"- {item}" for item in items)]
        lines += [
            "",
            wording.upgrade_summary(
                len(described.carried), described.unchanged, len(described.retired), len(described.kept), 0
            ),
        ]
        show("\n".join(lines))
    if args.dry_run:
        if not args.json:
            show("Nothing was written (--dry-run).")
        return 0
    record_upgrade(answers, carried, args.by, audit.versions(engine.catalogue, engine.host.ok_plugins()))
    answers_file.save(answers, args.file)
    report = sys.stderr if args.json else sys.stdout
    show(f"Saved {args.file}.", file=report)
    if described.to_ask:
        if signed:
            show(
                "It was signed off, and stays so: what was said has not changed. To answer the new questions, "
                f"start a new version: hiap revise {quote(str(args.file))} --reason '...'",
                file=report,
            )
        else:
            show(f"Next: hiap assess {quote(str(args.file))} asks only what is new.", file=report)
    return 0


def _listed(rows: list[tuple[str, Any, str]]) -> list[str]:
    return [f"{qid}: {wording.value_words(answer)}. {wording.as_sentence(why)}" for qid, answer, why in rows]


def _words(catalogue: Any, qid: str, value: Any) -> str:
    """A carried answer in words, as the document shows it."""
    from hiap.answers.values import display

    question = catalogue.by_id.get(qid)
    if question is None or value is None:
        return wording.value_words(value)
    return wording.shorten(display(question, value, catalogue.options(question)), 120)
