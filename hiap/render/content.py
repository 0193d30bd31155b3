"""The appendix and its annex, once each, in format-neutral blocks; every writer walks the same plans.

The appendix is what a committee reads: page 1 is the one-minute summary (key facts, the
assessor's conclusion or why there is none yet, the eight principles, who is worse off, the
first actions), then the findings in the assessor's own words, the action plan, sign-off and
the sources behind the answers. Nothing is printed as the assessor's that they did not say.

The annex is the record: every answer in the file, question by question, as given, with the
answers that no longer count and why. It is a second document (``NAME-annex.docx``) so the clerk
attaches the appendix to the committee paper as it is, and files or publishes the annex as a
background paper; nobody has to cut pages out of a Word file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from hiap import wording
from hiap.answers.values import long_date
from hiap.models.assessment import AnsweredQuestion, Assessment, EvidenceItem, PrincipleScore
from hiap.models.document import Block, Bullets, Callout, DocSection, Heading, Paragraph, Table

#: The appendix's own sections, in order; plugin sections go after the one they name.
STANDARD_ORDER = (
    "summary",
    "todo",
    "implications",
    "decision",
    "principles",
    "groups",
    "actions",
    "monitoring",
    "signoff",
    "sources",
)
#: Anchors a plugin may name that the appendix no longer has a section for, and where they go.
_ANCHORS = {"evidence": "groups"}

#: Labels that open a paragraph ("Reasoning: ..."); the Word writer sets them in bold.
LEAD_IN_LABELS = tuple(wording.LEAD_INS.values())
#: A lead-in label at the start of a paragraph or sentence ("Reasoning:"); writers set it in bold.
LEAD_IN = re.compile(
    r"(?:^|(?<=\. ))(?P<label>"
    + "|".join(re.escape(label) for label in sorted(LEAD_IN_LABELS, key=len, reverse=True))
    + r"):"
)
#: A source the plan writes as "Title – https://...": writers make the title the link text.
LINKED_SOURCE = re.compile(r"^(?P<title>.+?) – (?P<url>https?://\S+)$")

#: Formats whose writer also writes the annex, beside the appendix.
ANNEX_SUFFIX = "-annex"

#: Page 1 lists up to this many actions, fewer when they would not fit.
TOP_ACTIONS = 3


def annex_path(path: Path) -> Path:
    """Where the annex goes: beside the appendix, named after it."""
    return path.with_name(f"{path.stem}{ANNEX_SUFFIX}{path.suffix}")


def letter(appendix: str | None) -> str:
    """The appendix letter the clerk gave, or a visible '[X]' for the clerk to replace."""
    return appendix.strip() if appendix and appendix.strip() else wording.APPENDIX_PLACEHOLDER


def document_title(a: Assessment, appendix: str | None = None) -> str:
    return wording.appendix_title(a.title, letter(appendix), a.draft)


def document_subtitle(a: Assessment) -> str:
    """The decision itself: under the short title, so page 1 stays one page in any template."""
    return " ".join(a.title.split())


def annex_title(a: Assessment, appendix: str | None = None) -> str:
    return wording.annex_title(letter(appendix), a.draft)


def nice_date(value: str | None) -> str:
    return long_date(value) if value else "Not recorded"


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


def labelled(key: str, text: str | None) -> list[Block]:
    """Free text under one of the wording's lead-in labels ("Mitigation: ...")."""
    return prose(text, wording.LEAD_INS[key])


def _or(value: str | None, missing: str = "Not recorded") -> str:
    return value.strip() if value and value.strip() else missing


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _compact(table: Table, keep: int = 1) -> Table:
    """The table without columns that say nothing in any row (all '-'), past the first ``keep``."""
    empty = {"", "-"}
    cols = [i for i in range(len(table.header)) if i < keep or any(row[i].strip() not in empty for row in table.rows)]
    if len(cols) == len(table.header):
        return table
    return Table(
        caption=table.caption,
        header=tuple(table.header[i] for i in cols),
        rows=tuple(tuple(row[i] for i in cols) for row in table.rows),
    )


# -- the appendix ---------------------------------------------------------------------------


