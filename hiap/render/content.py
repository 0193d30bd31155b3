"""The document's content, once, in format-neutral blocks; every writer walks the same plan.

So the Word appendix, the Markdown preview and any plugin format carry the same words, in the
same order: the one-minute summary first, then the detail a clerk and a lawyer look for.
"""

from __future__ import annotations

import re

from hiap import wording
from hiap.answers.values import long_date
from hiap.models.assessment import Assessment, PluginReport, PrincipleScore
from hiap.models.document import Block, Bullets, Callout, DocSection, Heading, Paragraph, Table
from hiap.models.principles import IMPACT_DIRECTION, SCALES

STANDARD_ORDER = (
    "summary",
    "implications",
    "principles",
    "groups",
    "evidence",
    "actions",
    "monitoring",
    "signoff",
    "sources",
    "record",
)


def document_title(a: Assessment, appendix: str | None = None) -> str:
    return wording.appendix_title(a.title, appendix, a.draft)


#: Labels that open a paragraph ("Reasoning: ..."); the Word writer sets them in bold.
LEAD_IN_LABELS = (
    "Reasoning",
    "Evidence",
    "Mitigation",
    "Justification for any remaining adverse effect",
    "Why",
    "Why no further assessment is needed despite the screening answers",
    "Screening route",
    "Review date",
    "Status",
    "Symbols",
    "Likely to be adversely affected",
)

BASIS_WORDS = {"statutory": "Statutory", "NHS": "NHS", "local": "Local policy", "good practice": "Good practice"}
BASIS_INLINE = {"statutory": "statutory", "NHS": "NHS", "local": "local policy", "good practice": "good practice"}


def nice_date(value: str | None) -> str:
    return long_date(value) if value else "Not recorded"


def _scale(name: str, value: str | None, missing: str = "Not recorded") -> str:
    return SCALES[name].get(value, value) if value else missing


_MARKER = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")


def prose(text: str | None, label: str | None = None) -> list[Block]:
    """Officers' free text as blocks: blank lines separate paragraphs, and a paragraph of
    several lines is a list (that is how people type evidence and action lists)."""
    if not text or not text.strip():
        return []
    blocks: list[Block] = []
    for part in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in part.splitlines() if line.strip()]
        if len(lines) > 1:
            blocks.append(Bullets(items=tuple(_MARKER.sub("", line) for line in lines)))
        elif lines:
            blocks.append(Paragraph(text=_MARKER.sub("", lines[0]) if len(lines[0]) > 2 else lines[0]))
    if label:
        first = blocks[0]
        if isinstance(first, Paragraph):
            blocks[0] = Paragraph(text=f"{label}: {first.text}")
        else:
            blocks.insert(0, Paragraph(text=f"{label}:"))
    return blocks


def _principle_list(numbers: tuple[int, ...]) -> str:
    if len(set(numbers)) == 8:
        return "All eight"
    return ", ".join(str(n) for n in numbers) or "-"


def _or(value: str | None, missing: str = "Not recorded") -> str:
    return value.strip() if value and value.strip() else missing


def plan(a: Assessment, appendix: str | None = None) -> list[DocSection]:
    """Standard sections with plugin sections placed after their anchors."""
    standard = [
        _summary(a),
        _implications(a, appendix),
        _decision(a),
        _principles(a),
        _groups(a),
        _evidence(a),
        _actions(a),
        _monitoring(a),
        _signoff(a),
        _sources(a),
        _record(a),
    ]
    out: list[DocSection] = []
    for section in standard:
        out.append(section)
        out.extend(s for s in a.sections if s.after == section.id)
    return out


