"""One table from roles to questions, built once per catalogue.

A checklist marks what a question means to the assessment with a ``role`` (``effect``,
``psed``, ``meeting_date``...), so a council can reword or replace the checklist without
touching code. Every module that needs "the question that records X" asks this table; none
names a question id. The table also holds the scoring index: which chosen options score which
principle, and which name library mitigations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from hiap.models.checklist import Option, Question
from hiap.models.principles import PRINCIPLES

#: The key facts about a decision, in the order a clerk reads them.
DECISION_ROLES: tuple[str, ...] = (
    "title",
    "reference",
    "kind",
    "summary",
    "directorate",
    "assessor",
    "decision_maker",
    "meeting_date",
    "wards",
    "key_decision",
)

#: The fields of a principle's rating row, in the order the row asks them.
ROW_ROLES: tuple[str, ...] = (
    "effect",
    "equity",
    "likelihood",
    "timing",
    "confidence",
    "gradient",
    "reasoning",
    "evidence",
    "mitigation",
    "residual",
    "justification",
    "why_not",
)


class RoleTable:
    """Questions by role (and principle), in checklist order, plus the scoring index."""

    def __init__(self, questions: Iterable[Question]) -> None:
        self.by_role: dict[str, list[Question]] = {}
        self.by_role_principle: dict[tuple[str, int], list[Question]] = {}
        #: per principle: the choice questions with the options that score it
        self.scoring: dict[int, list[tuple[Question, tuple[Option, ...]]]] = {n: [] for n in PRINCIPLES}
        #: the choice questions with the options that name library mitigations
        self.suggesting: list[tuple[Question, tuple[Option, ...]]] = []
        self.required: list[Question] = []
        for question in questions:
            if question.role:
                self.by_role.setdefault(question.role, []).append(question)
                for principle in question.principles:
                    self.by_role_principle.setdefault((question.role, principle), []).append(question)
            if question.type in ("choice", "multi"):
                for principle in PRINCIPLES:
                    scored = tuple(o for o in question.options if principle in o.scores)
                    if scored:
                        self.scoring[principle].append((question, scored))
                suggests = tuple(o for o in question.options if o.suggests)
                if suggests:
                    self.suggesting.append((question, suggests))
            if question.required:
                self.required.append(question)

    def questions(self, role: str, principle: int | None = None) -> list[Question]:
        if principle is None:
            return self.by_role.get(role, [])
        return self.by_role_principle.get((role, principle), [])

    def question(self, role: str, principle: int | None = None) -> Question | None:
        """The first question with this role (and principle), answered or not."""
        found = self.questions(role, principle)
        return found[0] if found else None

    def ids(self, role: str) -> set[str]:
        return {q.id for q in self.by_role.get(role, ())}

    def answer(self, role: str, values: Mapping[str, Any], principle: int | None = None) -> tuple[Question | None, Any]:
        """The first question with this role that has an answer, and the answer."""
        for question in self.questions(role, principle):
            if question.id in values:
                return question, values[question.id]
        return None, None

    def value(self, role: str, values: Mapping[str, Any], principle: int | None = None) -> Any:
        return self.answer(role, values, principle)[1]

    def scored(self, principle: int, values: Mapping[str, Any]) -> list[tuple[Question, Option]]:
        """(question, chosen option) for every answer whose option scores this principle."""
        found: list[tuple[Question, Option]] = []
        for question, options in self.scoring.get(principle, ()):
            chosen = values.get(question.id)
            if chosen is None:
                continue
            chosen = chosen if isinstance(chosen, list) else [chosen]
            found.extend((question, o) for o in options if o.value in chosen)
        return found

    def suggested_ids(self, values: Mapping[str, Any]) -> dict[str, list[str]]:
        """Library mitigation id -> the questions whose chosen options name it."""
        named: dict[str, list[str]] = {}
        for question, options in self.suggesting:
            chosen = values.get(question.id)
            if chosen is None:
                continue
            chosen = chosen if isinstance(chosen, list) else [chosen]
            for option in options:
                if option.value in chosen:
                    for mid in option.suggests:
                        named.setdefault(mid, []).append(question.id)
        return named


__all__ = ["DECISION_ROLES", "ROW_ROLES", "RoleTable"]
