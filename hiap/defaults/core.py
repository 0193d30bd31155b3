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
from hiap.models.principles import IMPACT_DIRECTION, PRINCIPLES, SCALES

HIAP_HOOK_API = 1

_ADVERSE_IMPACTS = {"minor_negative", "major_negative", "mixed"}


def _checklist_dir() -> Path:
    import hiap.checklists

    return Path(hiap.checklists.__file__).parent


@hookimpl
def checklist_sources() -> list[Path]:
    folder = _checklist_dir()
    return [folder / "groups.yaml", folder / "core.yaml"]


def _role_answer(catalogue: Any, answers: Any, principle: int, role: str) -> tuple[str | None, Any]:
    for question in catalogue.questions:
        if question.role == role and principle in question.principles and question.id in answers.values:
            return question.id, answers.values[question.id]
    return None, None


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
                questions=(qid,),
                source="core",
            )
        )
    for question in catalogue.questions:
        if question.type not in ("choice", "multi") or question.id not in answers.values:
            continue
        chosen = answers.values[question.id]
        chosen = chosen if isinstance(chosen, list) else [chosen]
        for option in question.options:
            if option.value in chosen and principle in option.scores:
                out.append(
                    ScoreContribution(
                        principle=principle,
                        impact=option.scores[principle],
                        rationale=f"{question.text} {option.label}",
                        questions=(question.id,),
                        groups=option.groups,
                        source=question.origin,
                    )
                )
    return out


def roll_up(contributions: list[ScoreContribution]) -> tuple[str, str | None]:
    """The most severe credible finding; positive and negative together make 'mixed'."""
    sizes: dict[str, int] = {}
    for c in contributions:
        direction, size = IMPACT_DIRECTION[c.impact]
        sizes[direction] = max(sizes.get(direction, 0), size)
    has_pos, has_neg = "positive" in sizes, "negative" in sizes
    if has_pos and has_neg or "mixed" in sizes:
        biggest = max(sizes.get("positive", 0), sizes.get("negative", 0), sizes.get("mixed", 0))
        return "mixed", "major" if biggest >= 2 else "minor"
    if has_neg:
        return "negative", "major" if sizes["negative"] >= 2 else "minor"
    if has_pos:
        return "positive", "major" if sizes["positive"] >= 2 else "minor"
    if "uncertain" in sizes:
        return "uncertain", None
    if "neutral" in sizes:
        return "neutral", None
    return "not_assessed", None


@hookimpl(trylast=True)
def combine_scores(
    principle: int, contributions: list[ScoreContribution], answers: Any, catalogue: Any
) -> PrincipleScore:
    rating, size = roll_up(contributions)

    def role(name: str) -> Any:
        return _role_answer(catalogue, answers, principle, name)[1]

    relevant = answers.values.get(f"p{principle}.relevant")
    if rating == "not_assessed" and relevant is False:
        rating = "neutral"
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
        relevant=relevant is not False,
        contributions=tuple(contributions),
    )


@hookimpl
def suggest_mitigations(principle_score: PrincipleScore, answers: Any, catalogue: Any) -> list[SuggestedMitigation]:
    """Library mitigations whose condition holds, or that a chosen answer names, for this principle."""
    named: dict[str, list[str]] = {}
    for question in catalogue.questions:
        if question.type not in ("choice", "multi") or question.id not in answers.values:
            continue
        chosen = answers.values[question.id]
        chosen = chosen if isinstance(chosen, list) else [chosen]
        for option in question.options:
            if option.value in chosen:
                for mid in option.suggests:
                    named.setdefault(mid, []).append(question.id)
    out: list[SuggestedMitigation] = []
    for mitigation in catalogue.mitigations:
        if principle_score.principle not in mitigation.principles:
            continue
        if principle_score.principle != min(mitigation.principles):
            continue  # suggest each mitigation once, under its first principle
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