def _summary(a: Assessment) -> DocSection:
    d = a.decision
    facts = tuple(
        (label, value)
        for label, value in (
            ("Decision", a.title),
            ("Reference", d.get("reference")),
            ("Kind of decision", d.get("kind")),
            ("Directorate", d.get("directorate")),
            ("Lead officer and assessor", d.get("assessor")),
            ("Decision maker", d.get("decision_maker")),
            ("Meeting date", nice_date(a.decision_values.get("meeting_date")) if d.get("meeting_date") else None),
            ("Wards affected", d.get("wards")),
            ("Key decision", d.get("key_decision")),
            ("Depth of assessment", a.route_words),
            ("Approved by", a.signoff.get("approver")),
            ("Review date", nice_date(a.review_date) if a.review_date else None),
        )
        if value
    )
    rows = tuple(
        (
            wording.principle_short(p.principle),
            wording.effect_words(p.effect, p.relevant),
            wording.effect_symbol(p.effect, p.relevant),
            wording.scale_words("equity", p.equity, "-"),
        )
        for p in a.principles
    )
    label, text = wording.overall(a)
    blocks: list[Block] = [
        Table(caption="Key facts about the decision", header=("Item", "Detail"), rows=facts),
        Callout(label=label, text=text),
        Table(
            caption="The eight Marmot principles at a glance",
            header=("Marmot principle", "Rating", "Symbol", "Effect on the gap"),
            rows=rows,
        ),
        Paragraph(text=wording.SYMBOL_KEY),
    ]
    adverse = a.adverse_groups
    blocks.append(Heading(level=1, text="Groups most affected"))
    if adverse:
        # one compact line keeps the summary on the first page; the full table comes later
        shown = "; ".join(f"{g.people}{' (mixed effects)' if g.direction == 'both' else ''}" for g in adverse[:4])
        others = len(adverse) - 4
        more = f"; and {others} other group{'s' if others != 1 else ''} (see Population groups)" if others > 0 else ""
        blocks.append(Paragraph(text=f"Named by the assessor as likely to be adversely affected: {shown}{more}."))
    else:
        blocks.append(Paragraph(text="The assessor named no group as likely to be adversely affected."))
    blocks.append(Heading(level=1, text="Most important actions"))
    if a.actions:
        blocks.append(
            Bullets(
                items=tuple(
                    # owners are in the action plan; the date is what a councillor asks first
                    f"{x.action.rstrip('.')} ({('by ' + nice_date(x.due)) if x.due else 'no date set'})"
                    for x in a.top_actions(3)
                )
            )
        )
    else:
        blocks.append(Paragraph(text="No actions have been recorded yet."))
    if a.missing:
        blocks.append(
            Callout(
                label="Not yet complete",
                text=f"{len(a.missing)} item{'s' if len(a.missing) != 1 else ''} still to do: "
                + "; ".join(a.missing[:5])
                + ("; and more (see the record)." if len(a.missing) > 5 else "."),
            )
        )
    return DocSection(id="summary", title="Summary", blocks=tuple(blocks), after="summary")


def _implications(a: Assessment, appendix: str | None) -> DocSection:
    text = wording.implications(a, appendix)
    return DocSection(
        id="implications",
        title="Paragraph for the report's health and equality implications",
        blocks=(
            Paragraph(text="Report authors can paste this paragraph into the covering report."),
            Paragraph(text=text),
        ),
        after="summary",
    )


def _decision(a: Assessment) -> DocSection:
    """What is being decided and how deep the assessment went: the context for every finding."""
    blocks: list[Block] = [
        *(prose(a.decision.get("summary")) or [Paragraph(text="The decision has not been described yet.")]),
        Heading(level=1, text="How deep this assessment goes"),
        Paragraph(text=f"Screening route: {_or(a.route_words)}."),
        *prose(a.route_reason),
        *prose(a.route_check, "Why no further assessment is needed despite the screening answers"),
    ]
    return DocSection(id="decision", title="The decision", blocks=tuple(blocks), after="summary")


def _principles(a: Assessment) -> DocSection:
    blocks: list[Block] = []
    for p in a.principles:
        blocks.append(Heading(level=1, text=f"{p.principle}. {p.title}"))
        facts = [
            ("Rating", f"{wording.effect_words(p.effect, p.relevant)} ({wording.effect_symbol(p.effect, p.relevant)})"),
            ("Effect on the gap", _scale("equity", p.equity, "Not assessed")),
            ("Likelihood", _scale("likelihood", p.likelihood, "Not assessed")),
            ("Timing", _scale("timing", p.timing, "Not assessed")),
            ("Confidence", _scale("confidence", p.confidence, "Not assessed")),
        ]
        blocks.append(
            Table(caption=f"Rating for principle {p.principle}", header=("Aspect", "Finding"), rows=tuple(facts))
        )
        local = [e for e in a.evidence if e.kind == "indicator" and p.principle in e.principles]
        if local:
            blocks.append(
                Table(
                    caption=f"Local context for principle {p.principle}",
                    header=("Indicator", "Area", "England", "Compared with England", "Period", "Source"),
                    rows=tuple(
                        (
                            e.label + (f" ({e.breakdown})" if e.breakdown else ""),
                            e.shown_value + (f" ({e.area})" if e.area else ""),
                            e.shown_comparator,
                            _or(e.comparison, "Not compared"),
                            _or(e.period, "-"),
                            e.source,
                        )
                        for e in local
                    ),
                )
            )
        if not p.relevant:
            blocks.append(
                Paragraph(text="The assessor judged that this decision has no material effect on this principle.")
            )
            blocks.extend(prose(p.why_not, "Why"))
        blocks.extend(prose(p.reasoning, "Reasoning"))
        blocks.extend(prose(p.evidence, "Evidence"))
        blocks.extend(_answer_effects(a, p))
        blocks.extend(prose(p.mitigation, "Mitigation"))
        blocks.extend(prose(p.justification, "Justification for any remaining adverse effect"))
        if p.adverse and not p.mitigation and not p.justification:
            blocks.append(
                Callout(
                    label="Needs attention",
                    text="An adverse effect is recorded without a mitigation or a justification.",
                )
            )
    return DocSection(id="principles", title="Findings by Marmot principle", blocks=tuple(blocks), after="principles")