def plan(a: Assessment, appendix: str | None = None) -> list[DocSection]:
    """The appendix's sections, plugin sections placed after their anchors."""
    standard = [
        summary_variants(a)[0],
        _todo(a),
        _implications(a, appendix),
        _decision(a),
        _principles(a),
        _groups(a),
        _actions(a),
        _monitoring(a),
        _signoff(a),
        _sources(a),
    ]
    present = [s for s in standard if s is not None and not _says_nothing(a, s)]
    ids = {s.id for s in present}
    out: list[DocSection] = []
    for section in present:
        out.append(section)
        out.extend(s for s in a.sections if _anchor(s.after, ids) == section.id)
    return out


def in_view(a: Assessment, p: PrincipleScore) -> bool:
    """Whether a principle is shown as in play: the assessor ticked it in the relevance grid; or
    no principle is ticked yet in an assessment not screened out, so none can be called
    unaffected (each reads 'not yet rated')."""
    return p.relevant or (not a.screened_out and not any(q.relevant for q in a.principles))


def _says_nothing(a: Assessment, section: DocSection) -> bool:
    """Sections a screened-out decision has nothing for (no principle, action or indicator):
    page 1 already says so, and a page of 'none recorded' would only bury the reason."""
    if section.id == "sources" and a.route != "full":
        # only a full assessment asks for sources: 'none cited' would read as a gap the officer left
        return not sources_used(a) and not a.evidence_sources
    if not a.screened_out:
        return False
    if section.id == "principles":
        return not any(p.relevant or p.effect or p.why_not for p in a.principles)
    if section.id == "actions":
        return not a.actions and not a.partners
    if section.id == "monitoring":
        return not a.monitoring and not a.review_date
    return False


def _anchor(after: str, ids: set[str]) -> str:
    after = _ANCHORS.get(after, after)
    return after if after in ids else next(i for i in ("principles", "decision") if i in ids)


#: Page 1 keeps at least this many actions (fewer only where the decision has fewer): key facts
#: move to page 2 before the actions do.
MIN_ACTIONS = 2


def summary_variants(a: Assessment) -> list[DocSection]:
    """Page 1, fullest first: the writer takes the first that fits one page in the template.

    Every fact the officer gave stays on page 1 while anything else can give way: first the
    symbol key, then the third action; only then do the optional facts (kind of decision,
    directorate, wards, review date) move to 'The decision' on page 2, with a line saying so
    (``moved_facts`` gives them), and only then fewer than two actions."""
    most = min(TOP_ACTIONS, len(a.actions))
    least = min(MIN_ACTIONS, most)
    variants = [
        _summary(a, actions=n, all_facts=True, key=key) for n in range(most, least - 1, -1) for key in (True, False)
    ]
    if moved_facts(a):
        variants += [_summary(a, actions=n, all_facts=False, key=False) for n in range(least, -1, -1)]
    else:
        variants += [_summary(a, actions=n, all_facts=True, key=False) for n in range(least - 1, -1, -1)]
    return variants


def moved_facts(a: Assessment) -> tuple[tuple[str, str], ...]:
    """The facts a crowded page 1 leaves to page 2 (the officer gave them; they are never dropped)."""
    every, core = _facts(a, True), set(_facts(a, False))
    return tuple(row for row in every if row not in core)


def facts_moved_section(a: Assessment) -> DocSection:
    """'The decision' on page 2 when page 1 could not hold every key fact: the facts lead it."""
    section = _decision(a)
    table = Table(caption="More key facts about the decision", header=("Item", "Detail"), rows=moved_facts(a))
    return DocSection(id=section.id, title=section.title, blocks=(table, *section.blocks), after=section.after)


def after_page_one(a: Assessment, sections: Sequence[DocSection], chosen: DocSection) -> list[DocSection]:
    """The appendix after page 1: where the page 1 chosen left facts out, 'The decision' leads with them."""
    facts = chosen.blocks[0] if chosen.blocks else None
    if not isinstance(facts, Table) or len(facts.rows) == len(_facts(a, True)):
        return list(sections)
    return [facts_moved_section(a) if s.id == "decision" else s for s in sections]


