"""Build the assessment: ratings per principle, groups, conclusion, actions and what is missing.

A pure function of the answers file, the merged checklists and the plugins. The same file
always gives the same assessment, so the same document.
"""

from __future__ import annotations

from typing import Any

from hiap import hookcall
from hiap.answers.values import display, long_date
from hiap.assessment.view import active_view
from hiap.checklist.catalogue import Catalogue
from hiap.defaults.core import question_index
from hiap.models.answers import AnswersFile
from hiap.models.assessment import (
    RATING_WORDS,
    Action,
    AnsweredQuestion,
    Assessment,
    EvidenceItem,
    GroupFinding,
    MonitoringItem,
    PluginReport,
    PrincipleScore,
    ScoreContribution,
    SuggestedMitigation,
)
from hiap.models.checklist import Question, Source
from hiap.models.context import AnswerView, RunContext
from hiap.models.document import DocSection
from hiap.models.principles import CONCLUSIONS, PRINCIPLES, SCALES, SHORT_LABELS, TOPICS
from hiap.plugins import PluginHost


def by_role(catalogue: Catalogue, view: AnswerView, role: str) -> tuple[Question | None, Any]:
    """The first answered question with this role, in checklist order, and its answer."""
    return question_index(catalogue).first(role, view.values)


def role_text(catalogue: Catalogue, view: AnswerView, role: str) -> str | None:
    """The answer to the question with this role, in words."""
    question, value = by_role(catalogue, view, role)
    if question is None or value is None:
        return None
    return display(question, value, question_index(catalogue).options(question))


