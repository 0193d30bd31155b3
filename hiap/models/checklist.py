"""Checklists, sections, questions and population groups: data, validated, never executed."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from hiap.models.principles import DECISION_KINDS, IMPACT_VALUES, SCALES

QuestionType = Literal["yesno", "choice", "multi", "rating", "text", "longtext", "date", "number", "records", "each"]
QUESTION_TYPES: tuple[str, ...] = QuestionType.__args__  # type: ignore[attr-defined]

#: What a question means to the assessment. The core checklist marks its questions with roles,
#: so a council can reword or replace the checklist without touching the scoring code.
Role = Literal[
    # the decision (the key facts a clerk needs)
    "title",
    "kind",
    "summary",
    "reference",
    "directorate",
    "decision_maker",
    "meeting_date",
    "wards",
    "key_decision",
    "assessor",  # the lead officer, who also carries out the assessment (one officer field)
    "nation",  # whose law binds the council: England, Wales, Scotland or Northern Ireland
    # screening
    "principles",  # the relevance grid: which Marmot principles the decision touches
    "gradient",  # how effects are spread across the social gradient (once; per principle only where it differs)
    "gradient_varies",  # the principles whose spread differs from the overall one
    "groups_differ",
    "route",  # screening: none / rapid / full
    "route_reason",
    "route_check",  # why screening out is right although screening flagged possible effects
    "sectors",  # which sectors the decision touches
    "alternatives",  # the options considered, and the less harmful one
    "unintended",
    "cumulative",  # other decisions hitting the same people or places; overlapping disadvantage
    # one row per principle
    "effect",  # impact rating for the question's principle (scale: impact)
    "equity",  # effect on the gap (scale: equity)
    "likelihood",
    "timing",
    "confidence",
    "reasoning",  # why the rating was given
    "evidence",  # evidence for this principle
    "mitigation",  # how an adverse effect is avoided or reduced
    "residual",  # what harm remains after the mitigation
    "justification",  # why an adverse effect that remains is justified
    "why_not",  # why a principle does not bear on the decision
    # population groups and duties
    "groups_adverse",
    "groups_positive",
    "groups_how",
    "intersection",
    "core20",
    "psed",
    "socio_economic",
    "socio_economic_how",
    "duty",  # another duty the decision must have regard to (Armed Forces Covenant, corporate parenting...)
    # evidence, engagement, actions, monitoring
    "evidence_sources",
    "evidence_gaps",
    "engagement",
    "engagement_summary",
    "partners",  # local services the officer cites as partners
    "actions",
    "conclusion",  # the assessor's overall conclusion
    "conclusion_reason",
    "indicators",
    "review_date",
    # sign-off (recorded by 'hiap review', not asked by 'hiap assess')
    "reviewer",
    "approver",
    "status",
    "version",
    "before_decision",  # the assessment was made before the decision (Brown principles)
]
ROLES: tuple[str, ...] = Role.__args__  # type: ignore[attr-defined]

ID_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")

Principle = Annotated[int, Field(ge=1, le=8)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """A piece of evidence the help text draws on: a title, and a link where one is public."""

    title: str = Field(min_length=3)
    url: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"title": value} if isinstance(value, str) else value


class Option(Strict):
    """One answer a choice question offers, with what choosing it means for scoring."""

    value: str
    label: str
    help: str | None = None
    #: principle number -> impact value, e.g. ``{4: minor_negative}``
    scores: dict[Principle, str] = Field(default_factory=dict)
    #: population groups this answer bears on (affected adversely if a score is negative)
    groups: tuple[str, ...] = ()
    #: mitigation ids (from the checklist's mitigation library) this answer should suggest
    suggests: tuple[str, ...] = ()
    #: population groups this answer says are not affected ("No children are affected"): never
    #: offered as pre-ticked, whatever other answers point to
    rules_out: tuple[str, ...] = ()
    #: principles this answer says cannot be affected ("No children are affected": principle 1):
    #: no other answer's score then points to them
    rules_out_principles: tuple[Principle, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"value": value, "label": value}
        return value

    @field_validator("scores")
    @classmethod
    def _known_impacts(cls, scores: dict[int, str]) -> dict[int, str]:
        for principle, impact in scores.items():
            if impact not in IMPACT_VALUES:
                raise ValueError(
                    f"score for principle {principle} is '{impact}'; use one of: {', '.join(IMPACT_VALUES)}"
                )
        return scores


class RecordField(Strict):
    """A column of a ``records`` question (an action plan row, say)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str
    type: Literal["text", "date", "number", "choice"] = "text"
    required: bool = False
    options: tuple[Option, ...] = ()


