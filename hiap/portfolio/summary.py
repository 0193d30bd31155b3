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

from hiap.answers.audit import changed_after_signoff
from hiap.answers.values import display
from hiap.assessment.build import (
    action_from,
    by_role,
    group_findings,
    missing_items,
    overall_conclusion,
    role_text,
    score_principle,
    signoff_texts,
)
from hiap.assessment.view import active_view
from hiap.checklist.catalogue import Catalogue
from hiap.defaults import core
from hiap.defaults.core import question_index
from hiap.models.answers import AnswersFile
from hiap.models.assessment import MonitoringItem, PrincipleScore
from hiap.models.context import AnswerView, RunContext
from hiap.models.principles import CONCLUSIONS, PRINCIPLES, SHORT_LABELS
from hiap.plugins import CORE, PluginHost

#: The decision's details the board report shows, in words (the kind and meeting date are also kept as values).
DETAILS = ("reference", "kind", "directorate", "lead_officer", "decision_maker")


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
        return f"Principle {self.principle} ({SHORT_LABELS[self.principle].lower()})"


@dataclass(frozen=True)
class ActionItem:
    action: str
    owner: str | None = None
    due: str | None = None
    indicator: str | None = None

    def overdue(self, today: dt.date) -> bool:
        due = as_date(self.due)
        return due is not None and due < today


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
    conclusion: str = "no_major_change"
    missing: tuple[str, ...] = ()
    status: str = "Draft"
    final: bool = False
    signoff: dict[str, str] = field(default_factory=dict)
    review_date: str | None = None
    actions: tuple[ActionItem, ...] = ()
    groups: tuple[GroupItem, ...] = ()
    interview_complete: bool = False
    changed_after_signoff: bool = False
    updated: str | None = None

    @property
    def complete(self) -> bool:
        """Nothing left to do, exactly as the decision's own document judges it."""
        return not self.missing

    @property
    def conclusion_words(self) -> str:
        return CONCLUSIONS[self.conclusion]

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
            gaps.append(f"status is {self.status.lower()}, not final")
        if not self.signoff.get("approver"):
            gaps.append("no approver named")
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


def _core_scores_only(host: PluginHost) -> bool:
    """Whether the core alone scores and combines, so its functions can be called directly."""
    for hook, function in (("score_principle", core.score_principle), ("combine_scores", core.combine_scores)):
        impls = getattr(host.pm.hook, hook).get_hookimpls()
        if [(i.plugin_name, i.function) for i in impls] != [(CORE, function)]:
            return False
    return True


def principle_scores(
    view: AnswerView, catalogue: Catalogue, host: PluginHost, context: RunContext
) -> list[PrincipleScore]:
    """The eight ratings. When only the core scores, call it directly: validating results through
    the plugin call layer costs more than the scoring itself, and the core's results are already
    valid models; when any plugin scores or combines, go through ``build``'s own path."""
    if not _core_scores_only(host):
        return [score_principle(n, view, catalogue, host, context) for n in PRINCIPLES]
    scores = []
    for number in PRINCIPLES:
        contributions = [
            c
            for c in core.score_principle(principle=number, answers=view, catalogue=catalogue)
            if c.principle == number
        ]
        scores.append(
            core.combine_scores(principle=number, contributions=contributions, answers=view, catalogue=catalogue)
        )
    return scores


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
    view = active_view(answers, catalogue)
    scores = principle_scores(view, catalogue, host, context)
    index = question_index(catalogue)
    details: dict[str, str] = {}
    for name in DETAILS:
        question = catalogue.by_id.get(f"decision.{name}")
        value = view.values.get(f"decision.{name}")
        if question is not None and value is not None:
            details[name] = display(question, value, index.options(question))
    monitoring = [
        MonitoringItem(
            indicator=row["indicator"],
            baseline=row.get("baseline"),
            source=row.get("source"),
            frequency=row.get("frequency"),
        )
        for row in (by_role(catalogue, view, "indicators")[1] or [])
    ]
    conclusion, _reason = overall_conclusion(scores, catalogue, view)
    actions = [action_from(row) for row in (by_role(catalogue, view, "actions")[1] or [])]
    signoff = signoff_texts(catalogue, view)
    review = by_role(catalogue, view, "review_date")[1]
    kind = view.values.get("decision.kind")
    meeting = view.values.get("decision.meeting_date")
    return Summary(
        file=file,
        title=answers.title,
        details=details,
        kind=str(kind) if kind is not None else None,
        meeting_date=str(meeting) if meeting is not None else None,
        ratings=tuple(Rating(s.principle, s.rating, s.words, s.size, s.equity) for s in scores),
        conclusion=conclusion,
        missing=tuple(missing_items(answers, catalogue, view, scores, monitoring)),
        status=role_text(catalogue, view, "status") or "Draft",
        final=by_role(catalogue, view, "status")[1] == "final",
        signoff=signoff,
        review_date=str(review) if review is not None else None,
        actions=tuple(ActionItem(a.action, a.owner, a.due, a.indicator) for a in actions),
        groups=tuple(GroupItem(g.id, g.label, g.direction) for g in group_findings(catalogue, view, scores)),
        interview_complete=answers.complete,
        changed_after_signoff=changed_after_signoff(answers),
        updated=answers.updated,
    )
