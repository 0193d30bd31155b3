"""What an assessment promised, and what has been done about it since.

The promises are the answers themselves: the actions (with owners and due dates), the review
date, and the monitoring indicators. What was done is the file's ``progress`` block: entries an
officer records with ``hiap progress`` (an action done, on a date, with a note; an indicator's
reading; the review held). Progress is not an answer: recording it never reopens a completed or
signed-off assessment, and never needs a new sign-off.

``hiap monitor``, the portfolio and ``hiap check`` read promises and their status from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from hiap.answers import audit
from hiap.errors import InputError
from hiap.models.answers import AnswersFile, Progress

if TYPE_CHECKING:
    from hiap.checklist.catalogue import Catalogue

Item = Literal["action", "review", "indicator"]
Status = Literal["overdue", "due_soon", "open", "done"]
ITEMS: tuple[Item, ...] = ("action", "review", "indicator")
#: a promise falling due within this many days is ``due_soon``
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class Promise:
    """One thing the assessment promised, with the latest progress recorded on it."""

    item: Item
    #: 1, 2, ... within its kind, in the order of the plan
    number: int
    text: str
    owner: str | None = None
    #: YYYY-MM-DD, or None where no date was given
    due: str | None = None
    done: bool = False
    #: when it was done, or the date of the latest reading
    done_on: str | None = None
    #: the latest progress note
    note: str | None = None
    #: an indicator's latest reading, and its baseline as the plan gives it
    value: str | None = None
    baseline: str | None = None
    source: str | None = None
    #: how many progress entries are recorded on it
    updates: int = 0

    def status(self, as_of: dt.date) -> Status:
        """done; overdue (due before ``as_of``); due_soon (within 30 days); open otherwise."""
        if self.done:
            return "done"
        due = as_date(self.due)
        if due is None:
            return "open"
        if due < as_of:
            return "overdue"
        if due <= as_of + dt.timedelta(days=DUE_SOON_DAYS):
            return "due_soon"
        return "open"

    def days(self, as_of: dt.date) -> int | None:
        """Days from ``as_of`` to the due date (negative when it has passed)."""
        due = as_date(self.due)
        return (due - as_of).days if due is not None else None


def as_date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def key(text: str) -> str:
    """Two wordings of one action that differ only in case and spacing are the same action."""
    return " ".join(str(text).split()).casefold()


def _latest(entries: Sequence[Progress]) -> dict[tuple[str, str], list[Progress]]:
    found: dict[tuple[str, str], list[Progress]] = {}
    for entry in entries:
        found.setdefault((entry.item, key(entry.text)), []).append(entry)
    return found


def promises(answers: AnswersFile, catalogue: Catalogue, values: Mapping[str, Any] | None = None) -> list[Promise]:
    """The actions, the review and the indicators, in that order, each with its progress.

    ``values`` are the answers that count (``route(...).values``), where the caller has them."""
    if values is None:
        from hiap.checklist.route import route

        values = route(catalogue, answers.values()).values
    roles = catalogue.roles
    owner = _text(roles.value("assessor", values))
    review_date = _text(roles.value("review_date", values))
    recorded = _latest(answers.progress)
    out: list[Promise] = []

    def made(item: Item, number: int, text: str, **given: Any) -> Promise:
        entries = recorded.get((item, key(text)), [])
        done = entries[-1].done if entries else False
        dated = [e for e in entries if e.date]
        readings = [e for e in entries if e.value]
        notes = [e for e in entries if e.note]
        return Promise(
            item=item,
            number=number,
            text=text,
            done=done,
            done_on=dated[-1].date if dated else None,
            note=notes[-1].note if notes else None,
            value=readings[-1].value if readings else None,
            updates=len(entries),
            **given,
        )

    for number, row in enumerate(roles.value("actions", values) or [], start=1):
        if isinstance(row, dict) and row.get("action"):
            out.append(
                made("action", number, str(row["action"]), owner=_text(row.get("owner")), due=_text(row.get("due")))
            )
    if review_date:
        out.append(made("review", 1, "", owner=owner, due=review_date))
    for number, row in enumerate(roles.value("indicators", values) or [], start=1):
        if isinstance(row, dict) and row.get("indicator"):
            out.append(
                made(
                    "indicator",
                    number,
                    str(row["indicator"]),
                    owner=owner,
                    due=review_date,
                    baseline=_text(row.get("baseline")),
                    source=_text(row.get("source")),
                )
            )
    return out


def _text(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def find(found: Sequence[Promise], item: Item, ref: str) -> Promise:
    """The promise a person means: its number ("2"), or words from its text ("leaflet")."""
    of_kind = [p for p in found if p.item == item]
    if not of_kind:
        raise InputError(
            f"the assessment has no {'review date' if item == 'review' else item + 's'} to record progress on",
            field=item,
            hint="run 'hiap progress FILE' to list what it promised",
        )
    if item == "review":
        return of_kind[0]
    ref = ref.strip()
    if ref.isdigit():
        number = int(ref)
        match = next((p for p in of_kind if p.number == number), None)
        if match is not None:
            return match
        raise InputError(
            f"there is no {item} {number}: the plan has {len(of_kind)}",
            field=item,
            hint=f"give a number from 1 to {len(of_kind)}, or words from the {item}",
        )
    words = key(ref)
    matches = [p for p in of_kind if words and words in key(p.text)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise InputError(
            f"no {item} contains '{ref}'", field=item, hint="run 'hiap progress FILE' to list them with their numbers"
        )
    numbers = ", ".join(str(p.number) for p in matches)
    raise InputError(f"'{ref}' matches {item}s {numbers}", field=item, hint="give the number instead")


def record(
    answers: AnswersFile,
    promise: Promise,
    *,
    done: bool,
    by: str | None,
    date: str | None = None,
    note: str | None = None,
    value: str | None = None,
    versions: Mapping[str, str] | None = None,
    at: str | None = None,
    summary: str | None = None,
) -> Progress:
    """Add a progress entry and its event in the trail (``summary`` is the event's note, in
    words); never a ``reopened``: no answer changes."""
    stamp = at or audit.now()
    entry = Progress(
        item=promise.item,
        text=promise.text,
        done=done,
        date=date,
        value=_text(value),
        note=note.strip() if note and note.strip() else None,
        by=_text(by),
        at=stamp,
    )
    answers.progress.append(entry)
    audit.record(answers, "progress", by, versions, at=stamp, note=summary or f"{promise.item} {promise.number}")
    return entry


__all__ = ["DUE_SOON_DAYS", "ITEMS", "Promise", "as_date", "find", "promises", "record"]