def build(
    answers: AnswersFile, catalogue: Catalogue, host: PluginHost, context: RunContext | None = None
) -> Assessment:
    context = context or RunContext()
    view = active_view(answers, catalogue)

    scores: list[PrincipleScore] = []
    mitigations: dict[str, SuggestedMitigation] = {}
    for number in PRINCIPLES:
        score = score_principle(number, view, catalogue, host, context)
        scores.append(score)
        for item in hookcall.collect(
            host,
            "suggest_mitigations",
            SuggestedMitigation,
            principle_score=score,
            answers=view,
            catalogue=catalogue,
            context=context,
        ):
            if item.id in mitigations:
                old = mitigations[item.id]
                merged = tuple(dict.fromkeys(old.triggered_by + item.triggered_by))
                mitigations[item.id] = old.model_copy(update={"triggered_by": merged})
            else:
                mitigations[item.id] = item

    index = question_index(catalogue)
    decision = {}
    decision_values = {}
    for question in index.decision:
        if question.id in view.values:
            field = question.id.split(".", 1)[1]
            decision[field] = display(question, view.values[question.id], index.options(question))
            decision_values[field] = view.values[question.id]

    groups = group_findings(catalogue, view, scores)
    actions = [action_from(row) for row in (by_role(catalogue, view, "actions")[1] or [])]
    monitoring = [
        MonitoringItem(
            indicator=row["indicator"],
            baseline=row.get("baseline"),
            source=row.get("source"),
            frequency=row.get("frequency"),
        )
        for row in (by_role(catalogue, view, "indicators")[1] or [])
    ]
    concern = {s.principle for s in scores if s.adverse or s.rating == "uncertain"}
    # a plugin's indicators count only when its questions were asked (its sector is in play)
    in_play = {"core"} | {catalogue.by_id[qid].origin for qid in view.values if qid in catalogue.by_id}
    suggested: list[MonitoringItem] = []
    seen_names: set[str] = set()
    for i in catalogue.indicators:
        if set(i.principles) & concern and i.origin in in_play and i.name.lower() not in seen_names:
            seen_names.add(i.name.lower())
            suggested.append(
                MonitoringItem(
                    indicator=i.name,
                    source=i.source + (f" (indicator {i.fingertips_id})" if i.fingertips_id else ""),
                    frequency=i.frequency,
                    principles=tuple(i.principles),
                    origin=i.origin,
                )
            )

    conclusion, reason = overall_conclusion(scores, catalogue, view)
    missing = missing_items(answers, catalogue, view, scores, monitoring)
    signoff = signoff_texts(catalogue, view)
    status = role_text(catalogue, view, "status") or "Draft"
    evidence: list[EvidenceItem] = list(answers.evidence.items) if answers.evidence else []
    assets: list[EvidenceItem] = list(answers.evidence.assets) if answers.evidence else []
    partners = [
        p.model_copy(
            update={"groups": tuple(catalogue.groups[g].label if g in catalogue.groups else g for g in p.groups)}
        )
        for p in match_partners(assets, concern, {g.id for g in groups if g.direction in ("adverse", "both")})
    ]

    assessment = Assessment(
        title=answers.title,
        decision=decision,
        decision_values=decision_values,
        route=role_text(catalogue, view, "route"),
        route_reason=role_text(catalogue, view, "route_reason"),
        route_check=role_text(catalogue, view, "route_check"),
        principles=scores,
        conclusion=conclusion,  # type: ignore[arg-type]
        conclusion_words=CONCLUSIONS[conclusion],
        conclusion_reason=reason,
        groups=groups,
        groups_how=role_text(catalogue, view, "groups_how"),
        intersection=role_text(catalogue, view, "intersection"),
        psed=role_text(catalogue, view, "psed"),
        socio_economic=role_text(catalogue, view, "socio_economic"),
        socio_economic_how=role_text(catalogue, view, "socio_economic_how"),
        mitigations=sorted(
            mitigations.values(), key=lambda m: (m.kind != "mitigation", min(m.principles or (9,)), m.id)
        ),
        actions=actions,
        monitoring=monitoring,
        suggested_indicators=suggested,
        review_date=by_role(catalogue, view, "review_date")[1],
        evidence_sources=role_text(catalogue, view, "evidence_sources"),
        evidence_gaps=role_text(catalogue, view, "evidence_gaps"),
        engagement=role_text(catalogue, view, "engagement"),
        engagement_summary=role_text(catalogue, view, "engagement_summary"),
        evidence=evidence + [a for a in assets if a.cited],
        partners=partners,
        signoff=signoff,
        status=status,
        version=role_text(catalogue, view, "version"),
        history=[
            {"date": e.at, "event": e.event.replace("_", " "), "by": e.by or ""}
            for e in answers.events
            if e.event != "answered"
        ],
        answered=_answered(catalogue, view),
        sources=_sources(catalogue, view, scores),
        missing=missing,
        complete=not missing,
        created=answers.created,
        updated=answers.updated,
    )
    assessment.health_implications = implications_paragraph(assessment)
    assessment.sections = hookcall.collect(
        host, "document_sections", DocSection, assessment=assessment, context=context
    )
    answered_origins = {catalogue.by_id[qid].origin for qid in view.values if qid in catalogue.by_id}
    assessment.plugins = plugin_reports(host, answered_origins, recorded=answers.plugins)
    return assessment


def score_principle(
    number: int, view: AnswerView, catalogue: Catalogue, host: PluginHost, context: RunContext
) -> PrincipleScore:
    """One principle's rating: every plugin's contributions, rolled up by the first combiner that answers."""
    contributions = hookcall.collect(
        host,
        "score_principle",
        ScoreContribution,
        principle=number,
        answers=view,
        catalogue=catalogue,
        context=context,
    )
    contributions = [c for c in contributions if c.principle == number]
    score = hookcall.first(
        host,
        "combine_scores",
        PrincipleScore,
        principle=number,
        contributions=contributions,
        answers=view,
        catalogue=catalogue,
        context=context,
    )
    if score is None:  # every combiner failed: say so rather than guess
        score = PrincipleScore(
            principle=number, title=PRINCIPLES[number], rating="not_assessed", contributions=tuple(contributions)
        )
    return score


SIGNOFF_ROLES = ("assessor", "reviewer", "approver", "before_decision")


def signoff_texts(catalogue: Catalogue, view: AnswerView) -> dict[str, str]:
    """Who assessed, reviewed and approved, and whether it preceded the decision, in words."""
    return {role: text for role in SIGNOFF_ROLES if (text := role_text(catalogue, view, role))}


