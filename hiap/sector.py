"""Helpers for sector plugins: the document section that shows a sector's findings.

Public API for plugin authors (the built-in housing, transport and employment plugins use it
exactly as a third party would): ``sector_section(assessment, plugin, title)``.
"""

from __future__ import annotations

from hiap.models.assessment import Assessment
from hiap.models.document import Block, Bullets, DocSection, Heading, Paragraph, Table
from hiap.models.principles import SCALES, SHORT_LABELS


def sector_section(assessment: Assessment, plugin: str, title: str, intro: str | None = None) -> DocSection | None:
    """The sector's answers, what they did to the ratings, its suggestions and indicators.

    Returns None when the sector's questions were not asked (the decision does not touch it),
    so the document carries no empty section.
    """
    answered = [q for q in assessment.answered if q.origin == plugin]
    if not answered:
        return None
    blocks: list[Block] = []
    if intro:
        blocks.append(Paragraph(text=intro))
    blocks.append(
        Table(
            caption=f"{title}: answers given",
            header=("Question", "Answer", "Note or evidence"),
            rows=tuple(
                (q.text, q.answer, "; ".join(filter(None, [q.note or "", ", ".join(q.sources)])) or "-")
                for q in answered
            ),
        )
    )
    effects = [(p.principle, c) for p in assessment.principles for c in p.contributions if c.source == plugin]
    blocks.append(Heading(level=1, text="How these answers bear on the Marmot principles"))
    if effects:
        blocks.append(
            Table(
                caption=f"{title}: effects on the Marmot principles",
                header=("Principle", "Finding", "Suggests"),
                rows=tuple((f"{n}. {SHORT_LABELS[n]}", c.rationale, SCALES["impact"][c.impact]) for n, c in effects),
            )
        )
    else:
        blocks.append(Paragraph(text="None of the answers points to a material effect on any principle."))
    suggestions = [m for m in assessment.mitigations if m.source == plugin]
    if suggestions:
        blocks.append(Heading(level=1, text="Suggested mitigations and enhancements"))
        blocks.append(
            Bullets(
                items=tuple(
                    f"{m.text.rstrip('.')}." + (f" Measure: {m.indicator.rstrip('.')}." if m.indicator else "")
                    for m in suggestions
                )
            )
        )
    indicators = [m for m in assessment.suggested_indicators if m.origin == plugin]
    if indicators:
        blocks.append(Heading(level=1, text="Indicators to monitor"))
        blocks.append(Bullets(items=tuple(f"{m.indicator} ({m.source})" for m in indicators)))
    return DocSection(id=f"{plugin}.findings", title=title, after="principles", blocks=tuple(blocks))
