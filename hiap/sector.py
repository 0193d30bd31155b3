"""Helpers for sector plugins: the document section that shows a sector's findings.

Public API for plugin authors (the built-in housing, transport and employment plugins use it
exactly as a third party would): ``sector_section(assessment, plugin, title)``.
"""

from __future__ import annotations

from hiap.models.assessment import Assessment
from hiap.models.document import Block, DocSection, Paragraph, Table
from hiap.models.principles import IMPACT_DIRECTION

_WORDS = {
    "positive": "positive",
    "negative": "negative",
    "mixed": "mixed",
    "uncertain": "uncertain",
    "neutral": "no material effect",
}


def sector_section(assessment: Assessment, plugin: str, title: str, intro: str | None = None) -> DocSection | None:
    """The sector's answers, each with the principles it bears on and which way.

    Returns None when the sector's questions were not asked (the decision does not touch it),
    so the document carries no empty section. The principle sections point here rather than
    repeating the answers, and suggested mitigations stay out of the document (they are the
    assessor's to adopt into the action plan, not the council's commitments).
    """
    answered = [q for q in assessment.answered if q.origin == plugin]
    if not answered:
        return None
    bears: dict[str, list[str]] = {}
    for score in assessment.principles:
        for c in score.contributions:
            if c.source == plugin:
                for qid in c.questions:
                    bears.setdefault(qid, []).append(f"{score.principle}: {_WORDS[IMPACT_DIRECTION[c.impact][0]]}")
    blocks: list[Block] = []
    if intro:
        blocks.append(Paragraph(text=intro))
    blocks.append(
        Table(
            caption=f"{title}: answers and the Marmot principles they bear on",
            header=("Question", "Answer", "Principle: effect", "Note or evidence"),
            rows=tuple(
                (
                    q.text,
                    q.answer,
                    "; ".join(dict.fromkeys(bears.get(q.id, []))) or "-",
                    "; ".join(filter(None, [q.note or "", ", ".join(q.sources)])) or "-",
                )
                for q in answered
            ),
        )
    )
    if not bears:
        blocks.append(Paragraph(text="None of the answers points to a material effect on any principle."))
    return DocSection(id=f"{plugin}.findings", title=title, after="principles", blocks=tuple(blocks))