def match_partners(
    assets: list[EvidenceItem], principles: set[int], groups: set[str], limit: int = 12
) -> list[EvidenceItem]:
    """Local services whose Marmot principles or priority groups meet the decision's concerns;
    the ones the officer chose to cite come first."""
    scored = []
    for asset in assets:
        overlap = len(set(asset.principles) & principles) * 2 + len(set(asset.groups) & groups)
        if overlap or asset.cited:
            scored.append((not asset.cited, -overlap, asset.label.lower(), asset))
    return [item for *_, item in sorted(scored, key=lambda t: t[:3])][:limit]


def plugin_reports(
    host: PluginHost, answered_origins: set[str] | None = None, recorded: dict[str, str] | None = None
) -> list[PluginReport]:
    """Which plugins took part: contributed (its questions were answered, or a hook of its
    returned something), loaded with nothing to add, failed, or missing (the answers file says
    the interview used it, but it is not installed or is switched off now)."""
    failed = set(host.failed())
    contributed = set(host.contributed) | (answered_origins or set())
    reports = []
    for name, record in sorted(host.records.items()):
        if record.builtin or record.status == "disabled":
            continue
        status = "failed" if name in failed else "ok"
        error = record.error or next((p.error for p in host.problems if p.plugin == name), None)
        reports.append(
            PluginReport(
                name=name,
                version=record.version,
                status=status,  # type: ignore[arg-type]
                error=error if status == "failed" else None,
                contributed=name in contributed,
            )
        )
    loaded = {r.name for r in reports}
    for name, version in sorted((recorded or {}).items()):
        if name not in loaded:
            reports.append(
                PluginReport(
                    name=name,
                    version=version,
                    status="missing",
                    error="used when the assessment was made, but not loaded now",
                )
            )
    return reports


def action_from(row: dict[str, Any]) -> Action:
    return Action(action=row["action"], owner=row.get("owner"), due=row.get("due"), indicator=row.get("indicator"))


def group_findings(catalogue: Catalogue, view: AnswerView, scores: list[PrincipleScore]) -> list[GroupFinding]:
    """The groups the assessor named, and those a chosen answer marks as adversely affected."""
    adverse_q, adverse = by_role(catalogue, view, "groups_adverse")
    positive_q, positive = by_role(catalogue, view, "groups_positive")
    adverse = list(adverse or [])
    positive = list(positive or [])
    reasons: dict[str, list[str]] = {}
    questions: dict[str, list[str]] = {}
    for score in scores:
        for c in score.contributions:
            if c.impact in ("minor_negative", "major_negative", "mixed"):
                for gid in c.groups:
                    said = c.finding or c.rationale
                    if said not in reasons.setdefault(gid, []):
                        reasons[gid].append(said)
                    questions.setdefault(gid, []).extend(q for q in c.questions if q not in questions.get(gid, []))
                    if gid not in adverse:
                        adverse.append(gid)
    findings = []
    named_adverse = list(adverse_q and view.values.get(adverse_q.id) or [])
    # the assessor's own judgement first, then the groups most answers point to
    order = sorted(
        dict.fromkeys(adverse + positive),
        key=lambda g: (g not in named_adverse, g not in adverse, -len(reasons.get(g, []))),
    )
    for gid in order:
        group = catalogue.groups.get(gid)
        if group is None:
            continue
        direction = "both" if gid in adverse and gid in positive else ("adverse" if gid in adverse else "positive")
        named = []
        if adverse_q is not None and gid in (view.values.get(adverse_q.id) or []):
            named.append("Named by the assessor as likely to be adversely affected.")
        if positive_q is not None and gid in (view.values.get(positive_q.id) or []):
            named.append("Named by the assessor as likely to benefit.")
        how = " ".join(named + [f"{r.rstrip('.')}." for r in reasons.get(gid, [])])
        findings.append(
            GroupFinding(
                id=gid,
                label=group.label,
                basis=group.basis,
                basis_detail=group.basis_detail,
                direction=direction,
                how=how or "Named by the assessor.",  # type: ignore[arg-type]
                from_questions=tuple(questions.get(gid, [])),
            )
        )
    return findings


