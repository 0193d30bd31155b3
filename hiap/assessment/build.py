"""Build the assessment: what the assessor said, principle by principle, and what is missing.

A pure function of the answers file, the merged checklists and the plugins: the same file always
gives the same assessment, so the same document. Every judgement here is the assessor's own
answer; what the answers merely point to (a conclusion, groups, mitigations) is offered in the
interview and never printed as theirs.
"""

from __future__ import annotations

from typing import Any

from hiap import hookcall, wording
from hiap.answers import audit
from hiap.answers.upgrade import kept_rows
from hiap.answers.values import display, number_words, plain_value
from hiap.checklist import rules
from hiap.checklist.catalogue import Catalogue
from hiap.checklist.roles import DECISION_ROLES
from hiap.checklist.route import Route, route
from hiap.models.answers import AnswersFile
from hiap.models.assessment import (
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
    UnratedFinding,
)
from hiap.models.checklist import Question, Source
from hiap.models.context import AnswerView, RunContext
from hiap.models.document import DocSection
from hiap.models.principles import PRINCIPLES
from hiap.plugins import PluginHost

#: Roles whose questions' sources stand behind the findings (the rest is the form's own guidance).
_FINDING_ROLES = {
    "gradient",
    "cumulative",
    "groups_adverse",
    "groups_positive",
    "groups_how",
    "core20",
    "psed",
    "socio_economic",
    "socio_economic_how",
    "duty",
}


def answer_view(answers: AnswersFile, now: Route) -> AnswerView:
    """The answers that count, with the notes and sources beside them, for plugins' hooks."""
    notes: dict[str, str] = {}
    sources: dict[str, list[str]] = {}
    for qid in now.values:
        answer = answers.get(qid)
        if answer is not None and answer.note:
            notes[qid] = answer.note
        if answer is not None and answer.sources:
            sources[qid] = list(answer.sources)
    return AnswerView(values=dict(now.values), notes=notes, sources=sources)


def view_of(answers: AnswersFile, catalogue: Catalogue) -> AnswerView:
    """The answers that count, as plugins' hooks receive them."""
    return answer_view(answers, route(catalogue, answers.values()))


def build(
    answers: AnswersFile, catalogue: Catalogue, host: PluginHost, context: RunContext | None = None
) -> Assessment:
    context = context or RunContext()
    now = route(catalogue, answers.values())
    view = answer_view(answers, now)
    roles = catalogue.roles
    values = now.values

    def words(role: str) -> str | None:
        question, value = roles.answer(role, values)
        if question is None or value is None:
            return None
        return display(question, value, catalogue.options(question))

    scores = [score_principle(n, view, catalogue, host, context) for n in PRINCIPLES]
    suggestions = suggested_mitigations(scores, view, catalogue, host, context)

    decision: dict[str, str] = {}
    decision_values: dict[str, Any] = {}
    for role in DECISION_ROLES:
        question, value = roles.answer(role, values)
        if question is not None and value is not None:
            decision[role] = display(question, value, catalogue.options(question))
            decision_values[role] = value

    gaps, newer = required_gaps(answers, catalogue, now)
    missing = [wording.unanswered(q) for q in gaps]
    to_answer = len(missing)
    # signed off under earlier versions of some checklists: what those did not ask is not a gap in
    # that document (a revision, hiap revise, asks it)
    added_since = [wording.unanswered(q) for q in newer]
    for harm in rules.unaddressed(roles, values):
        missing.append(wording.harm_missing(harm.principle, harm.effect, harm.equity == "widens"))

    evidence: list[EvidenceItem] = list(answers.evidence.items) if answers.evidence else []
    assets: list[EvidenceItem] = list(answers.evidence.assets) if answers.evidence else []
    route_value = roles.value("route", values)
    approved = audit.approved(answers)
    versions = checklist_versions(answers, catalogue)
    assessment = Assessment(
        title=answers.title,
        decision=decision,
        decision_values=decision_values,
        route=route_value,
        route_words=wording.ROUTE_WORDS.get(route_value) if route_value else None,
        route_reason=words("route_reason"),
        route_check=words("route_check"),
        principles_in_scope=rules.in_scope(roles, values),
        principles_screened=rules.ticked(roles, values) if route_value == "none" else [],
        unrated=[
            UnratedFinding(
                principles=u.principles,
                people=wording.in_sentence(catalogue.groups[u.group].as_people) if u.group else None,
                mixed=u.mixed,
            )
            for u in rules.unrated(catalogue, values)
        ],
        gradient=words("gradient"),
        groups_differ=words("groups_differ"),
        sectors=_labels(catalogue, "sectors", values),
        alternatives=words("alternatives"),
        unintended=words("unintended"),
        cumulative=words("cumulative"),
        principles=scores,
        conclusion=roles.value("conclusion", values),
        conclusion_reason=words("conclusion_reason"),
        suggested_conclusion=rules.suggest_conclusion(roles, values),
        groups=group_findings(catalogue, values),
        core20_share=_core20(answers, catalogue, values),
        psed=words("psed"),
        socio_economic=words("socio_economic"),
        socio_economic_how=words("socio_economic_how"),
        duties=[
            (q.label or q.text, _duty_answer(answers, q, values[q.id], catalogue))
            for q in roles.questions("duty")
            if q.id in values
        ],
        mitigations=suggestions,
        actions=[action_from(row) for row in (roles.value("actions", values) or [])],
        monitoring=[
            MonitoringItem(
                indicator=row["indicator"],
                baseline=row.get("baseline"),
                source=row.get("source"),
                frequency=row.get("frequency"),
            )
            for row in (roles.value("indicators", values) or [])
        ],
        review_date=roles.value("review_date", values),
        evidence_sources=words("evidence_sources"),
        engagement=_with_note(answers, catalogue, "engagement", words("engagement")),
        engagement_summary=words("engagement_summary"),
        evidence=evidence,
        partners=[a for a in assets if a.cited],
        signoff={role: text for role in ("reviewer", "approver") if (text := words(role))},
        history=[
            {"date": e.at, "event": e.event.replace("_", " "), "by": e.by or ""}
            for e in answers.events
            if e.event != "answered"
        ],
        answered=record(answers, catalogue, now),
        sources=sources(catalogue, view),
        missing=missing,
        to_answer=to_answer,
        complete=not missing,
        approved=approved,
        versions=versions,
        added_since=added_since,
        created=answers.created,
        updated=answers.updated,
    )
    assessment.sections = hookcall.collect(
        host, "document_sections", DocSection, assessment=assessment, context=context
    )
    answered_origins = {catalogue.by_id[qid].origin for qid in values}
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