def _facts(a: Assessment, every: bool) -> tuple[tuple[str, str], ...]:
    d = a.decision
    rows: list[tuple[str, str | None, bool]] = [
        ("Reference", d.get("reference"), True),
        ("Kind of decision", d.get("kind"), False),
        ("Decision by", wording.decided_by(d.get("decision_maker"), a.decision_values.get("meeting_date")), True),
        ("Lead officer", d.get("assessor"), True),
        ("Directorate", d.get("directorate"), False),
        ("Wards affected", d.get("wards"), False),
        ("Key decision", d.get("key_decision"), True),
        ("Depth of assessment", a.route_words, True),
        ("Status", wording.status_words(a), True),
        ("Review date", long_date(a.review_date) if a.review_date else None, False),
    ]
    return tuple((label, " ".join(value.split())) for label, value, core in rows if value and (every or core))


def _summary(a: Assessment, *, actions: int, all_facts: bool, key: bool = True) -> DocSection:
    label, text = wording.overall(a)
    # the gap column only where some principle has its effect on the gap rated (a full assessment)
    gap = any(in_view(a, p) and p.equity for p in a.principles)
    glance = tuple(
        (
            wording.principle_short(p.principle),
            wording.rating_words(p.effect, in_view(a, p)),
            *([wording.gap_cell(p.equity, in_view(a, p))] if gap else []),
        )
        for p in a.principles
    )
    facts: list[Block] = [
        Table(caption="Key facts about the decision", header=("Item", "Detail"), rows=_facts(a, all_facts))
    ]
    if not all_facts and moved_facts(a):
        facts.append(Paragraph(text=wording.facts_on_page_two([row[0] for row in moved_facts(a)])))
    blocks: list[Block] = [
        *facts,
        Callout(label=label, text=text),
        *(
            [
                Table(
                    caption="The eight Marmot principles: the assessor's ratings",
                    header=("Marmot principle", "Rating", *(["Effect on the gap"] if gap else [])),
                    rows=glance,
                ),
                *([Paragraph(text=wording.SYMBOL_KEY)] if key else []),
            ]
            if any(in_view(a, p) for p in a.principles)
            else [
                Paragraph(
                    text=wording.screened_principles(a.principles_screened)
                    if a.principles_screened
                    else wording.no_principle_affected()
                )
            ]
        ),
        Heading(level=1, text="Who is affected"),
        Paragraph(
            text=wording.adverse_people(
                [wording.group_people(g) for g in a.groups if g.direction == "adverse"],
                mixed=[wording.group_people(g) for g in a.groups if g.direction == "both"],
            )
        ),
        Heading(level=1, text="Main actions"),
    ]
    if a.actions:
        if actions:
            blocks.append(Bullets(items=tuple(wording.action_line(x.action, x.due) for x in a.actions[:actions])))
        if len(a.actions) > actions:
            blocks.append(Paragraph(text=wording.more_actions(len(a.actions) - actions)))
    elif a.screened_out:
        blocks.append(Paragraph(text=wording.no_actions_screened_out()))
    else:
        blocks.append(Paragraph(text=wording.no_actions()))
    return DocSection(id="summary", title=wording.HEADINGS["summary"], blocks=tuple(blocks), after="summary")


def _todo(a: Assessment) -> DocSection | None:
    """A draft says what is left, straight after page 1; a complete assessment has no such section."""
    if not a.missing:
        return None
    return DocSection(
        id="todo",
        title=wording.HEADINGS["todo"],
        blocks=(Paragraph(text=wording.draft_notice(len(a.missing))), Bullets(items=tuple(a.missing))),
        after="summary",
    )


def _implications(a: Assessment, appendix: str | None) -> DocSection:
    return DocSection(
        id="implications",
        title=wording.HEADINGS["implications"],
        blocks=(Paragraph(text=wording.implications(a, letter(appendix))),),
        after="summary",
    )


