"""Which questions apply, given the answers so far: the one function that decides it.

The interview (what to ask next, and how much is left), ``hiap check`` (what is missing), the
assessment (which answers count), ``hiap outline`` and the portfolio all call ``route``. It is
one forward pass in checklist order: a condition may read only earlier questions, so each
question's fate is settled by the time it is reached. Answers to questions that no longer apply
stay in the file but do not count, so changing an earlier answer never deletes anything typed.

``outlook`` is the same pass with three-valued logic: a condition that reads a question not yet
answered is "maybe", so the officer can be shown the most that is still to come, a figure that
only narrows as answers are given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from hiap.checklist import conditions, rules
from hiap.models.checklist import Question, Section
from hiap.models.principles import roll_up_impacts

if TYPE_CHECKING:
    from hiap.checklist.catalogue import Catalogue

#: Values computed from the answers so far that conditions may read, besides question ids.
SIGNAL_PREFIX = "signals.p"
SUGGESTED_CONCLUSION = "suggested.conclusion"


def is_derived(ref: str) -> bool:
    if ref == SUGGESTED_CONCLUSION:
        return True
    return ref.startswith(SIGNAL_PREFIX) and ref[len(SIGNAL_PREFIX) :].isdigit() and 1 <= int(ref[9:]) <= 8


@dataclass(frozen=True)
class Route:
    """The questions that apply now, in order, and the answers that count."""

    catalogue: Catalogue
    #: every question that applies, those recorded by 'hiap review' included
    questions: tuple[Question, ...]
    #: answers to questions that apply (a skipped question has no entry here)
    values: dict[str, Any]
    #: questions that apply and have been put to the officer (answered or skipped)
    asked: frozenset[str]
    #: required questions that apply and have no answer
    missing: tuple[Question, ...]
    _position: dict[str, int] = field(repr=False)

    @cached_property
    def interview(self) -> tuple[Question, ...]:
        """The questions 'hiap assess' asks (sign-off is recorded by 'hiap review')."""
        return tuple(q for q in self.questions if q.asked_in == "assess")

    def applies(self, qid: str) -> bool:
        return qid in self._position

    def next(self) -> Question | None:
        """The first question to ask: it applies and has not been asked."""
        return next((q for q in self.interview if q.id not in self.asked), None)

    def after(self, qid: str) -> Question | None:
        """The next interview question after ``qid`` (answered or not)."""
        start = self.catalogue.position[qid]
        return next((q for q in self.interview if self.catalogue.position[q.id] > start), None)

    def before(self, qid: str) -> Question | None:
        """The interview question before ``qid``."""
        start = self.catalogue.position[qid]
        earlier = [q for q in self.interview if self.catalogue.position[q.id] < start]
        return earlier[-1] if earlier else None

    def unasked(self) -> list[Question]:
        return [q for q in self.interview if q.id not in self.asked]


def route(catalogue: Catalogue, entries: Mapping[str, Any]) -> Route:
    """The questions that apply, given ``entries`` (question id -> value; ``None`` is skipped).

    Entries for ids the checklists do not know (retired questions) are ignored here.
    """
    values: dict[str, Any] = {}
    impacts: dict[int, list[str]] = {}
    verdicts: dict[str, bool] = {}
    out: list[Question] = []
    asked: set[str] = set()
    missing: list[Question] = []
    get = _lookup(catalogue, values, impacts)
    for question in catalogue.questions:
        if not _applies(catalogue, question, get, verdicts):
            continue
        out.append(question)
        if question.id in entries:
            asked.add(question.id)
            value = entries[question.id]
            if value is not None:
                values[question.id] = value
                _count_signals(catalogue, question, value, impacts)
        if question.required and question.id not in values:
            missing.append(question)
    position = {q.id: i for i, q in enumerate(out)}
    return Route(catalogue, tuple(out), values, frozenset(asked), tuple(missing), position)


def outlook(catalogue: Catalogue, entries: Mapping[str, Any]) -> tuple[list[Question], list[Question]]:
    """(questions that apply now, questions that may still come), both in checklist order.

    A question "may still come" when its condition reads an answer not yet given, so it is
    neither ruled in nor out: counting those gives the most that can still be asked.
    """
    values: dict[str, Any] = {}
    impacts: dict[int, list[str]] = {}
    open_ids: set[str] = set()  # applicable (or maybe) and not yet asked: their value is unknown
    certain: list[Question] = []
    maybe: list[Question] = []
    get = _lookup(catalogue, values, impacts)
    section_state: dict[str, bool | None] = {}

    def unknown(ref: str) -> bool:
        return ref in open_ids or (is_derived(ref) and bool(open_ids))

    for question in catalogue.questions:
        verdict = _applies3(catalogue, question, get, unknown, section_state)
        if verdict is False:
            continue
        if question.asked_in == "assess":
            (certain if verdict else maybe).append(question)
        if verdict and question.id in entries:
            value = entries[question.id]
            if value is not None:
                values[question.id] = value
                _count_signals(catalogue, question, value, impacts)
        else:
            open_ids.add(question.id)
    return certain, maybe


def lookup(catalogue: Catalogue, values: Mapping[str, Any]) -> conditions.Lookup:
    """What a condition reads after the route is settled (a mitigation's, say): the answers that
    count, and the derived values (``signals.pN``, ``suggested.conclusion``) over all of them."""
    impacts: dict[int, list[str]] = {}
    for qid in catalogue.scores_any:
        if qid in values:
            _count_signals(catalogue, catalogue.by_id[qid], values[qid], impacts)
    return _lookup(catalogue, dict(values), impacts)


# -- the pieces both passes share ----------------------------------------------------------


def _lookup(catalogue: Catalogue, values: dict[str, Any], impacts: dict[int, list[str]]) -> conditions.Lookup:
    def get(ref: str) -> Any:
        if ref in values:
            return values[ref]
        if ref == SUGGESTED_CONCLUSION:
            return rules.suggest_conclusion(catalogue.roles, values)
        if ref.startswith(SIGNAL_PREFIX) and is_derived(ref):
            found = impacts.get(int(ref[len(SIGNAL_PREFIX) :]))
            return roll_up_impacts(found)[0] if found else None
        return None

    return get


def _count_signals(catalogue: Catalogue, question: Question, value: Any, impacts: dict[int, list[str]]) -> None:
    if question.type not in ("choice", "multi") or question.id not in catalogue.scores_any:
        return
    chosen = value if isinstance(value, list) else [value]
    for option in question.options:
        if option.value in chosen:
            for principle, impact in option.scores.items():
                impacts.setdefault(principle, []).append(impact)


def _kinds_match(catalogue: Catalogue, kinds: Iterable[str], get: conditions.Lookup) -> bool:
    wanted = set(kinds)
    if not wanted:
        return True
    kind_question = catalogue.roles.question("kind")
    chosen = get(kind_question.id) if kind_question is not None else None
    chosen = chosen if isinstance(chosen, list) else [chosen]
    return bool(wanted.intersection(c for c in chosen if c is not None))


def _applies(catalogue: Catalogue, question: Question, get: conditions.Lookup, verdicts: dict[str, bool]) -> bool:
    section = catalogue.section_of[question.id]
    verdict = verdicts.get(section.id)
    if verdict is None:
        # a section's condition reads only questions before it, so one verdict serves the section
        verdict = verdicts[section.id] = _section_applies(catalogue, section, get)
    if not verdict or not _kinds_match(catalogue, question.kinds, get):
        return False
    node = catalogue.conditions.get(question.id)
    return node is None or conditions.evaluate(node, get)


def _section_applies(catalogue: Catalogue, section: Section, get: conditions.Lookup) -> bool:
    if not _kinds_match(catalogue, section.kinds, get):
        return False
    node = catalogue.section_conditions.get(section.id)
    return node is None or conditions.evaluate(node, get)


def _applies3(
    catalogue: Catalogue,
    question: Question,
    get: conditions.Lookup,
    unknown: conditions.Unknown,
    sections: dict[str, bool | None],
) -> bool | None:
    section = catalogue.section_of[question.id]
    if section.id not in sections:
        sections[section.id] = _all3(
            _kinds3(catalogue, section.kinds, get, unknown),
            _node3(catalogue.section_conditions.get(section.id), get, unknown),
        )
    return _all3(
        sections[section.id],
        _kinds3(catalogue, question.kinds, get, unknown),
        _node3(catalogue.conditions.get(question.id), get, unknown),
    )


def _kinds3(
    catalogue: Catalogue, kinds: Iterable[str], get: conditions.Lookup, unknown: conditions.Unknown
) -> bool | None:
    kind_question = catalogue.roles.question("kind")
    if kinds and kind_question is not None and unknown(kind_question.id):
        return None
    return _kinds_match(catalogue, kinds, get)


def _node3(node: conditions.Node | None, get: conditions.Lookup, unknown: conditions.Unknown) -> bool | None:
    return True if node is None else conditions.evaluate3(node, get, unknown)


def _all3(*verdicts: bool | None) -> bool | None:
    if any(v is False for v in verdicts):
        return False
    if any(v is None for v in verdicts):
        return None
    return True


__all__ = ["SUGGESTED_CONCLUSION", "Route", "is_derived", "lookup", "outlook", "route"]