def _with_note(answers: AnswersFile, catalogue: Catalogue, role: str, text: str | None) -> str | None:
    """A choice answer followed by the assessor's note on it ('Planned. A consultation runs ...')."""
    question = catalogue.roles.question(role)
    given = answers.get(question.id) if question is not None else None
    note = given.note.strip() if given is not None and given.note else ""
    if not text or not note:
        return text
    return f"{wording.as_sentence(text)} {wording.as_sentence(note)}"


def _duty_answer(answers: AnswersFile, question: Question, value: Any, catalogue: Catalogue) -> str:
    """A duty's answer as the assessor gave it: the option without the examples that help choose
    it (a councillor reads 'Could increase them', not a list that may not apply), and their note."""
    text = wording.without_examples(display(question, value, catalogue.options(question)))
    given = answers.get(question.id)
    note = given.note.strip() if given is not None and given.note else ""
    return f"{wording.as_sentence(text)} {wording.as_sentence(note)}" if note else text


def checklist_versions(answers: AnswersFile, catalogue: Catalogue) -> dict[str, tuple[str, str]]:
    """Checklist id -> (version the answers were given under, version used now), where they differ."""
    now = catalogue.origins()
    return {cid: (given, now[cid]) for cid, given in answers.checklists.items() if cid in now and now[cid] != given}


def required_gaps(answers: AnswersFile, catalogue: Catalogue, now: Any = None) -> tuple[list[Question], list[Question]]:
    """(required questions still to answer, those an assessment signed off under an earlier
    version of their checklist never saw): the one rule for 'a draft', used by the document,
    the portfolio and ``hiap check``."""
    now = now or route(catalogue, answers.values())
    gaps = [q for q in now.missing if q.asked_in == "assess"]
    stale = checklist_versions(answers, catalogue) if audit.approved(answers) else {}
    newer = [q for q in gaps if q.origin in stale]
    return [q for q in gaps if q not in newer], newer


def suggested_mitigations(
    scores: list[PrincipleScore], view: AnswerView, catalogue: Catalogue, host: PluginHost, context: RunContext
) -> list[SuggestedMitigation]:
    """Every plugin's suggestions, once each (merged across principles), for the interview to offer."""
    found: dict[str, SuggestedMitigation] = {}
    for score in scores:
        for item in hookcall.collect(
            host,
            "suggest_mitigations",
            SuggestedMitigation,
            principle_score=score,
            answers=view,
            catalogue=catalogue,
            context=context,
        ):
            if item.id in found:
                old = found[item.id]
                merged = tuple(dict.fromkeys(old.triggered_by + item.triggered_by))
                found[item.id] = old.model_copy(update={"triggered_by": merged})
            else:
                found[item.id] = item
    return sorted(found.values(), key=lambda m: (m.kind != "mitigation", min(m.principles or (9,)), m.id))


