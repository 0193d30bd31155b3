"""What each decision promised, and what was delivered: the portfolio's living-assessment part.

Per decision: the actions (owner, due date, status, and what was recorded as done), the review,
and the monitoring indicators (baseline and the latest reading); and where local figures were
snapshotted into the answers file, each figure's value then and, if the configured source
(the evidence plugin's files in hiap.toml) now has a newer period, its value now. One section
for Word and Markdown, extra columns for CSV and SQLite, and a record for JSON, all built here
so the report's own modules only call them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from hiap import wording
from hiap.answers.promises import Promise
from hiap.answers.values import long_date
from hiap.models.assessment import EvidenceItem
from hiap.models.document import Block, DocSection, Heading, Paragraph, Table

if TYPE_CHECKING:
    from hiap.portfolio.report import Portfolio
    from hiap.portfolio.summary import Summary

#: (name, SQLite type, description) of the columns added to the one-row-per-assessment tables
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("actions_done", "INTEGER NOT NULL", "actions recorded as done with 'hiap progress'"),
    ("review_status", "TEXT", "the review: overdue, due_soon, open or done"),
    ("indicators_total", "INTEGER NOT NULL", "monitoring indicators promised"),
    ("indicators_read", "INTEGER NOT NULL", "monitoring indicators with a reading recorded"),
)

SCHEMA: tuple[str, ...] = (
    """CREATE TABLE promises (
        file TEXT NOT NULL REFERENCES assessments(file), item TEXT NOT NULL, number INTEGER NOT NULL,
        text TEXT NOT NULL, owner TEXT, due TEXT, status TEXT NOT NULL, done_on TEXT, note TEXT,
        value TEXT, baseline TEXT, PRIMARY KEY (file, item, number))""",
    """CREATE TABLE evidence (
        file TEXT NOT NULL REFERENCES assessments(file), indicator TEXT NOT NULL, breakdown TEXT,
        value_then TEXT, period_then TEXT, value_now TEXT, period_now TEXT)""",
    "CREATE INDEX promises_status ON promises (status)",
)

Key = tuple[str, str, str]


def key(item: EvidenceItem) -> Key:
    """What makes a figure 'the same one' in a snapshot and in the source now."""
    return (item.indicator_id or item.label, item.breakdown or "", item.area or "")


def current_evidence(engine: Any) -> dict[Key, EvidenceItem]:
    """The configured source's figures now (the evidence plugin's files), by key; empty when no
    source is configured. A source that cannot be read is reported against its plugin."""
    from hiap import hookcall
    from hiap.models.context import AnswerView

    items = hookcall.collect(
        engine.host,
        "local_evidence",
        EvidenceItem,
        answers=AnswerView(values={}),
        catalogue=engine.catalogue,
        context=engine.context,
    )
    return {key(i): i for i in items if i.kind == "indicator"}


def newer(then: EvidenceItem, now: dict[Key, EvidenceItem]) -> EvidenceItem | None:
    """The source's figure for the same indicator, where its period differs from the snapshot's."""
    found = now.get(key(then))
    if found is None or (found.period, found.value) == (then.period, then.value):
        return None
    return found if found.period != then.period else None


def _figure(item: EvidenceItem) -> str:
    return f"{item.shown_value}" + (f" ({item.period})" if item.period else "")


def _name(item: EvidenceItem) -> str:
    return item.label + (f" ({item.breakdown})" if item.breakdown else "")


def status_counts(promises: Iterable[Promise], today: dt.date) -> dict[str, int]:
    counts = {"overdue": 0, "due_soon": 0, "open": 0, "done": 0}
    for p in promises:
        counts[p.status(today)] += 1
    return counts


def summary_line(s: Summary, today: dt.date) -> str:
    """'4 actions promised: 1 done, 2 overdue, 1 open. The review (7 June 2027): overdue.'"""
    actions = [p for p in s.promises if p.item == "action"]
    parts = []
    if actions:
        counts = status_counts(actions, today)
        done = ", ".join(
            f"{n} {wording.PROMISE_STATUS_WORDS[k].lower()}" for k, n in counts.items() if n and k != "done"
        )
        parts.append(
            f"{wording.plural(len(actions), 'action')} promised: {counts['done']} done" + (f", {done}" if done else "")
        )
    else:
        parts.append("No actions promised")
    review = next((p for p in s.promises if p.item == "review"), None)
    if review is not None and review.due:
        parts.append(
            f"the review ({long_date(review.due)}): "
            + (wording.delivered_words(review) if review.done else wording.due_words(review, today)).lower()
        )
    return "; ".join(parts) + "."


def section(p: Portfolio) -> DocSection:
    """'Promised and delivered': one row per decision, then each decision's actions with their
    status, its indicators with the latest reading, and its local figures then and now."""
    now: dict[Key, EvidenceItem] = getattr(p, "evidence_now", {}) or {}
    blocks: list[Block] = [
        Paragraph(
            text="What each decision promised and what has been delivered, as recorded by the officers "
            f"responsible, as at {long_date(p.today)}. An action is done when its owner has recorded it as done; "
            "it is overdue when its due date has passed and it is not. Local figures show the value the "
            "assessment used and, where the source now has a newer period, the value now."
        )
    ]
    shown = [s for s in sorted(p.summaries, key=lambda s: s.title.casefold()) if s.promises or s.evidence]
    if not shown:
        blocks.append(Paragraph(text="No assessment promises actions, a review or indicators yet."))
        return DocSection(id="delivered", title="Promised and delivered", blocks=tuple(blocks))
    blocks.append(
        Table(
            caption="Actions promised and done, and the review, by decision",
            header=("Decision", "Actions", "Done", "Overdue", "Review", "Indicators read"),
            rows=tuple(_overview(s, p.today) for s in shown),
        )
    )
    for s in shown:
        blocks += [Heading(level=1, text=s.title), Paragraph(text=summary_line(s, p.today))]
        actions = [x for x in s.promises if x.item == "action"]
        if actions:
            blocks.append(
                Table(
                    caption=f"Actions: {wording.shorten(s.title, 80)}",
                    header=("Action", "Owner", "Due", "Status"),
                    rows=tuple(
                        (
                            " ".join(x.text.split()),
                            x.owner or "No owner named",
                            long_date(x.due) if x.due else "No date set",
                            _status(x, p.today),
                        )
                        for x in actions
                    ),
                )
            )
        indicators = [x for x in s.promises if x.item == "indicator"]
        if indicators:
            blocks.append(
                Table(
                    caption=f"Indicators: {wording.shorten(s.title, 80)}",
                    header=("Indicator", "Baseline", "Latest reading"),
                    rows=tuple(
                        (
                            " ".join(x.text.split()),
                            x.baseline or "Not recorded",
                            (f"{x.value} ({long_date(x.done_on)})" if x.done_on else x.value)
                            if x.value
                            else "None recorded",
                        )
                        for x in indicators
                    ),
                )
            )
        if s.evidence:
            # only the figures that have moved on: a board reads change, not a list of "no newer figure"
            moved = [(item, later) for item in s.evidence if (later := newer(item, now)) is not None]
            if moved:
                blocks.append(
                    Table(
                        caption=f"Local figures then and now: {wording.shorten(s.title, 80)}",
                        header=("Indicator", "Then", "Now"),
                        rows=tuple((_name(item), _figure(item), _figure(later)) for item, later in moved),
                    )
                )
            unchanged = len(s.evidence) - len(moved)
            if unchanged:
                blocks.append(
                    Paragraph(
                        text=f"{wording.plural(unchanged, 'local figure')} the assessment used "
                        f"{'has' if unchanged == 1 else 'have'} no newer period at the source yet"
                        + (" (not listed)." if moved else ".")
                    )
                )
    return DocSection(id="delivered", title="Promised and delivered", blocks=tuple(blocks))


def _overview(s: Summary, today: dt.date) -> tuple[str, ...]:
    actions = [x for x in s.promises if x.item == "action"]
    counts = status_counts(actions, today)
    review = next((x for x in s.promises if x.item == "review"), None)
    indicators = [x for x in s.promises if x.item == "indicator"]
    return (
        s.title,
        str(len(actions)),
        str(counts["done"]),
        str(counts["overdue"]),
        _status(review, today) if review is not None else "No date set",
        f"{sum(1 for x in indicators if x.value)} of {len(indicators)}" if indicators else "None promised",
    )


def _status(promise: Promise, today: dt.date) -> str:
    """'Done on 20 January 2027: note', 'Overdue by 92 days; latest note: ...', 'Due in 12 days'."""
    if promise.done:
        return wording.delivered_words(promise)
    when = wording.due_words(promise, today)
    return when + (f"; latest note: {promise.note}" if promise.note else "")


def row(s: Summary, today: dt.date) -> dict[str, Any]:
    """The added CSV and SQLite columns for one assessment."""
    review = next((p for p in s.promises if p.item == "review"), None)
    indicators = [p for p in s.promises if p.item == "indicator"]
    return {
        "actions_done": sum(1 for p in s.promises if p.item == "action" and p.done),
        "review_status": review.status(today) if review is not None else None,
        "indicators_total": len(indicators),
        "indicators_read": sum(1 for p in indicators if p.value),
    }


def fill(connection: sqlite3.Connection, p: Portfolio, row_of: Any = tuple) -> None:
    """The ``promises`` and ``evidence`` tables; ``row_of(*values)`` makes each row (the writer's,
    which neutralises text a spreadsheet would read as a formula)."""
    now: dict[Key, EvidenceItem] = getattr(p, "evidence_now", {}) or {}
    connection.executemany(
        "INSERT INTO promises VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            row_of(
                s.file,
                x.item,
                x.number,
                x.text or wording.promise_words(x),
                x.owner,
                x.due,
                x.status(p.today),
                x.done_on,
                x.note,
                x.value,
                x.baseline,
            )
            for s in p.summaries
            for x in s.promises
        ),
    )
    rows = []
    for s in p.summaries:
        for item in s.evidence:
            later = newer(item, now)
            rows.append(
                row_of(
                    s.file,
                    item.label,
                    item.breakdown,
                    item.value,
                    item.period,
                    later.value if later else None,
                    later.period if later else None,
                )
            )
    connection.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def record(s: Summary, today: dt.date, now: dict[Key, EvidenceItem] | None = None) -> dict[str, Any]:
    """For a decision's JSON object: ``promised`` (one object per action, review and indicator,
    with its status and what was delivered) and ``evidence`` (each local figure then and now)."""
    return {
        "promised": [
            {
                "item": x.item,
                "number": x.number,
                "text": x.text or wording.promise_words(x),
                "owner": x.owner,
                "due": x.due,
                "status": x.status(today),
                "done_on": x.done_on,
                "note": x.note,
                "value": x.value,
                "baseline": x.baseline,
            }
            for x in s.promises
        ],
        "evidence": [
            {
                "indicator": item.label,
                "breakdown": item.breakdown,
                "then": {"value": item.value, "unit": item.unit, "period": item.period},
                "now": (
                    {"value": later.value, "unit": later.unit, "period": later.period}
                    if (later := newer(item, now or {}))
                    else None
                ),
            }
            for item in s.evidence
        ],
    }


__all__ = ["COLUMNS", "SCHEMA", "current_evidence", "fill", "record", "row", "section"]
