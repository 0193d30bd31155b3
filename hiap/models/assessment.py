"""Findings: what the assessment concludes, consumed by every renderer and by plugins."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hiap.models.checklist import Principle, Source
from hiap.models.document import DocSection
from hiap.models.principles import is_adverse

Rating = Literal["positive", "negative", "mixed", "neutral", "uncertain", "not_assessed"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScoreContribution(_Frozen):
    """One plugin's (or the core's) view of a principle, with the answers it rests on."""

    principle: Principle
    impact: Literal[
        "major_positive", "minor_positive", "neutral", "minor_negative", "major_negative", "mixed", "uncertain"
    ]
    rationale: str = Field(min_length=3)
    #: the answer in a few words (an option's label), for tables where the question is implied
    finding: str | None = None
    #: "rating" is the assessor's own judgement for the principle; "answer" and "rule" are
    #: signals from other answers (option scores) or plugin rules, shown beside it
    kind: Literal["rating", "answer", "rule"] = "rule"
    questions: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    source: str = "core"


class PrincipleScore(_Frozen):
    """One principle as the assessor rated it; plugins' contributions ride along, unprinted."""

    principle: Principle
    title: str
    rating: Rating
    size: Literal["major", "minor"] | None = None
    #: the assessor's rating as given (an impact value such as ``minor_negative``)
    effect: str | None = None
    equity: str | None = None
    likelihood: str | None = None
    timing: str | None = None
    confidence: str | None = None
    #: how the effects on this principle spread across the gradient, where it differs from screening
    gradient: str | None = None
    reasoning: str | None = None
    evidence: str | None = None
    mitigation: str | None = None
    residual: str | None = None
    justification: str | None = None
    why_not: str | None = None
    #: the assessor ticked this principle in the relevance grid
    relevant: bool = True
    contributions: tuple[ScoreContribution, ...] = ()

    @property
    def adverse(self) -> bool:
        return is_adverse(self.rating, self.equity)


class SuggestedMitigation(_Frozen):
    id: str
    text: str
    kind: Literal["mitigation", "enhancement"] = "mitigation"
    principles: tuple[Principle, ...] = ()
    groups: tuple[str, ...] = ()
    indicator: str | None = None
    sources: tuple[Source, ...] = ()
    triggered_by: tuple[str, ...] = ()
    source: str = "core"


class GroupFinding(_Frozen):
    """A group the assessor named, with the assessor's own line on how it is affected."""

    id: str
    label: str
    #: the group as people ("disabled people"), for sentences
    people: str
    basis: str
    basis_detail: str
    #: the family it belongs to in the groups checklist ("Protected characteristics (Equality Act 2010)")
    family: str | None = None
    direction: Literal["adverse", "positive", "both"]
    #: the assessor's words, or None where no line was given
    how: str | None = None


class UnratedFinding(_Frozen):
    """Principles the assessor's own answers bear on that the ratings leave out (not ticked, or
    rated 'no material effect'): a scored answer's, or a group named worse off (``people``)."""

    principles: tuple[int, ...]
    #: the group named worse off, as people in a sentence; None where a scored answer points
    people: str | None = None
    #: the group was named better off too: worse off in some ways only
    mixed: bool = False


class Action(_Frozen):
    action: str
    owner: str | None = None
    due: str | None = None
    indicator: str | None = None
    status: str | None = None


class MonitoringItem(_Frozen):
    indicator: str
    baseline: str | None = None
    source: str | None = None
    frequency: str | None = None
    principles: tuple[int, ...] = ()
    origin: str = "core"


class AnsweredQuestion(_Frozen):
    """One answer as given, for the record in the annex."""

    id: str
    section: str
    text: str
    answer: str
    #: the answer as stored (an option value, a list of them, a date, a number): for plugins'
    #: document sections, which need the value behind the words
    value: Any = None
    note: str | None = None
    sources: tuple[str, ...] = ()
    origin: str = "core"
    #: why the answer no longer counts, where it does not (a later answer changed the route,
    #: or a newer checklist no longer asks the question); it is kept and listed, never dropped
    kept_because: str | None = None


class PluginReport(_Frozen):
    name: str
    version: str | None = None
    status: Literal["ok", "failed", "missing"]
    error: str | None = None
    contributed: bool = False


