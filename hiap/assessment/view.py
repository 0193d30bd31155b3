"""Which answers count: a single forward pass over the merged checklist order."""

from __future__ import annotations

from typing import Any

from hiap.checklist.catalogue import Catalogue
from hiap.models.answers import AnswersFile
from hiap.models.checklist import Question
from hiap.models.context import AnswerView


def active_view(answers: AnswersFile, catalogue: Catalogue) -> AnswerView:
    """Answers to questions whose conditions hold, given only earlier answers that count.

    Answers to questions that no longer apply stay in the file but are left out here, so
    changing an earlier answer never deletes anything the officer typed.
    """
    flat = answers.flat()
    values: dict[str, Any] = {}
    notes: dict[str, str] = {}
    sources: dict[str, list[str]] = {}
    get = values.get
    sections: dict[str, bool] = {}
    for question in catalogue.questions:
        answer = flat.get(question.id)
        if answer is None or answer.value is None:
            continue
        if not catalogue.applies(question, get, sections):
            continue
        values[question.id] = answer.value
        if answer.note:
            notes[question.id] = answer.note
        if answer.sources:
            sources[question.id] = list(answer.sources)
    return AnswerView(values=values, notes=notes, sources=sources)


def unanswered_required(answers: AnswersFile, catalogue: Catalogue) -> list[Question]:
    view = active_view(answers, catalogue)
    return [
        q
        for q in catalogue.questions
        if q.required and q.id not in view.values and catalogue.applies(q, view.values.get)
    ]
