"""Core plugin: the core checklists, the YAML scorer, the default combiner and mitigations,
and the built-in output formats. Registered first, under the name ``core``, and always on.

Shaped like any third party's plugin: it reads the checklists through the catalogue's role
table and the judgement rules, the same public pieces a sector plugin uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hiap import hookimpl
from hiap.checklist import conditions, route, rules
from hiap.hookspecs_models import OutputFormat
from hiap.models.assessment import PrincipleScore, ScoreContribution, SuggestedMitigation
from hiap.models.principles import PRINCIPLES, SCALES, is_adverse, roll_up_impacts

HIAP_HOOK_API = 1


def _checklist_dir() -> Path:
    import hiap.checklists

    return Path(hiap.checklists.__file__).parent


@hookimpl
def checklist_sources() -> list[Path]:
    folder = _checklist_dir()
    return [folder / "groups.yaml", folder / "core.yaml"]


@hookimpl
def score_principle(principle: int, answers: Any, catalogue: Any) -> list[ScoreContribution]:
    """The assessor's own rating, plus every chosen option that declares a score for this principle."""
    out: list[ScoreContribution] = []
    question, value = catalogue.roles.answer("effect", answers.values, principle)
    if question is not None and value:
        out.append(
            ScoreContribution(
                principle=principle,
                impact=value,
                rationale=f"Assessor's rating: {SCALES['impact'][value]}",
                kind="rating",
                questions=(question.id,),
                source="core",
            )
        )
    for question, option in catalogue.roles.scored(principle, answers.values):
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


@hookimpl(trylast=True)
def combine_scores(
    principle: int, contributions: list[ScoreContribution], answers: Any, catalogue: Any
) -> PrincipleScore:
    """The assessor's rating is the rating of record; nothing else stands in for it.

    Other answers' scores travel with the score as contributions (the interview shows them before
    the assessor rates, as a suggestion), but a principle the assessor has not rated stays
    "not assessed" rather than being filled in from them.
    """
    roles = catalogue.roles
    rated = [c for c in contributions if c.kind == "rating"]
    rating, size = roll_up_impacts([c.impact for c in rated]) if rated else ("not_assessed", None)
    in_scope = principle in rules.in_scope(roles, answers.values)

    def role(name: str) -> Any:
        return roles.value(name, answers.values, principle)

    return PrincipleScore(
        principle=principle,
        title=PRINCIPLES[principle],
        rating=rating,  # type: ignore[arg-type]
        size=size,  # type: ignore[arg-type]
        effect=role("effect"),
        equity=role("equity"),
        likelihood=role("likelihood"),
        timing=role("timing"),
        confidence=role("confidence"),
        gradient=role("gradient"),
        reasoning=role("reasoning"),
        evidence=role("evidence"),
        mitigation=role("mitigation"),
        residual=role("residual"),
        justification=role("justification"),
        why_not=role("why_not"),
        relevant=in_scope,
        contributions=tuple(contributions),
    )


@hookimpl
def suggest_mitigations(principle_score: PrincipleScore, answers: Any, catalogue: Any) -> list[SuggestedMitigation]:
    """Library mitigations for this principle that the answers call for.

    A mitigation is suggested when a chosen option names it, when its own condition holds, or,
    when it has no condition, when the assessor rated one of its principles as harmful and (if it
    is meant for particular groups) named one of those groups as adversely affected. Each one is
    suggested once, under its first principle.
    """
    values = answers.values
    roles = catalogue.roles
    named = roles.suggested_ids(values)
    adverse_groups = set(roles.value("groups_adverse", values) or [])
    harmed = {n for n in PRINCIPLES if is_adverse(roles.value("effect", values, n), roles.value("equity", values, n))}
    get = route.lookup(catalogue, values)
    out: list[SuggestedMitigation] = []
    for mitigation in catalogue.mitigations:
        if not mitigation.principles or min(mitigation.principles) != principle_score.principle:
            continue
        triggered = list(named.get(mitigation.id, []))
        node = catalogue.mitigation_conditions.get(mitigation.id)
        if node is not None:
            if conditions.evaluate(node, get):
                triggered.extend(
                    r.id for r in conditions.references(node) if r.id in catalogue.by_id and r.id not in triggered
                )
        elif set(mitigation.principles) & harmed and (not mitigation.groups or set(mitigation.groups) & adverse_groups):
            for n in sorted(set(mitigation.principles) & harmed):
                effect = roles.question("effect", n)
                if effect is not None:
                    triggered.append(effect.id)
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