def overall_conclusion(scores: list[PrincipleScore], catalogue: Catalogue, view: AnswerView) -> tuple[str, str]:
    """The conclusion the ratings lead to (or the assessor's own, with both reasons), and why."""
    override_q, override = by_role(catalogue, view, "conclusion_override")
    adverse = [s for s in scores if s.adverse]
    unmitigated = [s for s in adverse if not s.mitigation]
    unjustified = [s for s in unmitigated if not s.justification]
    severe = [s for s in unjustified if s.size == "major" or s.equity == "widens"]

    def names(items: list[PrincipleScore]) -> str:
        """'principle 4 (healthy standard of living)', or 'principles 1, 4 and 5' when there are many."""
        if len(items) == 1:
            return f"principle {items[0].principle} ({SHORT_LABELS[items[0].principle].lower()})"
        numbers = [str(s.principle) for s in items]
        return "principles " + ", ".join(numbers[:-1]) + " and " + numbers[-1]

    if not adverse:
        uncertain = [s for s in scores if s.rating == "uncertain"]
        derived = "no_major_change"
        reason = "No principle is rated negative or mixed, and no effect is expected to widen the gap."
        if uncertain:
            reason += f" Effects on {names(uncertain)} are uncertain, so monitoring matters."
    elif severe:
        derived = "stop"
        reason = (
            f"A major adverse effect, or one that widens the gap, on {names(severe)} has neither a "
            "mitigation nor a justification."
        )
    elif unjustified:
        derived = "adjust"
        reason = f"Negative or mixed effects on {names(unjustified)} still need a mitigation or a justification."
    elif unmitigated:
        derived = "continue_with_justification"
        reason = f"Negative or mixed effects on {names(unmitigated)} remain, and the assessor has justified them."
    else:
        derived = "adjust"
        reason = f"Negative or mixed effects on {names(adverse)} are addressed by the mitigations proposed."
    if override:
        officer_reason = role_text(catalogue, view, "conclusion_reason")
        if override != derived:
            reason = (
                f"The assessor concluded this ({officer_reason or 'no reason given'}). "
                f"The ratings alone suggest: {CONCLUSIONS[derived]}. {reason}"
            )
        return str(override), reason
    return derived, reason


def missing_items(
    answers: AnswersFile,
    catalogue: Catalogue,
    view: AnswerView,
    scores: list[PrincipleScore],
    monitoring: list[MonitoringItem],
) -> list[str]:
    """What must be done before the assessment is complete: required answers, unmitigated harms."""
    out: list[str] = []
    get = view.values.get
    for question in question_index(catalogue).required:
        if question.id not in view.values and catalogue.applies(question, get):
            out.append(f"Not answered: {question.text} ({question.id})")
    for score in scores:
        label = f"Principle {score.principle} ({SHORT_LABELS[score.principle].lower()})"
        if score.adverse and not score.mitigation and not score.justification:
            out.append(
                f"{label} is rated {RATING_WORDS[score.rating].lower()}"
                f"{' and widens the gap' if score.equity == 'widens' else ''}, but has neither a mitigation nor a justification"
            )
        if (score.adverse or score.rating == "uncertain") and score.confidence == "low" and not monitoring:
            out.append(
                f"{label}: low confidence in a negative or uncertain rating; gather more evidence or add a monitoring indicator"
            )
    if by_role(catalogue, view, "status")[1] == "final":
        # "final" is a claim the sign-off must back: someone must have reviewed and approved it
        named = signoff_texts(catalogue, view)
        for role in ("reviewer", "approver"):
            if role not in named:
                out.append(f"Marked final, but no {role} is named")
    return out


def _answered(catalogue: Catalogue, view: AnswerView) -> list[AnsweredQuestion]:
    rows = []
    index = question_index(catalogue)
    for qid, value in view.values.items():  # in checklist order: the view is built in that order
        question = catalogue.by_id[qid]
        text = display(question, value, index.options(question))
        if question.type == "records":
            text = "; ".join(", ".join(str(v) for v in row.values()) for row in value)
        rows.append(
            AnsweredQuestion(
                id=question.id,
                section=catalogue.section_of[question.id].title,
                text=question.text,
                answer=text,
                note=view.notes.get(question.id),
                sources=tuple(view.sources.get(question.id, [])),
                origin=question.origin,
            )
        )
    return rows


