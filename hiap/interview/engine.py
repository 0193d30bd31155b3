"""Pure interview logic over ``route``: where the officer is and how much is left. No I/O.

The outline counts answers the way the proportion targets do: one for a plain question, one per
field of a compound row (each field is a question of its own), one per item of a list or of a
one-line-per-group question. "Remaining" counts the questions that apply now; "may still come"
adds those a later answer could bring in, so the most an officer is shown only narrows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hiap.checklist import rules
from hiap.checklist.catalogue import Catalogue
from hiap.checklist.route import outlook, route
from hiap.models.checklist import Question, Section

#: Seconds an officer typically spends per answer, by type (one line of text is ~30 s).
SECONDS: dict[str, int] = {
    "yesno": 10,
    "choice": 15,
    "rating": 15,
    "multi": 25,
    "date": 15,
    "number": 20,
    "text": 30,
    "longtext": 75,
    "records": 60,
    "each": 30,
}


@dataclass(frozen=True)
class Entry:
    """One question on the route, and the answers it asks for."""

    question: Question
    section: Section
    answered: bool
    fields: int
    #: applies now (False: a later answer could still bring it in)
    certain: bool = True

    @property
    def seconds(self) -> int:
        return SECONDS.get(self.question.type, 30) * self.fields


@dataclass(frozen=True)
class Outline:
    depth: str | None
    principles: list[int]
    entries: list[Entry]
    maybe: list[Entry]
    #: section id -> its place in the interview
    order: dict[str, int]

    @property
    def answered(self) -> int:
        return sum(e.fields for e in self.entries if e.answered)

    @property
    def remaining(self) -> int:
        return sum(e.fields for e in self.entries if not e.answered)

    @property
    def may_come(self) -> int:
        return sum(e.fields for e in self.maybe)

    @property
    def minutes(self) -> int:
        """An estimate for everything still to answer, the questions that may come included."""
        seconds = sum(e.seconds for e in self.entries if not e.answered) + sum(e.seconds for e in self.maybe)
        return max(0, round(seconds / 60)) if seconds else 0

    def sections(self, certain_only: bool = False) -> list[tuple[Section, int, int]]:
        """(section, answers given, answers still to give) in order, for the sections on the route
        (with ``certain_only``, leaving out those that only a later answer could bring in)."""
        found: dict[str, tuple[Section, int, int]] = {}
        for e in self.entries + ([] if certain_only else self.maybe):
            section, done, left = found.get(e.section.id, (e.section, 0, 0))
            if e.answered:
                done += e.fields
            else:
                left += e.fields
            found[e.section.id] = (section, done, left)
        return sorted(found.values(), key=lambda t: self.order.get(t[0].id, 0))

    @property
    def left(self) -> int:
        """The most still to give: what applies now and what a later answer may bring in."""
        return self.remaining + self.may_come

    def section_minutes(self) -> dict[str, int]:
        """Section id -> minutes for what is still to give there (the questions that may come included)."""
        seconds: dict[str, int] = {}
        for e in self.entries + self.maybe:
            if not e.answered:
                seconds[e.section.id] = seconds.get(e.section.id, 0) + e.seconds
        return {sid: max(1, round(s / 60)) for sid, s in seconds.items()}

    def section_number(self, section_id: str) -> int:
        """The place of a section among the route's sections known so far (those that apply now),
        counted from the start, so it does not jump as later sections come and go."""
        known = [s.id for s, _, _ in self.sections(certain_only=True)]
        if section_id not in known:
            known.append(section_id)
            known.sort(key=lambda sid: self.order.get(sid, 0))
        return known.index(section_id) + 1


def fields(catalogue: Catalogue, question: Question, values: Mapping[str, Any]) -> int:
    """The answers a question asks for, given the answers so far."""
    value = values.get(question.id)
    if question.type == "records":
        return max(1, len(value)) if isinstance(value, list) else 1
    if question.type == "each":
        if isinstance(value, dict) and value:
            return len(value)
        items = {item for ref in question.each for item in (values.get(ref) or [])}
        return max(1, len(items))
    return 1


def outline(catalogue: Catalogue, entries: Mapping[str, Any]) -> Outline:
    certain, maybe = outlook(catalogue, entries)
    now = route(catalogue, entries)
    values = now.values
    # a required question left empty (``title: ~``) was asked but is still to give, as check says
    given = now.asked - {q.id for q in now.missing}
    return Outline(
        depth=catalogue.roles.value("route", values),
        principles=rules.in_scope(catalogue.roles, values) if catalogue.roles.value("principles", values) else [],
        entries=[Entry(q, catalogue.section_of[q.id], q.id in given, fields(catalogue, q, values)) for q in certain],
        maybe=[Entry(q, catalogue.section_of[q.id], False, fields(catalogue, q, values), certain=False) for q in maybe],
        order={s.id: i for i, s in enumerate(catalogue.sections)},
    )


def by_depth(catalogue: Catalogue, entries: Mapping[str, Any]) -> list[tuple[str, int, int, int]]:
    """(depth, fewest answers, most answers, minutes) for each depth, before one is chosen: the
    outline of the answers so far with the depth set and a typical scope (screened out with no
    principle ticked; rapid with four principles and one sector bank; full with six and one bank).
    The fewest counts what applies for certain; the most adds what later answers may bring in."""
    roles = catalogue.roles
    depth_q, grid_q, sectors_q = roles.question("route"), roles.question("principles"), roles.question("sectors")
    if depth_q is None:
        return []
    grid = {o.value for o in grid_q.options} if grid_q is not None else set()
    sector = next((o.value for o in sectors_q.options), None) if sectors_q is not None else None
    out: list[tuple[str, int, int, int]] = []
    for option in depth_q.options:
        values = dict(entries)
        values[depth_q.id] = option.value
        scope = {"none": 0, "rapid": 4, "full": 6}.get(option.value, 4)
        if grid_q is not None and grid_q.id not in entries:
            ticked = [str(n) for n in range(1, scope + 1) if str(n) in grid] or (["none"] if "none" in grid else [])
            values[grid_q.id] = ticked
        if sectors_q is not None and sectors_q.id not in entries:
            values[sectors_q.id] = [sector] if sector and option.value != "none" else []
        found = outline(catalogue, values)
        fewest = found.answered + found.remaining
        out.append((option.value, fewest, fewest + found.may_come, found.minutes))
    return out


__all__ = ["SECONDS", "Entry", "Outline", "by_depth", "fields", "outline"]
