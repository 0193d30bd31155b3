"""Core plugin: the core checklists, the YAML scorer, the default combiner and mitigations,
and the built-in output formats. Registered first, under the name ``core``, and always on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hiap import hookimpl
from hiap.checklist import conditions
from hiap.hookspecs_models import OutputFormat
from hiap.models.assessment import PrincipleScore, ScoreContribution, SuggestedMitigation
from hiap.models.checklist import Mitigation, Option, Question
from hiap.models.principles import PRINCIPLES, SCALES, roll_up_impacts

HIAP_HOOK_API = 1

_ADVERSE_IMPACTS = {"minor_negative", "major_negative", "mixed"}


def _checklist_dir() -> Path:
    import hiap.checklists

    return Path(hiap.checklists.__file__).parent


@hookimpl
def checklist_sources() -> list[Path]:
    folder = _checklist_dir()
    return [folder / "groups.yaml", folder / "core.yaml"]


class QuestionIndex:
    """What the scorer and the assessment look up, indexed once per catalogue.

    Scanning every question for each role and principle made building an assessment grow with
    (questions x principles x roles); the lists here keep the catalogue's order, so every lookup
    gives exactly what the scan gave.
    """

    def __init__(self, catalogue: Any) -> None:
        self.questions: list[Question] = catalogue.questions
        self.count = len(self.questions)
        self.by_role: dict[str, list[Question]] = {}
        self.by_role_principle: dict[tuple[str, int], list[Question]] = {}
        #: per principle: the choice questions with the options that score it
        self.scoring: dict[int, list[tuple[Question, tuple[Option, ...]]]] = {n: [] for n in PRINCIPLES}
        #: the choice questions with the options that name library mitigations
        self.suggesting: list[tuple[Question, tuple[Option, ...]]] = []
        #: per principle: the library mitigations suggested under it (their first principle)
        self.mitigations: dict[int, list[Mitigation]] = {n: [] for n in PRINCIPLES}
        self.required: list[Question] = []
        self.decision: list[Question] = []
        self._options: dict[str, tuple[Any, ...]] = {}
        self._catalogue = catalogue
        for question in self.questions:
            if question.role:
                self.by_role.setdefault(question.role, []).append(question)
                for principle in question.principles:
                    self.by_role_principle.setdefault((question.role, principle), []).append(question)
            if question.type in ("choice", "multi"):
                for principle in PRINCIPLES:
                    scored = tuple(o for o in question.options if principle in o.scores)
                    if scored:
                        self.scoring[principle].append((question, scored))
                suggests = tuple(o for o in question.options if o.suggests)
                if suggests:
                    self.suggesting.append((question, suggests))
            if question.required:
                self.required.append(question)
            if question.id.startswith("decision."):
                self.decision.append(question)
        for mitigation in catalogue.mitigations:
            if mitigation.principles and min(mitigation.principles) in self.mitigations:
                self.mitigations[min(mitigation.principles)].append(mitigation)

    def options(self, question: Question) -> tuple[Any, ...]:
        """``catalogue.options(question)``, built once (rating and group options are made on each call)."""
        found = self._options.get(question.id)
        if found is None:
            found = self._options[question.id] = self._catalogue.options(question)
        return found

    def first(self, role: str, values: dict[str, Any], principle: int | None = None) -> tuple[Question | None, Any]:
        """The first question with this role (and principle) that has an answer, and the answer."""
        found = self.by_role.get(role, ()) if principle is None else self.by_role_principle.get((role, principle), ())
        for question in found:
            if question.id in values:
                return question, values[question.id]
        return None, None


def question_index(catalogue: Any) -> QuestionIndex:
    """The catalogue's index, made on first use and kept on the catalogue (rebuilt if it changed)."""
    index: QuestionIndex | None = getattr(catalogue, "_hiap_question_index", None)
    if index is None or index.questions is not catalogue.questions or index.count != len(catalogue.questions):
        index = QuestionIndex(catalogue)
        setattr(catalogue, "_hiap_question_index", index)  # noqa: B010 - a cache, not part of the dataclass
    return index


def _role_answer(catalogue: Any, answers: Any, principle: int, role: str) -> tuple[str | None, Any]:
    question, value = question_index(catalogue).first(role, answers.values, principle)
    return (question.id, value) if question is not None else (None, None)