_DIRECTION_WORDS = {
    "positive": "positive",
    "negative": "negative",
    "mixed": "mixed",
    "uncertain": "uncertain",
    "neutral": "no material",
}


def _answer_effects(a: Assessment, p: PrincipleScore) -> list[Block]:
    """What other answers say about this principle: core answers in full, a sector's in one line
    pointing at its own section (which lists them), so nothing is said twice."""
    blocks: list[Block] = []
    core = [c for c in p.contributions if c.source == "core" and c.kind != "rating"]
    if core:
        blocks.append(Paragraph(text="Other answers that bear on this principle:"))
        blocks.append(
            Bullets(
                items=tuple(
                    f"{c.rationale.rstrip('.')} ({_DIRECTION_WORDS[IMPACT_DIRECTION[c.impact][0]]} effect)"
                    for c in core
                )
            )
        )
    sources = list(dict.fromkeys(c.source for c in p.contributions if c.source != "core"))
    for source in sources:
        counts: dict[str, int] = {}
        for c in p.contributions:
            if c.source == source:
                word = _DIRECTION_WORDS[IMPACT_DIRECTION[c.impact][0]]
                counts[word] = counts.get(word, 0) + 1
        title = next((s.title for s in a.sections if s.id == f"{source}.findings"), f"{source.capitalize()} findings")
        said = ", ".join(f"{n} {word}" for word, n in counts.items())
        blocks.append(
            Paragraph(
                text=f"The {source} answers point to effects on this principle that are: {said} "
                f"(listed under '{title}')."
            )
        )
    return blocks


def _groups(a: Assessment) -> DocSection:
    blocks: list[Block] = []
    if a.groups:
        labels = {"adverse": "Adversely", "positive": "Positively", "both": "Both"}
        blocks.append(
            Table(
                caption="Population groups affected",
                header=("Group", "How affected", "Effect", "Basis for considering the group"),
                rows=tuple(
                    (
                        g.label,
                        g.how or "-",
                        labels[g.direction],
                        f"{BASIS_WORDS.get(g.basis, g.basis)}: {g.basis_detail}",
                    )
                    for g in a.groups
                ),
            )
        )
    else:
        blocks.append(Paragraph(text="No population group was identified as affected differently from others."))
    for label, text in (
        ("Overlapping disadvantage and cumulative effects", a.cumulative),
        ("Public Sector Equality Duty (Equality Act 2010 s149)", a.psed),
        (
            "Socio-economic duty (Equality Act 2010 s1)",
            "\n\n".join(filter(None, [a.socio_economic, a.socio_economic_how])),
        ),
    ):
        if text:
            blocks.append(Heading(level=1, text=label))
            blocks.extend(prose(text))
    return DocSection(id="groups", title="Population groups", blocks=tuple(blocks), after="groups")


def _evidence(a: Assessment) -> DocSection:
    blocks: list[Block] = [
        Heading(level=1, text="Evidence used"),
        *(prose(a.evidence_sources) or [Paragraph(text="Not recorded")]),
        Heading(level=1, text="Engagement"),
        Paragraph(text=_or(a.engagement)),
        *prose(a.engagement_summary),
    ]
    indicators = [e for e in a.evidence if e.kind == "indicator"]
    if indicators:
        periods = sorted({e.period for e in indicators if e.period})
        blocks.append(
            Paragraph(
                text=(
                    f"Local figures for {indicators[0].area or 'the area'} are shown beside each principle above "
                    f"({len(indicators)} indicator{'s' if len(indicators) != 1 else ''}"
                    + (
                        f", periods {periods[0]} to {periods[-1]}"
                        if len(periods) > 1
                        else (f", period {periods[0]}" if periods else "")
                    )
                    + "). They were captured into the answers file when the assessment was made, so this document can be "
                    "regenerated with the same figures."
                )
            )
        )
    return DocSection(id="evidence", title="Evidence and engagement", blocks=tuple(blocks), after="evidence")


