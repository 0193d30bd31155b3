"""``hiap monitor PATH... [--as-of DATE] [--json]``: what the assessments promised, and its status.

Every answers file under the paths is read as the portfolio reads it (the same walk, the same
reading, in parallel for large folders). A file that a later version among them revises is
listed in the JSON with ``superseded_by`` naming the latest version (so nothing under the paths
is missing from it), and left out of the text, where each decision counts once. For each file:
the actions with owners and due dates, the review date and the monitoring indicators, each
``overdue`` (due before the date), ``due_soon`` (within 30 days), ``open`` or ``done`` (progress
recorded with ``hiap progress``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass
from typing import Any

from hiap import wording
from hiap.answers.promises import DUE_SOON_DAYS, Promise
from hiap.commands import engine_from, show
from hiap.errors import InputError

STATUSES = ("overdue", "due_soon", "open", "done")


@dataclass(frozen=True)
class Row:
    file: str
    title: str
    assessment: str
    promise: Promise
    status: str
    days: int | None
    #: the latest version of this decision among the files read, when this file is an earlier one
    superseded_by: str | None = None

    def as_json(self) -> dict[str, Any]:
        p = self.promise
        return {
            "file": self.file,
            "title": self.title,
            "item": p.item,
            "number": p.number,
            "text": p.text if p.item != "review" else wording.promise_words(p),
            "owner": p.owner,
            "due": p.due,
            "status": self.status,
            "days": self.days,
            "done_on": p.done_on,
            "note": p.note,
            "value": p.value,
            "baseline": p.baseline,
            "assessment": self.assessment.lower(),
            "superseded_by": self.superseded_by,
        }


def parse_date(value: str | None, option: str = "--as-of") -> dt.date:
    if value is None:
        return dt.date.today()
    from hiap.answers.values import AnswerError
    from hiap.answers.values import parse_date as parse

    try:
        return dt.date.fromisoformat(parse(value))
    except (AnswerError, ValueError):
        raise InputError(
            f"'{value}' is not a date", field=option, hint="write it as YYYY-MM-DD, for example 2027-03-31"
        ) from None


def statuses(value: str | None) -> set[str]:
    if value is None:
        return set(STATUSES)
    chosen = {s.strip().lower().replace("-", "_") for s in value.split(",") if s.strip()}
    unknown = sorted(chosen - set(STATUSES))
    if unknown or not chosen:
        raise InputError(
            f"unknown status '{', '.join(unknown) or value}'", field="--status", hint=f"use {', '.join(STATUSES)}"
        )
    return chosen


def rows_for(summaries: Any, as_of: dt.date, later: dict[str, str] | None = None) -> list[Row]:
    """Every promise of every file, the most pressing first: overdue (oldest first), due soon,
    open, done; then by due date and title. ``later`` maps an earlier version's file to the latest's."""
    later = later or {}
    rows = [
        Row(s.file, s.title, s.status, p, p.status(as_of), p.days(as_of), later.get(s.file))
        for s in summaries
        for p in s.promises
    ]
    return sorted(
        rows,
        key=lambda r: (
            STATUSES.index(r.status),
            r.promise.due is None,
            r.promise.due or "",
            r.title.casefold(),
            ("action", "review", "indicator").index(r.promise.item),
            r.promise.number,
        ),
    )


def cmd_monitor(args: argparse.Namespace) -> int:
    from hiap.plugins import print_problems
    from hiap.portfolio import versions
    from hiap.portfolio.collect import Problem, collect, find_files

    as_of = parse_date(args.as_of)
    wanted = statuses(args.status)
    unreadable: list[Problem] = []  # folders and names the walk could not read: said, then left out
    files = find_files(args.paths, unreadable)
    if not files and not unreadable:
        raise InputError(
            "no answers files (*.hiap.yaml) found",
            file=", ".join(str(p) for p in args.paths),
            hint="give the folders that hold the assessments, or the files themselves",
        )
    engine = engine_from(args)
    collected = collect(files, engine)
    # the portfolio's rule, so the two commands count the same decisions
    replaced = versions.replaced(collected.summaries)
    for problem in collected.plugin_problems:
        engine.host.report(problem.plugin, problem.hook, problem.error)
    print_problems(engine.host)
    for problem in [*unreadable, *collected.problems]:
        show(f"hiap: skipped {problem.file}: {problem.reason}", file=sys.stderr)
    rows = [r for r in rows_for(collected.summaries, as_of, replaced) if r.status in wanted]
    if args.json:
        print(json.dumps([r.as_json() for r in rows], indent=2, ensure_ascii=False))
    else:
        latest = [s for s in collected.summaries if s.file not in replaced]
        current = [r for r in rows if r.superseded_by is None]
        show(text(current, latest, as_of, sorted(replaced)), end="")
    return 0


def text(rows: list[Row], summaries: Any, as_of: dt.date, left_out: list[str]) -> str:
    """Grouped by status, one line per promise, in words."""
    from hiap.answers.values import long_date

    past_review = [r for r in rows if r.promise.item == "review" and r.status == "overdue"]
    lines = [
        f"What {wording.plural(len(summaries), 'assessment')} promised, as at {long_date(as_of)}: "
        + ", ".join(
            f"{sum(1 for r in rows if r.status == s)} {wording.PROMISE_STATUS_WORDS[s].lower()}" for s in STATUSES
        )
        + ".",
    ]
    if past_review:
        lines.append(f"{wording.plural(len(past_review), 'assessment is', 'assessments are')} past the review date.")
    if left_out:
        lines.append(f"Left out as earlier versions of a decision listed here: {', '.join(left_out)}.")
    for status in STATUSES:
        group = [r for r in rows if r.status == status]
        if not group:
            continue
        heading = wording.PROMISE_STATUS_WORDS[status]
        if status == "due_soon":
            heading = f"Due within {DUE_SOON_DAYS} days"
        lines += ["", f"{heading} ({len(group)})"]
        for title, file in dict.fromkeys((r.title, r.file) for r in group):
            lines.append(f"  {title} [{file}]")
            for r in (r for r in group if (r.title, r.file) == (title, file)):
                p = r.promise
                due = long_date(p.due) if p.due else "no date"
                owner = p.owner or "no owner named"
                when = wording.due_words(p, as_of) if status != "done" else wording.delivered_words(p)
                lines.append(f"  - {wording.promise_words(p)} ({owner}; due {due}; {when[0].lower()}{when[1:]})")
    return "\n".join(lines) + "\n"
