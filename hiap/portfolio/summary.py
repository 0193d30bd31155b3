"""One assessment reduced to what the portfolio reports.

Building the full assessment (suggested mitigations, indicators, partners, the answered list,
plugin document sections) for every file in a council's folder is most of the time a portfolio
run would take, and the board needs none of it. The summary computes only the ratings, groups,
conclusion, actions, sign-off and what is missing, with the very functions ``build`` uses, so a
rating here is always the rating in the decision's own document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from hiap import wording
from hiap.answers.audit import changed_after_signoff, last_event
from hiap.answers.promises import Promise, promises
from hiap.answers.values import display
from hiap.assessment.build import action_from, group_findings, score_principle, view_of
from hiap.checklist import rules
from hiap.checklist.catalogue import Catalogue
from hiap.checklist.route import route
from hiap.models.answers import AnswersFile
from hiap.models.assessment import EvidenceItem, PrincipleScore
from hiap.models.context import AnswerView, RunContext
from hiap.models.principles import CONCLUSIONS, PRINCIPLES
from hiap.plugins import PluginHost

#: The decision's details the board report shows, in words (the kind and meeting date are also kept as values).
DETAILS = ("reference", "kind", "directorate", "assessor", "decision_maker")


@dataclass(frozen=True)
class Rating:
    principle: int
    rating: str
    #: the rating as the decision's own document words it
    words: str
    size: str | None = None
    equity: str | None = None

    @property
    def label(self) -> str:
        return wording.principle_label(self.principle)


@dataclass(frozen=True)
class ActionItem:
    action: str
    owner: str | None = None
    due: str | None = None
    indicator: str | None = None
    #: recorded as done with 'hiap progress'
    done: bool = False

    def overdue(self, today: dt.date) -> bool:
        due = as_date(self.due)
        return not self.done and due is not None and due < today


@dataclass(frozen=True)
class GroupItem:
    id: str
    label: str
    direction: str  # adverse, positive or both

    @property
    def adverse(self) -> bool:
        return self.direction in ("adverse", "both")


@dataclass(frozen=True)
class Summary:
    """What the board sees of one assessment; plain data, so worker processes can send it back."""

    file: str
    title: str
    details: dict[str, str] = field(default_factory=dict)
    kind: str | None = None
    meeting_date: str | None = None
    ratings: tuple[Rating, ...] = ()
    #: the assessor's conclusion; None for a draft (it reaches none) or a screened-out decision
    conclusion: str | None = None
    screened_out: bool = False
    missing: tuple[str, ...] = ()
    status: str = "Draft"
    final: bool = False
    signoff: dict[str, str] = field(default_factory=dict)
    review_date: str | None = None
    actions: tuple[ActionItem, ...] = ()
    groups: tuple[GroupItem, ...] = ()
    changed_after_signoff: bool = False
    updated: str | None = None
    #: what the assessment promised (actions, review, indicators) with the progress recorded
    promises: tuple[Promise, ...] = ()
    #: the local figures snapshotted into the answers file (the values then)
    evidence: tuple[EvidenceItem, ...] = ()

    @property
    def complete(self) -> bool:
        """Nothing left to do, exactly as the decision's own document judges it."""
        return not self.missing

    @property
    def conclusion_words(self) -> str:
        if self.missing:
            return wording.draft_line(len(self.missing), 0).split(",")[0]
        if self.screened_out:
            return "Screened out"
        return CONCLUSIONS.get(self.conclusion or "", "Not given")

    @property
    def adverse_groups(self) -> list[GroupItem]:
        return [g for g in self.groups if g.adverse]

    def rating(self, principle: int) -> Rating:
        return self.ratings[principle - 1]

    def signoff_gaps(self) -> list[str]:
        """Why the assessment is not yet a finished record the decision maker can rely on."""
        gaps = []
        if self.missing:
            gaps.append(f"{len(self.missing)} item{'s' if len(self.missing) != 1 else ''} still to do")
        if not self.final:
            gaps.append("not yet approved")
        if self.changed_after_signoff:
            gaps.append("answers changed after sign-off")
        return gaps


def as_date(value: Any) -> dt.date | None:
    """A validated date answer (ISO text) as a date; anything else as no date."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def principle_scores(
    view: AnswerView, catalogue: Catalogue, host: PluginHost, context: RunContext
) -> list[PrincipleScore]:
    """The eight ratings, through the same hooks as the decision's own document."""
    return [score_principle(n, view, catalogue, host, context) for n in PRINCIPLES]


def summarise(
    answers: AnswersFile,
    catalogue: Catalogue,
    host: PluginHost,
    context: RunContext | None = None,
    *,
    file: str = "",
) -> Summary:
    """The portfolio's view of one (validated) answers file."""
    context = context or RunContext()
    now = route(catalogue, answers.values())
    view = view_of(answers, catalogue)
    values = now.values
    roles = catalogue.roles
    scores = principle_scores(view, catalogue, host, context)
    details: dict[str, str] = {}
    for name in DETAILS:
        question, value = roles.answer(name, values)
        if question is not None and value is not None:
            details[name] = display(question, value, catalogue.options(question))
    missing = [wording.unanswered(q) for q in now.missing if q.asked_in == "assess"]
    missing += [
        wording.harm_missing(h.principle, h.effect, h.equity == "widens") for h in rules.unaddressed(roles, values)
    ]
    signoff = {r: str(v) for r in ("reviewer", "approver") if (v := roles.value(r, values))}
    signed = last_event(answers, "signed_off")
    review = roles.value("review_date", values)
    kind = roles.value("kind", values)
    meeting = roles.value("meeting_date", values)
    final = signed is not None and not changed_after_signoff(answers)
    promised = tuple(promises(answers, catalogue, values))
    done = {p.text for p in promised if p.item == "action" and p.done}
    return Summary(
        file=file,
        title=answers.title,
        details=details,
        kind=", ".join(kind) if isinstance(kind, list) else (str(kind) if kind is not None else None),
        meeting_date=str(meeting) if meeting is not None else None,
        ratings=tuple(
            Rating(s.principle, s.rating, wording.effect_words(s.effect, s.relevant), s.size, s.equity) for s in scores
        ),
        conclusion=roles.value("conclusion", values),
        screened_out=roles.value("route", values) == "none",
        missing=tuple(missing),
        status="Approved" if final else ("Complete" if not missing else "Draft"),
        final=final,
        signoff=signoff,
        review_date=str(review) if review is not None else None,
        actions=tuple(
            ActionItem(a.action, a.owner, a.due, a.indicator, done=a.action in done)
            for a in (action_from(row) for row in (roles.value("actions", values) or []))
        ),
        groups=tuple(GroupItem(g.id, g.label, g.direction) for g in group_findings(catalogue, values)),
        changed_after_signoff=changed_after_signoff(answers),
        updated=answers.updated,
        promises=promised,
        evidence=tuple(answers.evidence.items) if answers.evidence else (),
    )