def _sources(catalogue: Catalogue, view: AnswerView, scores: list[PrincipleScore]) -> list[Source]:
    """The sources behind the findings, not the whole bibliography of every question asked:
    what the assessor cited, the core question of each principle found relevant, and the
    questions whose answers moved a rating."""
    cited: dict[str, Source] = {}
    relevant = {s.principle for s in scores if s.relevant and s.rating != "not_assessed"}
    moved = {
        qid
        for s in scores
        if s.rating not in ("neutral", "not_assessed")
        for c in s.contributions
        for qid in c.questions
        if c.impact != "neutral"
    }
    for qid in view.values:  # in checklist order: the view is built in that order
        question = catalogue.by_id[qid]
        core_question = qid.endswith(".relevant") and set(question.principles) & relevant
        if core_question or qid in moved:
            for source in question.sources:
                cited.setdefault(" ".join(source.title.lower().split()), source)
    for titles in view.sources.values():
        for title in titles:
            cited.setdefault(" ".join(title.lower().split()), Source(title=title))
    return sorted(cited.values(), key=lambda s: s.title.lower())


_PROPER = {"Gypsy", "English", "Welsh", "Black", "Asian", "NHS", "Core20PLUS5", "Roma", "British"}


def in_sentence(label: str) -> str:
    """A label or an action as it reads mid-sentence: 'Disabled people' -> 'disabled people',
    but 'Gypsy, Roma and Traveller communities' and 'NHS ...' keep their capitals."""
    first = label.split(" ", 1)[0].strip(",;:")
    if not label or first in _PROPER or (len(first) > 1 and first[1].isupper()):
        return label
    return label[0].lower() + label[1:]


def listing(items: list[str]) -> str:
    """'a and b'; 'a, b and c'; with semicolons when the items carry commas or 'and' themselves."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} and {items[1]}"
    if any("," in item or " and " in item for item in items):
        return "; ".join(items[:-1]) + "; and " + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def implications_paragraph(a: Assessment) -> str:
    """About 150 words for the covering report's health and equality implications section."""
    by_rating: dict[str, list[PrincipleScore]] = {}
    for score in a.principles:
        by_rating.setdefault(score.rating, []).append(score)
    widens = [s for s in a.principles if s.equity == "widens"]

    def topics(items: list[PrincipleScore]) -> str:
        return listing([TOPICS[s.principle] for s in items])

    parts = [
        "A Health in All Policies assessment of this decision against the eight Marmot principles is attached "
        f"as Appendix [X]. Its overall conclusion is: {a.conclusion_words.lower()}."
    ]
    if by_rating.get("positive"):
        parts.append(f"It is expected to have a positive effect on {topics(by_rating['positive'])}.")
    if by_rating.get("negative"):
        parts.append(f"It could have a negative effect on {topics(by_rating['negative'])}.")
    if by_rating.get("mixed"):
        parts.append(
            f"Its effects on {topics(by_rating['mixed'])} are mixed: positive for some people, negative for others."
        )
    if widens:
        parts.append(f"Without action it could widen health inequalities in {topics(widens)}.")
    if by_rating.get("uncertain"):
        parts.append(f"Its effects on {topics(by_rating['uncertain'])} are not yet known.")
    adverse = [in_sentence(g.label) for g in a.adverse_groups][:4]
    if adverse:
        parts.append(f"The groups most likely to be adversely affected are {listing(adverse)}.")
    if a.actions:
        count = len(a.actions)
        first = in_sentence(a.actions[0].action.rstrip("."))
        parts.append(
            f"The assessment proposes {count} action{'s' if count != 1 else ''} to address this; the first is to {first}."
            if count > 1
            else f"The assessment proposes one action: to {first}."
        )
    if a.review_date:
        parts.append(f"The effects will be reviewed by {long_date(a.review_date)}.")
    return " ".join(parts)


__all__ = ["SCALES", "build", "implications_paragraph"]