@hookimpl
def score_principle(principle: int, answers: Any, catalogue: Any) -> list[ScoreContribution]:
    """The officer's own rating, plus every chosen option that declares a score for this principle."""
    out: list[ScoreContribution] = []
    qid, value = _role_answer(catalogue, answers, principle, "effect")
    if qid and value:
        out.append(
            ScoreContribution(
                principle=principle,
                impact=value,
                rationale=f"Assessor's rating: {SCALES['impact'][value]}",
                kind="rating",
                questions=(qid,),
                source="core",
            )
        )
    for question, options in question_index(catalogue).scoring.get(principle, ()):
        if question.id not in answers.values:
            continue
        chosen = answers.values[question.id]
        chosen = chosen if isinstance(chosen, list) else [chosen]
        for option in options:
            if option.value in chosen:
                out.append(
                    ScoreContribution(
                        principle=principle,
                        impact=option.scores[principle],
                        rationale=f"{question.text} {option.label}",
                        finding=option.label,
                        kind="answer",
                        questions=(question.id,),
                        groups=option.groups,
                        source=question.origin,
                    )
                )
    return out


def roll_up(contributions: list[ScoreContribution]) -> tuple[str, str | None]:
    """The most severe credible finding; positive and negative together make 'mixed'."""
    return roll_up_impacts([c.impact for c in contributions])


@hookimpl(trylast=True)
def combine_scores(
    principle: int, contributions: list[ScoreContribution], answers: Any, catalogue: Any
) -> PrincipleScore:
    """The assessor's rating is the rating of record; other answers are signals beside it.

    Only where the assessor gave no rating (a principle judged not relevant is neutral) do the
    signals decide. A signal that points the other way is kept in ``signals``, so the document
    shows the tension instead of silently overruling the person accountable for the judgement.
    """
    assessor = [c for c in contributions if c.kind == "rating"]
    others = [c for c in contributions if c.kind != "rating"]
    relevant = answers.values.get(f"p{principle}.relevant")
    signal, _ = roll_up(others)
    if assessor:
        rating, size = roll_up(assessor)
    elif relevant is False:
        rating, size = "neutral", None
    else:
        rating, size = roll_up(others)
    disagree = signal not in ("not_assessed", "neutral", "uncertain", rating) and not (
        rating == "mixed" and signal in ("positive", "negative")
    )

    def role(name: str) -> Any:
        return _role_answer(catalogue, answers, principle, name)[1]

    return PrincipleScore(
        principle=principle,
        title=PRINCIPLES[principle],
        rating=rating,
        size=size,  # type: ignore[arg-type]
        equity=role("equity"),
        likelihood=role("likelihood"),
        timing=role("timing"),
        confidence=role("confidence"),
        reasoning=role("reasoning"),
        evidence=role("evidence"),
        mitigation=role("mitigation"),
        justification=role("justification"),
        why_not=role("why_not"),
        relevant=relevant is not False,
        signals=signal if disagree else None,
        contributions=tuple(contributions),
    )


@hookimpl
def suggest_mitigations(principle_score: PrincipleScore, answers: Any, catalogue: Any) -> list[SuggestedMitigation]:
    """Library mitigations whose condition holds, or that a chosen answer names, for this principle."""
    index = question_index(catalogue)
    named: dict[str, list[str]] = {}
    for question, options in index.suggesting:
        if question.id not in answers.values:
            continue
        chosen = answers.values[question.id]
        chosen = chosen if isinstance(chosen, list) else [chosen]
        for option in options:
            if option.value in chosen:
                for mid in option.suggests:
                    named.setdefault(mid, []).append(question.id)
    out: list[SuggestedMitigation] = []
    # each mitigation is suggested once, under its first principle
    for mitigation in index.mitigations.get(principle_score.principle, ()):
        triggered = list(named.get(mitigation.id, []))
        node = catalogue.mitigation_conditions.get(mitigation.id)
        if node is not None and conditions.evaluate(node, answers.values.get):
            triggered.extend(r.id for r in conditions.references(node) if r.id not in triggered)
        if not triggered:
            continue
        out.append(
            SuggestedMitigation(
                id=mitigation.id,
                text=mitigation.text,
                kind=mitigation.kind,
                principles=mitigation.principles,
                groups=mitigation.groups,
                indicator=mitigation.indicator,
                sources=mitigation.sources,
                triggered_by=tuple(dict.fromkeys(triggered)),
                source=mitigation.origin,
            )
        )
    return out


@hookimpl
def output_formats() -> list[OutputFormat]:
    from hiap.render import formats

    return formats.builtin_formats()
