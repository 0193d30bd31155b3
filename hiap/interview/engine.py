"""Pure interview logic: which questions apply, which comes next, where we are. No I/O.

The next question is the first one, in merged order, whose conditions hold and which has not
been asked yet (an answer of null means asked and skipped). Because this is a pure function of
the answers, going back or changing an earlier answer needs nothing undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hiap.checklist.catalogue import Catalogue
from hiap.models.answers import AnswersFile
from hiap.models.checklist import Question, Section


@dataclass(frozen=True)
class Progress:
    index: int  # 1-based position of the question among those that apply
    total: int
    section_index: int
    section_total: int
    section: Section
    answered: int


def active(catalogue: Catalogue, answers: AnswersFile) -> list[Question]:
    """Questions that apply now, given the answers that themselves apply (a forward pass)."""
    flat = answers.flat()
    values: dict[str, Any] = {}
    out: list[Question] = []
    for question in catalogue.questions:
        if not catalogue.applies(question, values.get):
            continue
        out.append(question)
        answer = flat.get(question.id)
        if answer is not None and answer.value is not None:
            values[question.id] = answer.value
    return out


def asked(answers: AnswersFile, qid: str) -> bool:
    return answers.get(qid) is not None


def next_question(catalogue: Catalogue, answers: AnswersFile) -> Question | None:
    for question in active(catalogue, answers):
        if not asked(answers, question.id):
            return question
    return None


def progress(catalogue: Catalogue, answers: AnswersFile, question: Question) -> Progress:
    questions = active(catalogue, answers)
    ids = [q.id for q in questions]
    index = ids.index(question.id) + 1 if question.id in ids else len(ids)
    sections: list[str] = []
    for q in questions:
        sid = catalogue.section_of[q.id].id
        if sid not in sections:
            sections.append(sid)
    section = catalogue.section_of[question.id]
    answered = sum(1 for q in questions if asked(answers, q.id))
    return Progress(
        index=index,
        total=len(ids),
        section_index=sections.index(section.id) + 1 if section.id in sections else 1,
        section_total=len(sections),
        section=section,
        answered=answered,
    )


def missing_required(catalogue: Catalogue, answers: AnswersFile) -> list[Question]:
    """Required questions that apply and have no value: what ``--no-input`` reports."""
    out = []
    for question in active(catalogue, answers):
        answer = answers.get(question.id)
        if question.required and (answer is None or answer.value is None):
            out.append(question)
    return out


def unasked(catalogue: Catalogue, answers: AnswersFile) -> list[Question]:
    return [q for q in active(catalogue, answers) if not asked(answers, q.id)]