def _decision(a: Assessment) -> DocSection:
    """What is being decided, what else was considered, and how deep the assessment went."""
    blocks: list[Block] = [*(prose(a.decision.get("summary")) or [Paragraph(text="Not yet described.")])]
    blocks += labelled("alternatives", a.alternatives)
    blocks += labelled("unintended", a.unintended)
    if a.sectors:
        blocks.append(Paragraph(text=wording.lead_in("sectors", wording.listing(a.sectors) + ".")))
    # the depth is a key fact on page 1; here it comes with the assessor's reason for it
    route = wording.lead_in("route", _or(a.route_words, "Not yet chosen") + ".")
    reason = prose(a.route_reason)
    if reason and isinstance(reason[0], Paragraph):
        blocks.append(Paragraph(text=f"{route} {reason[0].text}"))
        blocks += reason[1:]
    elif reason:
        blocks += [Paragraph(text=route), *reason]
    blocks += labelled("route_check", a.route_check)
    return DocSection(id="decision", title=wording.HEADINGS["decision"], blocks=tuple(blocks), after="summary")


def _principles(a: Assessment) -> DocSection:
    blocks: list[Block] = []
    for p in a.principles:
        if not in_view(a, p):
            continue
        blocks.append(Heading(level=1, text=wording.principle_heading(p.principle)))
        blocks.extend(_local_figures(a, p.principle))
        reasoning = labelled("reasoning", p.reasoning)
        if reasoning and isinstance(reasoning[0], Paragraph):
            # the rating and the reasoning behind it read as one paragraph
            reasoning[0] = Paragraph(text=f"{wording.rating_facts(p)} {reasoning[0].text}")
        else:
            reasoning.insert(0, Paragraph(text=wording.rating_facts(p)))
        blocks.extend(reasoning)
        blocks.extend(labelled("evidence", p.evidence))
        blocks.extend(labelled("gradient", p.gradient))
        blocks.extend(labelled("mitigation", _with_residual(p.mitigation, p.residual)))
        if p.residual and not p.mitigation:
            blocks.append(Paragraph(text=wording.lead_in("residual", wording.residual_words(p.residual) + ".")))
        blocks.extend(labelled("justification", p.justification))
    left_out = [p for p in a.principles if not in_view(a, p)]
    if left_out:
        blocks.append(Paragraph(text=wording.not_affected([p.principle for p in left_out])))
        for p in left_out:
            blocks.extend(prose(p.why_not, wording.principle_label(p.principle)))
    # a group named worse off beside no rating of the principles it bears on: both said, in words
    blocks.extend(Paragraph(text=wording.unrated_note(u.principles, u.people, u.mixed)) for u in a.unrated if u.people)
    if not blocks:
        blocks.append(Paragraph(text="No principle has been rated yet."))
    return DocSection(id="principles", title=wording.HEADINGS["principles"], blocks=tuple(blocks), after="principles")


def _with_residual(mitigation: str | None, residual: str | None) -> str | None:
    """The mitigation, followed in the same paragraph by the harm that remains once it is in place."""
    if not mitigation or not residual:
        return mitigation
    return f"{mitigation.rstrip()} {wording.residual_sentence(residual)}"


def _one(values: Sequence[str | None]) -> str | None:
    """The value every row shares, so it is said once (in the caption), not in every row."""
    distinct = {v for v in values if v}
    return distinct.pop() if len(distinct) == 1 and all(values) else None


def _compared(comparison: str | None) -> str:
    """'Worse than England' reads 'Worse' under the heading 'Compared with England'."""
    text = _or(comparison, "-")
    return re.sub(r"\s+(than|to|with) England$", "", text, flags=re.IGNORECASE)


def _against_england(e: EvidenceItem) -> str:
    """'Worse (England 21.3%)': the comparison and England's figure in one cell."""
    england = e.shown_comparator if e.comparator else None
    compared = _compared(e.comparison)
    if england and compared != "-":
        return f"{compared} (England {england})"
    return f"England {england}" if england else compared


def _local_figures(a: Assessment, principle: int) -> list[Block]:
    """The local figures bearing on a principle, beside its rating; the area every row shares is
    said once, in the caption, the source once, in the sources, and England's figure sits in the
    comparison."""
    local: list[EvidenceItem] = [e for e in a.evidence if e.kind == "indicator" and principle in e.principles]
    if not local:
        return []
    everywhere = [e for e in a.evidence if e.kind == "indicator"]
    area, source = _one([e.area for e in everywhere]), _one([e.source for e in everywhere])
    rows = tuple(
        (
            e.label + (f" ({e.breakdown})" if e.breakdown else "") + (f", {e.period}" if e.period else ""),
            e.shown_value + (f" ({e.area})" if e.area and not area else ""),
            _against_england(e),
            "-" if source else e.source,
        )
        for e in local
    )
    table = Table(
        caption=wording.local_figures_caption(principle, area),
        header=("Indicator and period", "Here", "Compared with England", "Source"),
        rows=rows,
    )
    return [_compact(table)]


