"""Findings: what the assessment concludes, consumed by every renderer and by plugins."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hiap.models.checklist import Principle, Source
from hiap.models.document import DocSection

Rating = Literal["positive", "negative", "mixed", "neutral", "uncertain", "not_assessed"]

RATING_WORDS: dict[str, str] = {
    "positive": "Positive",
    "negative": "Negative",
    "mixed": "Mixed",
    "neutral": "Neutral",
    "uncertain": "Uncertain",
    "not_assessed": "Not assessed",
}

#: Plain-text symbols shown beside the words (never colour alone; readable by screen readers).
RATING_SYMBOLS: dict[str, str] = {
    "positive": "+",
    "negative": "-",
    "mixed": "+/-",
    "neutral": "=",
    "uncertain": "?",
    "not_assessed": "n/a",
}


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
    principle: Principle
    title: str
    rating: Rating
    size: Literal["major", "minor"] | None = None
    equity: str | None = None
    likelihood: str | None = None
    timing: str | None = None
    confidence: str | None = None
    reasoning: str | None = None
    evidence: str | None = None
    mitigation: str | None = None
    justification: str | None = None
    why_not: str | None = None
    relevant: bool = True
    #: what the other answers point to, when it differs from the rating of record
    signals: str | None = None
    contributions: tuple[ScoreContribution, ...] = ()

    @property
    def words(self) -> str:
        base = RATING_WORDS[self.rating]
        if self.size and self.rating in ("positive", "negative"):
            return f"{base}, {self.size}"
        return base

    @property
    def adverse(self) -> bool:
        return self.rating in ("negative", "mixed") or self.equity == "widens"


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
    id: str
    label: str
    basis: str
    basis_detail: str
    direction: Literal["adverse", "positive", "both"]
    how: str
    from_questions: tuple[str, ...] = ()


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
    id: str
    section: str
    text: str
    answer: str
    note: str | None = None
    sources: tuple[str, ...] = ()
    origin: str = "core"


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
    model_config = ConfigDict(extra="forbid")

    title: str
    decision: dict[str, str]
    decision_values: dict[str, Any] = Field(default_factory=dict)
    route: str | None = None
    route_reason: str | None = None
    route_check: str | None = None
    principles: list[PrincipleScore]
    conclusion: Literal["no_major_change", "adjust", "continue_with_justification", "stop"]
    conclusion_words: str
    conclusion_reason: str
    groups: list[GroupFinding] = Field(default_factory=list)
    groups_how: str | None = None
    intersection: str | None = None
    psed: str | None = None
    socio_economic: str | None = None
    socio_economic_how: str | None = None
    mitigations: list[SuggestedMitigation] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    monitoring: list[MonitoringItem] = Field(default_factory=list)
    suggested_indicators: list[MonitoringItem] = Field(default_factory=list)
    review_date: str | None = None
    evidence_sources: str | None = None
    evidence_gaps: str | None = None
    engagement: str | None = None
    engagement_summary: str | None = None
    evidence: list[EvidenceItem] = Field(default_factory=list)
    #: local services matched to the principles of concern and the groups affected
    partners: list[EvidenceItem] = Field(default_factory=list)
    signoff: dict[str, str] = Field(default_factory=dict)
    status: str = "Draft"
    version: str | None = None
    history: list[dict[str, str]] = Field(default_factory=list)
    answered: list[AnsweredQuestion] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    complete: bool = False
    sections: list[DocSection] = Field(default_factory=list)
    plugins: list[PluginReport] = Field(default_factory=list)
    health_implications: str = ""
    created: str | None = None
    updated: str | None = None

    def principle(self, number: int) -> PrincipleScore:
        return next(p for p in self.principles if p.principle == number)

    @property
    def adverse_groups(self) -> list[GroupFinding]:
        return [g for g in self.groups if g.direction in ("adverse", "both")]

    def top_actions(self, n: int = 3) -> list[Action]:
        return self.actions[:n]