class EvidenceItem(_Frozen):
    """A local figure (an indicator value) or a local service, captured for the record."""

    kind: Literal["indicator", "asset", "citation"] = "indicator"
    label: str
    value: str | None = None
    unit: str | None = None
    area: str | None = None
    comparator: str | None = None
    comparison: str | None = None
    period: str | None = None
    principles: tuple[int, ...] = ()
    source: str
    detail: str | None = None
    #: for indicators: the Fingertips indicator id, sex and age breakdown, confidence interval
    indicator_id: str | None = None
    breakdown: str | None = None
    interval: str | None = None
    #: for assets (local services): who runs it, whom it prioritises, what it aims to achieve
    organisation: str | None = None
    groups: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    contact: str | None = None
    #: the officer chose to cite this service as a partner in the assessment
    cited: bool = False
    origin: str = "core"

    @staticmethod
    def _with_unit(value: str | None, unit: str | None) -> str:
        if not value:
            return "-"
        if not unit:
            return value
        return f"{value}{unit}" if unit in ("%", "‰") else f"{value} {unit}"

    @property
    def shown_value(self) -> str:
        """The value with its unit, as people write it ("22.6%", "72.5 years")."""
        return self._with_unit(self.value, self.unit)

    @property
    def shown_comparator(self) -> str:
        return self._with_unit(self.comparator, self.unit)


class Assessment(BaseModel):
    """What the answers say, assembled for every renderer: the assessor's words and judgements,
    and what is still missing. Nothing here is inferred and printed as the assessor's."""

    model_config = ConfigDict(extra="forbid")

    title: str
    #: key facts by role (title, reference, kind, summary, directorate, assessor, decision_maker,
    #: meeting_date, wards, key_decision), in words; ``decision_values`` holds them as stored
    decision: dict[str, str]
    decision_values: dict[str, Any] = Field(default_factory=dict)
    route: str | None = None
    route_words: str | None = None
    route_reason: str | None = None
    route_check: str | None = None
    principles_in_scope: list[int] = Field(default_factory=list)
    #: principles ticked in screening on a decision screened out: touched, never rated
    principles_screened: list[int] = Field(default_factory=list)
    #: what the answers bear on that the ratings leave out, said beside the ratings
    unrated: list[UnratedFinding] = Field(default_factory=list)
    gradient: str | None = None
    groups_differ: str | None = None
    sectors: list[str] = Field(default_factory=list)
    alternatives: str | None = None
    unintended: str | None = None
    cumulative: str | None = None
    principles: list[PrincipleScore]
    #: the assessor's conclusion; None until they give it (a draft reaches none)
    conclusion: Literal["no_major_change", "adjust", "continue_with_justification", "stop"] | None = None
    #: the assessor's reason, where their conclusion differs from the one the ratings point to
    conclusion_reason: str | None = None
    #: what the ratings point to: offered in the interview, never printed as the conclusion
    suggested_conclusion: str | None = None
    groups: list[GroupFinding] = Field(default_factory=list)
    core20_share: str | None = None
    psed: str | None = None
    socio_economic: str | None = None
    socio_economic_how: str | None = None
    #: other duties the checklists ask about (role-less questions with a bearing on groups)
    duties: list[tuple[str, str]] = Field(default_factory=list)
    #: suggestions to adopt in the interview; never printed
    mitigations: list[SuggestedMitigation] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    monitoring: list[MonitoringItem] = Field(default_factory=list)
    review_date: str | None = None
    evidence_sources: str | None = None
    engagement: str | None = None
    engagement_summary: str | None = None
    evidence: list[EvidenceItem] = Field(default_factory=list)
    #: local services the officer chose to cite as partners
    partners: list[EvidenceItem] = Field(default_factory=list)
    #: reviewer and approver, by role, as recorded by 'hiap review'
    signoff: dict[str, str] = Field(default_factory=dict)
    history: list[dict[str, str]] = Field(default_factory=list)
    answered: list[AnsweredQuestion] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    #: what must still be done, in words
    missing: list[str] = Field(default_factory=list)
    #: required answers still to give (a part of ``missing``)
    to_answer: int = 0
    #: questions the checklists ask now that an assessment signed off under earlier ones never
    #: saw: not gaps in that document, asked when it is revised
    added_since: list[str] = Field(default_factory=list)
    complete: bool = False
    #: approved through 'hiap review' and not reopened since
    approved: bool = False
    sections: list[DocSection] = Field(default_factory=list)
    plugins: list[PluginReport] = Field(default_factory=list)
    #: checklist id -> (version the answers were given under, version used now), where they differ
    versions: dict[str, tuple[str, str]] = Field(default_factory=dict)
    created: str | None = None
    updated: str | None = None

    @property
    def screened_out(self) -> bool:
        return self.route == "none"

    @property
    def draft(self) -> bool:
        return not self.complete

    def principle(self, number: int) -> PrincipleScore:
        return next(p for p in self.principles if p.principle == number)

    @property
    def adverse_groups(self) -> list[GroupFinding]:
        return [g for g in self.groups if g.direction in ("adverse", "both")]

    def top_actions(self, n: int = 3) -> list[Action]:
        return self.actions[:n]