def _groups(a: Assessment) -> DocSection:
    blocks: list[Block] = []
    if a.gradient:
        blocks.append(Paragraph(text=wording.lead_in("gradient", a.gradient + ".")))
    if a.groups_differ:
        blocks.append(Paragraph(text=wording.lead_in("groups_differ", a.groups_differ + ".")))
    if a.groups:
        blocks.append(
            Table(
                caption="People the assessor named, and how the decision affects them",
                header=("People", "How they are affected", "Better or worse off"),
                rows=tuple(
                    (
                        _capital(wording.group_people(g)),
                        g.how or wording.group_how_missing(bool(a.added_since)),
                        wording.group_effect(g.direction),
                    )
                    for g in a.groups
                ),
            )
        )
    else:
        blocks.append(Paragraph(text=wording.no_group_named()))
    blocks += labelled("cumulative", a.cumulative)
    if a.core20_share:
        blocks.append(Paragraph(text=wording.core20_line(a.core20_share)))
    if a.psed:
        blocks += [
            Heading(level=1, text="Public Sector Equality Duty (Equality Act 2010, section 149)"),
            *prose(a.psed),
        ]
    if a.socio_economic or a.socio_economic_how:
        blocks.append(Heading(level=1, text="Socio-economic duty (Equality Act 2010, section 1)"))
        blocks += prose("\n\n".join(filter(None, [a.socio_economic, a.socio_economic_how])))
    for question, answer in a.duties:
        blocks += [Heading(level=1, text=wording.duty_heading(question)), *prose(answer)]
    if a.engagement or a.engagement_summary:
        blocks.append(Heading(level=1, text=wording.LEAD_INS["engagement"]))
        blocks += prose("\n\n".join(filter(None, [a.engagement, a.engagement_summary])))
    return DocSection(id="groups", title=wording.HEADINGS["groups"], blocks=tuple(blocks), after="groups")


def _actions(a: Assessment) -> DocSection:
    blocks: list[Block] = []
    if a.actions:
        blocks.append(
            _compact(
                Table(
                    caption="Action plan",
                    header=("No.", "Action", "Owner", "By", "How success is measured"),
                    rows=tuple(
                        (
                            str(i),
                            x.action,
                            _or(x.owner, "Not named"),
                            nice_date(x.due) if x.due else "No date",
                            _or(x.indicator, "-"),
                        )
                        for i, x in enumerate(a.actions, start=1)
                    ),
                ),
                keep=4,
            )
        )
    else:
        blocks.append(Paragraph(text=wording.no_actions()))
    if a.partners:  # the services themselves are listed in the annex, beside the local figures
        blocks.append(Paragraph(text=wording.partners_intro(len(a.partners))))
    return DocSection(id="actions", title=wording.HEADINGS["actions"], blocks=tuple(blocks), after="actions")


def _for_whom(a: Assessment, service: EvidenceItem) -> str:
    """The groups a service prioritises, as people, where the assessment names them."""
    people = {g.id: wording.group_people(g) for g in a.groups}
    named = [people[g] for g in service.groups if g in people]
    return _capital(wording.listing(named)) if named else "-"


def _monitoring(a: Assessment) -> DocSection:
    review = long_date(a.review_date) if a.review_date else wording.no_review_date()
    blocks: list[Block] = [Paragraph(text=wording.lead_in("review", review + "."))]
    if a.monitoring:
        blocks.append(
            _compact(
                Table(
                    caption="Monitoring indicators",
                    header=("Indicator", "Baseline", "Source", "How often"),
                    rows=tuple(
                        (m.indicator, _or(m.baseline, "-"), _or(m.source, "-"), _or(m.frequency, "-"))
                        for m in a.monitoring
                    ),
                )
            )
        )
    elif a.route != "rapid":  # a rapid assessment is not asked for indicators
        blocks.append(Paragraph(text=wording.no_monitoring()))
    return DocSection(id="monitoring", title=wording.HEADINGS["monitoring"], blocks=tuple(blocks), after="monitoring")