class Question(Strict):
    id: str
    text: str = Field(min_length=3)
    hint: str | None = None
    #: what to consider: the first thing the officer reads behind '?'
    help: str = Field(min_length=20)
    #: where to look: the dataset or service, by name
    look: str | None = None
    #: why it matters: figures and background, shown only when the officer asks for more
    why: str | None = None
    sources: tuple[Source, ...] = ()
    #: when the content was last checked against its sources (ISO date)
    reviewed: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    #: consecutive questions with the same row id are one compound prompt (a rating row)
    row: str | None = None
    #: the short name of this field inside its row ("Effect on the gap")
    label: str | None = None
    #: for ``type: each``: the earlier multiple-choice questions whose chosen items get one line each
    each: tuple[str, ...] = ()
    #: for ``type: records``: offer suggestions to adopt (then edit) before asking for new rows
    suggestions: Literal["actions"] | None = None
    #: "review" questions are recorded by 'hiap review' (sign-off), never asked by 'hiap assess'
    asked_in: Literal["assess", "review"] = "assess"
    type: QuestionType
    options: tuple[Option, ...] = ()
    #: for ``type: rating``: which named scale supplies the options
    scale: str | None = None
    #: for ``type: multi``/``choice``: fill the options from a named list (``groups``)
    options_from: Literal["groups", "principles", "kinds"] | None = None
    fields: tuple[RecordField, ...] = ()
    required: bool = False
    principles: tuple[Principle, ...] = ()
    groups: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    role: Role | None = None
    when: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    default: Any = None
    #: set by the loader: where the question came from ("core" or a plugin name)
    origin: str = "core"
    line: int | None = Field(default=None, exclude=True)
    #: the file it was read from, for error messages (checklists with one origin may span files)
    file: str | None = Field(default=None, exclude=True)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not ID_RE.match(value):
            raise ValueError(
                f"'{value}' is not a valid id; use lower case letters, digits and underscores, "
                "with dots between parts (for example 'housing.overcrowding')"
            )
        return value

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, kinds: tuple[str, ...]) -> tuple[str, ...]:
        for kind in kinds:
            if kind not in DECISION_KINDS:
                raise ValueError(f"unknown decision kind '{kind}'; use one of: {', '.join(DECISION_KINDS)}")
        return kinds

    @model_validator(mode="after")
    def _options_fit_type(self) -> Question:
        if self.type == "rating":
            if self.scale not in SCALES:
                raise ValueError(f"a rating question needs 'scale', one of: {', '.join(SCALES)}")
            if self.options:
                raise ValueError("a rating question takes its options from 'scale'; remove 'options'")
        elif self.type in ("choice", "multi"):
            if not self.options and not self.options_from:
                raise ValueError(f"a {self.type} question needs 'options' (or 'options_from')")
        elif self.options or self.options_from:
            raise ValueError(f"a {self.type} question takes no 'options'")
        if self.type == "records" and not self.fields:
            raise ValueError("a records question needs 'fields'")
        if self.type != "records" and self.fields:
            raise ValueError(f"a {self.type} question takes no 'fields'")
        if self.type == "each" and not self.each:
            raise ValueError("an each question needs 'each': the ids of earlier multiple-choice questions")
        if self.type != "each" and self.each:
            raise ValueError(f"a {self.type} question takes no 'each'")
        if self.suggestions and self.type != "records":
            raise ValueError("only a records question takes 'suggestions'")
        values = [o.value for o in self.options]
        if len(values) != len(set(values)):
            raise ValueError("option values must be unique")
        return self

    def choice_options(self, groups: dict[str, PopulationGroup] | None = None) -> tuple[Option, ...]:
        """The options offered, whether listed, from a scale, or from a named list."""
        if self.type == "rating" and self.scale:
            return tuple(Option(value=v, label=label) for v, label in SCALES[self.scale].items())
        if self.options_from == "groups" and groups is not None:
            return tuple(Option(value=g.id, label=g.label, help=g.basis_detail) for g in groups.values())
        if self.options_from == "principles":
            from hiap.models.principles import PRINCIPLES

            return tuple(Option(value=str(n), label=f"{n}. {t}") for n, t in PRINCIPLES.items())
        if self.options_from == "kinds":
            return tuple(Option(value=k, label=label) for k, label in DECISION_KINDS.items())
        return self.options


