"""Helpers for sector plugins: the document section that shows a sector's findings.

Public API for plugin authors (the built-in housing, transport and employment plugins use it
exactly as a third party would): ``sector_section(assessment, plugin, title)``.
"""

from __future__ import annotations

from hiap.models.assessment import Assessment
from hiap.models.document import Block, DocSection, Paragraph, Table


def sector_section(assessment: Assessment, plugin: str, title: str, intro: str | None = None) -> DocSection | None:
    """The sector's answers as the assessor gave them, in two columns.

    Returns None when the sector's questions were not asked (the decision does not touch it),
    so the document carries no empty section. Only what the assessor said is printed: what an
    answer points to (the principles its option scores) was offered in the interview and is
    the assessor's to take up in a rating, and notes and cited sources are in the annex with
    every other answer. Suggested mitigations stay out of the document (they are the
    assessor's to adopt into the action plan, not the council's commitments).
    """
    answered = [q for q in assessment.answered if q.origin == plugin and q.kept_because is None]
    if not answered:
        return None
    blocks: list[Block] = []
    if intro:
        blocks.append(Paragraph(text=intro))
    blocks.append(
        Table(
            caption=f"{title}: the assessor's answers",
            header=("Question", "Answer"),
            rows=tuple((" ".join(q.text.split()), q.answer) for q in answered),
        )
    )
    return DocSection(id=f"{plugin}.findings", title=title, after="principles", blocks=tuple(blocks))