def _last(a: Assessment, event: str) -> str | None:
    dates = [h["date"] for h in a.history if h["event"] == event]
    return dates[-1] if dates else None


def assessed_on(a: Assessment) -> str | None:
    """When the assessment was made: its last completion, or its last change."""
    return _last(a, "completed") or a.updated


def _signoff(a: Assessment) -> DocSection:
    when = {"assessor": assessed_on(a), "reviewer": _last(a, "reviewed"), "approver": _last(a, "signed off")}
    names = {"assessor": a.decision.get("assessor"), **a.signoff}
    rows = tuple(wording.signed(role, names.get(role), when[role]) for role in ("assessor", "reviewer", "approver"))
    # the status is a key fact on page 1
    blocks: list[Block] = [Table(caption="Sign-off", header=("Role", "Name", "Date"), rows=rows)]
    return DocSection(id="signoff", title=wording.HEADINGS["signoff"], blocks=tuple(blocks), after="signoff")


# -- sources: the assessor's, once, in one list -------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _link_for(text: str, known: dict[str, str]) -> str | None:
    """The address of a known source the text names (its title inside the text, or the reverse)."""
    key = _norm(text)
    for title, url in known.items():
        if len(title) >= 12 and (title in key or (len(key) >= 12 and key in title)):
            return url
    return None


def sources_used(a: Assessment) -> list[tuple[str, str | None]]:
    """The sources behind the answers, each once with its link where one is known: the
    assessor's own list of evidence as typed, then the sources they cited on answers, then
    where the local figures and services came from. The checklists' reading lists are not
    among them: they stand behind the questions, not behind this assessment's answers."""
    known = {_norm(s.title): s.url for s in a.sources if s.url}
    seen: set[str] = set()
    items: list[tuple[str, str | None]] = []

    def add(text: str) -> None:
        key = _norm(text)
        if key and key not in seen:
            seen.add(key)
            items.append((text, _link_for(text, known)))

    for line in _evidence_lines(a):
        add(line)
    for answer in a.answered:
        if answer.kept_because is None:
            for title in answer.sources:
                add(title)
    for e in [*(e for e in a.evidence if e.kind == "indicator"), *a.partners]:
        if e.source:
            add(e.source)
    return items


def _evidence_lines(a: Assessment) -> list[str]:
    """The assessor's evidence list, line by line: a short paragraph is one source too."""
    lines: list[str] = []
    for block in prose(a.evidence_sources):
        if isinstance(block, Bullets):
            lines.extend(block.items)
        elif isinstance(block, Paragraph) and len(block.text.split()) <= SOURCE_WORDS:
            lines.append(block.text)
    return lines


#: A paragraph of the evidence answer up to this many words is a source; a longer one is the
#: assessor's prose about the evidence (its gaps, say), printed as a paragraph after the list.
SOURCE_WORDS = 30


def _sources(a: Assessment) -> DocSection:
    items = tuple(f"{text} – {url}" if url else text for text, url in sources_used(a))
    blocks: list[Block] = [Bullets(items=items)] if items else []
    blocks += [b for b in prose(a.evidence_sources) if isinstance(b, Paragraph) and len(b.text.split()) > SOURCE_WORDS]
    return DocSection(
        id="sources",
        title=wording.HEADINGS["sources"],
        blocks=tuple(blocks) or (Paragraph(text=wording.no_sources()),),
        after="signoff",
    )


# -- the annex: the record, question by question -------------------------------------------------

_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def _answer_text(q: AnsweredQuestion) -> str:
    """The answer as given, with dates in words (records are stored with ISO dates)."""
    return _ISO_DATE.sub(lambda m: long_date(m.group(1)), q.answer)


def _note(q: AnsweredQuestion) -> str:
    parts = [q.note.strip()] if q.note and q.note.strip() else []
    if q.sources:
        parts.append("Sources: " + "; ".join(q.sources))
    return " ".join(parts) or "-"