def plugin_reports(
    host: PluginHost, answered_origins: set[str] | None = None, recorded: dict[str, str] | None = None
) -> list[PluginReport]:
    """Which plugins took part: contributed (its questions were answered, or a hook of its
    returned something), loaded with nothing to add, failed, or missing (the answers file says
    the interview used it, but it is not installed or is switched off now)."""
    failed = set(host.failed())
    contributed = set(host.contributed) | (answered_origins or set())
    reports = []
    for name, entry in sorted(host.records.items()):
        if entry.builtin or entry.status == "disabled":
            continue
        status = "failed" if name in failed else "ok"
        error = entry.error or next((p.error for p in host.problems if p.plugin == name), None)
        reports.append(
            PluginReport(
                name=name,
                version=entry.version,
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


def group_findings(catalogue: Catalogue, values: dict[str, Any]) -> list[GroupFinding]:
    """The groups the assessor chose, adverse first, each with the assessor's own line."""
    roles = catalogue.roles
    adverse = list(roles.value("groups_adverse", values) or [])
    positive = list(roles.value("groups_positive", values) or [])
    lines = roles.value("groups_how", values) or {}
    findings = []
    for gid in dict.fromkeys(adverse + positive):
        group = catalogue.groups.get(gid)
        if group is None:
            continue
        direction = "both" if gid in adverse and gid in positive else ("adverse" if gid in adverse else "positive")
        findings.append(
            GroupFinding(
                id=gid,
                label=group.label,
                people=wording.in_sentence(group.as_people),
                basis=group.basis,
                basis_detail=group.basis_detail,
                family=group.family,
                direction=direction,  # type: ignore[arg-type]
                how=lines.get(gid) if isinstance(lines, dict) else None,
            )
        )
    return findings


def _labels(catalogue: Catalogue, role: str, values: dict[str, Any]) -> list[str]:
    """The labels of the options chosen for a multiple-choice role, 'none of these' left out."""
    question, chosen = catalogue.roles.answer(role, values)
    if question is None or not chosen:
        return []
    return [o.label for o in catalogue.options(question) if o.value in chosen and o.value != "none"]


def _core20(answers: AnswersFile, catalogue: Catalogue, values: dict[str, Any]) -> str | None:
    question, value = catalogue.roles.answer("core20", values)
    if question is None or value is None:
        return None
    stored = answers.get(question.id)
    shown = number_words(value, estimate=bool(stored and stored.estimate))
    return shown if shown == "Not known" else f"{shown}%"


def record(answers: AnswersFile, catalogue: Catalogue, now: Route) -> list[AnsweredQuestion]:
    """Every answer in the file, as given: those that count in checklist order, then those kept
    from an earlier route or checklist version, with the reason each no longer counts."""
    rows = []
    stored = answers.flat()
    for question in catalogue.questions:
        answer = stored.get(question.id)
        if answer is None or answer.value is None:
            continue
        counts = question.id in now.values
        rows.append(_row(catalogue, question, answer, None if counts else "a later answer means it no longer applies"))
    for qid, answer in stored.items():
        if qid in catalogue.by_id or answer.value is None:
            continue
        reason = catalogue.retired.get(qid, "no installed checklist asks this question now")
        rows.append(
            AnsweredQuestion(
                id=qid,
                section="Earlier checklist",
                text=qid,
                answer=plain_value(answer.value),
                value=answer.value,
                note=answer.note,
                sources=tuple(answer.sources),
                origin=qid.split(".", 1)[0],
                kept_because=reason,
            )
        )
    return rows + kept_rows(answers)  # set aside on a checklist upgrade, word for word


def _row(catalogue: Catalogue, question: Question, answer: Any, kept_because: str | None) -> AnsweredQuestion:
    value = answer.value
    if question.type == "records":
        text = "; ".join(", ".join(str(v) for v in row.values()) for row in value)
    elif question.type == "number":
        text = number_words(value, estimate=answer.estimate)
    else:
        text = display(question, value, catalogue.options(question))
    return AnsweredQuestion(
        id=question.id,
        section=catalogue.section_of[question.id].title,
        text=question.text,
        answer=text,
        value=value,
        note=answer.note,
        sources=tuple(answer.sources),
        origin=question.origin,
        kept_because=kept_because,
    )


def sources(catalogue: Catalogue, view: AnswerView) -> list[Source]:
    """The sources behind the findings, once each: those of the questions whose answers are
    findings (principle rows, groups, duties, sector questions) and those the assessor cited."""
    cited: dict[str, Source] = {}
    for qid in view.values:  # in checklist order: the route is built in that order
        question = catalogue.by_id[qid]
        if question.principles or question.role in _FINDING_ROLES or question.origin != "core":
            for source in question.sources:
                cited.setdefault(_key(source), source)
    for titles in view.sources.values():
        for title in titles:
            cited.setdefault(" ".join(title.lower().split()), Source(title=title))
    return sorted(cited.values(), key=lambda s: s.title.lower())


def _key(source: Source) -> str:
    return source.url.rstrip("/").lower() if source.url else " ".join(source.title.lower().split())


__all__ = ["answer_view", "build", "view_of"]