class Mitigation(Strict):
    """A suggested action from a checklist's library, tied to the answers that trigger it."""

    id: str
    text: str = Field(min_length=10)
    principles: tuple[Principle, ...] = ()
    groups: tuple[str, ...] = ()
    kind: Literal["mitigation", "enhancement"] = "mitigation"
    indicator: str | None = None
    sources: tuple[Source, ...] = ()
    #: suggested when this condition holds (same grammar as questions' ``when``)
    when: str | None = None
    origin: str = "core"
    line: int | None = Field(default=None, exclude=True)
    #: the file it was read from, for error messages (checklists with one origin may span files)
    file: str | None = Field(default=None, exclude=True)


class Indicator(Strict):
    """A monitoring measure, named as in the Marmot indicators or OHID Fingertips."""

    id: str
    name: str
    principles: tuple[Principle, ...] = ()
    fingertips_id: int | None = None
    source: str
    frequency: str | None = None
    origin: str = "core"


class Section(Strict):
    id: str
    title: str
    intro: str | None = None
    principles: tuple[Principle, ...] = ()
    kinds: tuple[str, ...] = ()
    when: str | None = None
    questions: tuple[Question, ...] = Field(min_length=1)
    origin: str = "core"
    line: int | None = Field(default=None, exclude=True)
    #: the file it was read from, for error messages (checklists with one origin may span files)
    file: str | None = Field(default=None, exclude=True)


class PopulationGroup(Strict):
    id: str
    label: str
    #: how the group reads as people in a sentence ("disabled people"), where the label names a
    #: category ("Disability"); the label itself is used when it already names people
    people: str | None = None
    family: str
    basis: Literal["statutory", "NHS", "local", "good practice"]
    basis_detail: str
    #: the law or framework behind ``basis_detail``, linked so a reader can check the claim
    sources: tuple[Source, ...] = ()
    #: the principles harm to this group bears on directly (race: 7): a group named worse off
    #: while none of them is rated as affected is flagged to the officer and in the appendix
    principles: tuple[Principle, ...] = ()

    @property
    def as_people(self) -> str:
        return self.people or self.label


class Upgrade(Strict):
    """How answers given under an earlier version of a checklist carry over to this one.

    Data, like everything else in a checklist: ids renamed, option values mapped, answers merged
    or collected into one, and retired questions (kept in the file, listed, never asked again).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    #: answers recorded with a version before ``to`` are carried by this step
    to: str
    note: str | None = None
    #: old id -> new id
    renamed: dict[str, str] = Field(default_factory=dict)
    #: question id (new) -> old option value -> new option value
    options: dict[str, dict[str, str]] = Field(default_factory=dict)
    #: new text question id -> old text answers joined into it (blank line between)
    merged: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    #: new multiple-choice id -> old yes/no question id -> the option a "yes" chooses
    collected: dict[str, dict[str, str]] = Field(default_factory=dict)
    #: old id -> why it is no longer asked (its answer stays in the file and is listed)
    retired: dict[str, str] = Field(default_factory=dict)


class Checklist(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: str
    title: str
    description: str | None = None
    kinds: tuple[str, ...] = ()
    #: where a plugin's sections go in the merged order: after this section id
    after: str | None = None
    sections: tuple[Section, ...] = ()
    groups: tuple[PopulationGroup, ...] = ()
    mitigations: tuple[Mitigation, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    #: how answers given under earlier versions carry over, oldest step first
    upgrades: tuple[Upgrade, ...] = ()
    origin: str = "core"
    path: str | None = Field(default=None, exclude=True)