def _actions(a: Assessment) -> DocSection:
    blocks: list[Block] = []
    if a.actions:
        blocks.append(
            Table(
                caption="Action plan",
                header=("No.", "Action", "Owner", "By", "Indicator of success"),
                rows=tuple(
                    (
                        str(i),
                        x.action,
                        _or(x.owner, "Not named"),
                        nice_date(x.due) if x.due else "No date",
                        _or(x.indicator, "Not set"),
                    )
                    for i, x in enumerate(a.actions, start=1)
                ),
            )
        )
    else:
        blocks.append(Paragraph(text="No actions have been recorded."))
    if a.partners:
        blocks.append(Heading(level=1, text="Local services that could help"))
        blocks.append(
            Paragraph(
                text="Services in the council's asset register whose focus matches the principles of concern and "
                "the groups affected. They are not commitments; the assessment cites those marked Yes."
            )
        )
        blocks.append(
            Table(
                caption="Local services matched to the concerns in this assessment",
                header=("Service", "Organisation", "Marmot principles", "Priority groups", "Cited"),
                rows=tuple(
                    (
                        e.label,
                        _or(e.organisation, "-"),
                        ", ".join(str(n) for n in e.principles) or "-",
                        ", ".join(e.groups) or "All residents",
                        "Yes" if e.cited else "No",
                    )
                    for e in a.partners
                ),
            )
        )
    return DocSection(id="actions", title="Action plan", blocks=tuple(blocks), after="actions")


def _monitoring(a: Assessment) -> DocSection:
    blocks: list[Block] = [Paragraph(text=f"Review date: {nice_date(a.review_date) if a.review_date else 'Not set'}.")]
    if a.monitoring:
        blocks.append(
            Table(
                caption="Monitoring indicators",
                header=("Indicator", "Baseline", "Source", "How often"),
                rows=tuple(
                    (m.indicator, _or(m.baseline, "-"), _or(m.source, "-"), _or(m.frequency, "-")) for m in a.monitoring
                ),
            )
        )
    else:
        blocks.append(Paragraph(text="No monitoring indicators have been recorded."))
    return DocSection(id="monitoring", title="Monitoring and review", blocks=tuple(blocks), after="monitoring")


_RECORDED_EVENTS = ("created", "completed", "reviewed", "signed off", "reopened")


def _last(a: Assessment, event: str) -> str | None:
    dates = [h["date"] for h in a.history if h["event"] == event]
    return dates[-1] if dates else None


def assessed_on(a: Assessment) -> str | None:
    """When the assessment was made: its last completion, or its last change."""
    return _last(a, "completed") or a.updated


def _signoff(a: Assessment) -> DocSection:
    when = {"assessor": assessed_on(a), "reviewer": _last(a, "reviewed"), "approver": _last(a, "signed off")}
    names = {"assessor": a.decision.get("assessor"), **a.signoff}
    rows = tuple(
        (
            role.capitalize(),
            names.get(role) or "Not recorded",
            nice_date(when[role]) if when[role] and names.get(role) else "-",
        )
        for role in ("assessor", "reviewer", "approver")
    )
    status = "Approved" if a.approved else ("Complete, awaiting approval" if a.complete else "Draft")
    blocks: list[Block] = [
        Table(caption="Sign-off", header=("Role", "Name and role", "Date"), rows=rows),
        Paragraph(text=f"Status: {status}."),
    ]
    history = [h for h in a.history if h["event"] in _RECORDED_EVENTS]
    if history:
        blocks.append(
            Table(
                caption="Version history",
                header=("Date", "Event", "By"),
                rows=tuple((nice_date(h["date"]), h["event"].capitalize(), h["by"] or "-") for h in history),
            )
        )
    return DocSection(id="signoff", title="Sign-off and version history", blocks=tuple(blocks), after="signoff")


def _sources(a: Assessment) -> DocSection:
    items = tuple(f"{s.title}" + (f" – {s.url}" if s.url else "") for s in a.sources)
    blocks: list[Block] = [Bullets(items=items)] if items else [Paragraph(text="No sources recorded.")]
    return DocSection(id="sources", title="Sources", blocks=tuple(blocks), after="signoff")


def _plugin_status(p: PluginReport) -> str:
    if p.status == "missing":
        return "Used when the assessment was made, but not available now: its answers are not in this document"
    if p.status == "failed":
        return f"Could not be used: {p.error}"
    return "Used" if p.contributed else "Not relevant to this decision"


def _record(a: Assessment) -> DocSection:
    blocks: list[Block] = []
    if a.plugins:
        blocks.append(
            Table(
                caption="Question sets used",
                header=("Question set", "Version", "Status"),
                rows=tuple(
                    (
                        p.name,
                        p.version or "-",
                        _plugin_status(p),
                    )
                    for p in a.plugins
                ),
            )
        )
    if a.missing:
        blocks.append(Heading(level=1, text="Still to do"))
        blocks.append(Bullets(items=tuple(a.missing)))
    from hiap import __version__

    blocks.append(
        Paragraph(
            text=f"Produced by hiap {__version__} from the answers file last changed on "
            f"{nice_date(a.updated)}. The answers file is the record; this document is "
            "generated from it and can be regenerated at any time."
        )
    )
    return DocSection(id="record", title="About this assessment", blocks=tuple(blocks), after="signoff")