def _captured_figures(a: Assessment) -> Table | None:
    """Every local figure snapshotted into the answers file, once, with the principles it bears
    on (the appendix shows each beside the principles the assessor judged in play)."""
    local = [e for e in a.evidence if e.kind == "indicator"]
    if not local:
        return None
    return _compact(
        Table(
            caption="Local figures captured for the assessment",
            header=("Indicator and period", "Here", "Compared with England", "Principles", "Source"),
            rows=tuple(
                (
                    e.label + (f" ({e.breakdown})" if e.breakdown else "") + (f", {e.period}" if e.period else ""),
                    e.shown_value + (f" ({e.area})" if e.area else ""),
                    _against_england(e),
                    ", ".join(str(n) for n in e.principles) or "-",
                    e.source,
                )
                for e in local
            ),
        )
    )


def annex(a: Assessment, appendix: str | None = None) -> list[DocSection]:
    """Every answer in the file, by section, as given; then what no longer counts, what is left
    to do and the history of the assessment."""
    counting = [q for q in a.answered if q.kept_because is None]
    kept = [q for q in a.answered if q.kept_because is not None]
    out: list[DocSection] = []
    by_section: dict[str, list[AnsweredQuestion]] = {}
    for q in counting:
        by_section.setdefault(q.section, []).append(q)
    intro: list[Block] = [Paragraph(text=wording.annex_intro(letter(appendix)))]
    if a.versions:
        intro.append(Paragraph(text=wording.earlier_checklists(a.versions)))
    if a.added_since:
        intro.append(Paragraph(text=wording.added_since(len(a.added_since))))
    for index, (section, questions) in enumerate(by_section.items()):
        table = _compact(
            Table(
                caption=f"Answers: {section}",
                header=("Question", "Answer", "Note"),
                rows=tuple((" ".join(q.text.split()), _answer_text(q), _note(q)) for q in questions),
            ),
            keep=2,
        )
        blocks = (*intro, table) if index == 0 else (table,)
        out.append(DocSection(id=f"record-{index}", title=section, blocks=blocks, after="signoff"))
    if not out:
        out.append(
            DocSection(
                id="record-0", title="Answers", blocks=(*intro, Paragraph(text="No answers yet.")), after="signoff"
            )
        )
    if kept:
        out.append(
            DocSection(
                id="kept",
                title="Answers that no longer count",
                after="signoff",
                blocks=(
                    Paragraph(text=wording.kept_intro()),
                    _compact(
                        Table(
                            caption="Answers kept in the record that no longer count",
                            header=("Question", "Answer", "Note", "Why it no longer counts"),
                            rows=tuple(
                                (
                                    " ".join(q.text.split()) if q.text != q.id else wording.retired_question(q.id),
                                    _answer_text(q),
                                    _note(q),
                                    q.kept_because or "-",
                                )
                                for q in kept
                            ),
                        ),
                        keep=2,
                    ),
                ),
            )
        )
    if a.missing:
        out.append(DocSection(id="still", title=wording.HEADINGS["todo"], blocks=(Bullets(items=tuple(a.missing)),)))
    figures = _captured_figures(a)
    if figures is not None:
        out.append(DocSection(id="figures", title="Local figures captured", blocks=(figures,)))
    if a.partners:
        partners = Table(
            caption="Local services cited as partners",
            header=("Service", "Run by", "Who it is for"),
            rows=tuple((e.label, _or(e.organisation, "-"), _for_whom(a, e)) for e in a.partners),
        )
        out.append(DocSection(id="partners", title="Local services cited as partners", blocks=(_compact(partners),)))
    history = [h for h in a.history if h.get("event")]
    if history:
        out.append(
            DocSection(
                id="history",
                title="History of the assessment",
                blocks=(
                    Table(
                        caption="History of the assessment",
                        header=("Date", "Event", "By"),
                        rows=tuple((nice_date(h["date"]), _capital(h["event"]), h.get("by") or "-") for h in history),
                    ),
                ),
            )
        )
    return out


__all__ = [
    "ANNEX_SUFFIX",
    "LEAD_IN",
    "LEAD_IN_LABELS",
    "LINKED_SOURCE",
    "STANDARD_ORDER",
    "annex",
    "annex_path",
    "annex_title",
    "after_page_one",
    "document_subtitle",
    "document_title",
    "facts_moved_section",
    "moved_facts",
    "plan",
    "prose",
    "sources_used",
    "summary_variants",
]
