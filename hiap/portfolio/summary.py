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
from hiap.answers.versions import version_number
from hiap.assessment.build import action_from, group_findings, required_gaps, score_principle, view_of
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
#: An answers file's own field naming the file it revises (added with living assessments);
#: read where present, so versions linked that way are recognised without a shared reference.
REVISION_FIELDS = ("revision_of", "revises")


@dataclass(frozen=True)
class Rating:
    principle: int
    rating: str
    #: the rating as the decision's own document words it
    words: str
    size: str | None = None
    equity: str | None = None
    #: the assessor's rating as given (``minor_negative``...), None until rated
    effect: str | None = None
    #: the assessor ticked the principle in the relevance grid
    relevant: bool = True
    #: where the gap was not rated (a rapid assessment), what the screening's gradient answer and
    #: the rating point to (``rules.suggest_equity``): a loss falling on deprived areas widens it
    gap_pointed: str | None = None

    @property
    def label(self) -> str:
        return wording.principle_label(self.principle)

    @property
    def widens(self) -> bool:
        """Rated as widening the gap, or (not rated) pointed to by the gradient answer."""
        return self.equity == "widens" or (self.equity is None and self.gap_pointed == "widens")


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
    direction: str  # adverse, positive or both (the assessor's "mixed")

    @property
    def worse_off(self) -> bool:
        return self.direction == "adverse"

    @property
    def mixed(self) -> bool:
        return self.direction == "both"


@dataclass(frozen=True)
class Summary:
    """What the board sees of one assessment; plain data, so worker processes can send it back."""

    file: str
    title: str
    details: dict[str, str] = field(default_factory=dict)
    #: the kinds of decision, in words (a decision can be of more than one kind)
    kinds: tuple[str, ...] = ()
    meeting_date: str | None = None
    ratings: tuple[Rating, ...] = ()
    #: the assessor's conclusion as answered; a draft reaches none (see ``reached``)
    conclusion: str | None = None
    screened_out: bool = False
    missing: tuple[str, ...] = ()
    #: required answers still to give (a part of ``missing``)
    to_answer: int = 0
    status: str = "Draft"
    final: bool = False
    signoff: dict[str, str] = field(default_factory=dict)
    review_date: str | None = None
    actions: tuple[ActionItem, ...] = ()
    groups: tuple[GroupItem, ...] = ()
    changed_after_signoff: bool = False
    updated: str | None = None
    #: when the last thing was recorded in the file's trail (answered, completed, signed off...)
    last_event: str | None = None
    #: the file this one revises, where the answers file says so (relative to this file's folder)
    revision_of: str | None = None
    #: 1 for a first file, one more than the version its ``revision_of`` block names
    version: int = 1
    #: when the file was started: a copy made to continue an assessment keeps it
    created: str | None = None
    #: what the assessment promised (actions, review, indicators) with the progress recorded
    promises: tuple[Promise, ...] = ()
    #: the local figures snapshotted into the answers file (the values then)
    evidence: tuple[EvidenceItem, ...] = ()

    @property
    def kind(self) -> str | None:
        return "; ".join(self.kinds) or None

    @property
    def complete(self) -> bool:
        """Nothing left to do, exactly as the decision's own document judges it."""
        return not self.missing

    @property
    def draft(self) -> bool:
        return not self.complete

    @property
    def reached(self) -> str | None:
        """The conclusion the assessment reached: none for a draft or a decision screened out."""
        return self.conclusion if self.complete and not self.screened_out else None

    @property
    def conclusion_words(self) -> str:
        if self.missing:
            return wording.draft_line(self.to_answer, len(self.missing) - self.to_answer)
        if self.screened_out:
            return "Screened out: no further assessment"
        return CONCLUSIONS.get(self.conclusion or "", "Not given")

    @property
    def adverse_groups(self) -> list[GroupItem]:
        """The groups the assessor said are worse off (mixed ones are in ``mixed_groups``)."""
        return [g for g in self.groups if g.worse_off]

    @property
    def mixed_groups(self) -> list[GroupItem]:
        return [g for g in self.groups if g.mixed]

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
    given = answers.values()  # facts about the decision, whatever the route asks
    for name in DETAILS:
        question, value = roles.answer(name, given)
        if question is not None and value is not None:
            details[name] = display(question, value, catalogue.options(question))
    missing = [wording.unanswered(q) for q in required_gaps(answers, catalogue, now)[0]]
    to_answer = len(missing)
    missing += [
        wording.harm_missing(h.principle, h.effect, h.equity == "widens") for h in rules.unaddressed(roles, values)
    ]
    signoff = {r: str(v) for r in ("reviewer", "approver") if (v := roles.value(r, values))}
    signed = last_event(answers, "signed_off")
    review = roles.value("review_date", values)
    meeting = roles.value("meeting_date", values)
    final = signed is not None and not changed_after_signoff(answers)
    promised = tuple(promises(answers, catalogue, values))
    done = {p.text for p in promised if p.item == "action" and p.done}
    return Summary(
        file=file,
        title=answers.title,
        details=details,
        kinds=tuple(_kinds(catalogue, values)),
        meeting_date=str(meeting) if meeting is not None else None,
        ratings=tuple(
            Rating(
                s.principle,
                s.rating,
                wording.effect_words(s.effect, s.relevant),
                s.size,
                s.equity,
                effect=s.effect,
                relevant=s.relevant,
                gap_pointed=rules.suggest_equity(roles, values, s.principle)
                if s.equity is None and s.relevant and s.effect
                else None,
            )
            for s in scores
        ),
        conclusion=roles.value("conclusion", values),
        screened_out=roles.value("route", values) == "none",
        missing=tuple(missing),
        to_answer=to_answer,
        status="Draft" if missing else ("Approved" if final else "Complete"),
        final=final,
        signoff=signoff,
        review_date=str(review) if review is not None else None,
        actions=tuple(
            ActionItem(a.action, a.owner, a.due, a.indicator, done=a.action in done)
            for a in (action_from(row) for row in (roles.value("actions", values) or []))
        ),
        groups=tuple(GroupItem(g.id, wording.group_people(g), g.direction) for g in group_findings(catalogue, values)),
        changed_after_signoff=changed_after_signoff(answers),
        updated=answers.updated,
        last_event=max((e.at for e in answers.events), default=None),
        revision_of=revision_of(answers),
        version=version_number(answers),
        created=answers.created,
        promises=promised,
        evidence=tuple(answers.evidence.items) if answers.evidence else (),
    )


def _kinds(catalogue: Catalogue, values: dict[str, Any]) -> list[str]:
    """The kinds of decision chosen, in words (never their option keys)."""
    question, chosen = catalogue.roles.answer("kind", values)
    if question is None or chosen is None:
        return []
    chosen = chosen if isinstance(chosen, list) else [chosen]
    labels = {o.value: o.label for o in catalogue.options(question)}
    return [labels.get(str(k), str(k)) for k in chosen]


def revision_of(answers: AnswersFile) -> str | None:
    """The file this answers file says it revises (its name, relative to its own folder), where
    it says so: a ``revision_of`` block's ``file``, or a plain name (see ``REVISION_FIELDS``)."""
    for name in REVISION_FIELDS:
        value = getattr(answers, name, None)
        value = getattr(value, "file", value)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
