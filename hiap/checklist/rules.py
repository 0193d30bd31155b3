"""The judgement rules over answers, in one place: what counts as harm, when it is answered
for, and which conclusion the ratings point to.

The interview uses them to offer a conclusion and to say what is missing; the assessment uses
them to decide whether a file is complete. The conclusion printed is always the assessor's own
answer: the rule only suggests it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hiap.checklist.roles import RoleTable
from hiap.models.principles import PRINCIPLES, is_adverse, roll_up_impacts

if TYPE_CHECKING:
    from hiap.checklist.catalogue import Catalogue
    from hiap.models.checklist import Option


@dataclass(frozen=True)
class Harm:
    """An adverse rating of record for one principle, and what the assessor said about it."""

    principle: int
    effect: str | None
    equity: str | None
    mitigation: str | None
    residual: str | None
    justification: str | None

    @property
    def answered_for(self) -> bool:
        """Mitigated with nothing left, or justified."""
        if self.justification:
            return True
        return bool(self.mitigation) and self.residual in (None, "none")

    @property
    def severe(self) -> bool:
        """Major harm (or a widening gap) that the mitigation leaves in place."""
        if self.mitigation:
            return self.residual == "major"
        return self.effect == "major_negative" or self.equity == "widens"

    @property
    def remains(self) -> bool:
        """Some harm is left after the mitigation."""
        return not self.mitigation or self.residual in ("minor", "major")


def in_scope(roles: RoleTable, values: Mapping[str, Any]) -> list[int]:
    """The principles the assessor marked as touched by the decision (the relevance grid)."""
    if roles.value("route", values) == "none":  # screened out: ticked 'if unsure', rated by nobody
        return []
    chosen = roles.value("principles", values)
    if chosen is None:
        # a checklist without a grid marks relevance principle by principle
        return [n for n in PRINCIPLES if roles.value("effect", values, n) is not None]
    return ticked(roles, values)


def ticked(roles: RoleTable, values: Mapping[str, Any]) -> list[int]:
    """The principles ticked in the relevance grid, whatever the route: on a decision screened
    out they were touched in screening and are never rated."""
    chosen = roles.value("principles", values) or []
    return sorted({int(v) for v in chosen if str(v).isdigit() and int(v) in PRINCIPLES})


def harms(roles: RoleTable, values: Mapping[str, Any]) -> list[Harm]:
    out = []
    for n in PRINCIPLES:
        effect = roles.value("effect", values, n)
        equity = roles.value("equity", values, n)
        if not is_adverse(effect, equity):
            continue
        out.append(
            Harm(
                principle=n,
                effect=effect,
                equity=equity,
                mitigation=_text(roles.value("mitigation", values, n)),
                residual=roles.value("residual", values, n),
                justification=_text(roles.value("justification", values, n)),
            )
        )
    return out


def unaddressed(roles: RoleTable, values: Mapping[str, Any]) -> list[Harm]:
    """Harms with neither a mitigation that removes them nor a justification."""
    return [h for h in harms(roles, values) if not h.answered_for]


def suggest_conclusion(roles: RoleTable, values: Mapping[str, Any]) -> str:
    """The conclusion the ratings point to, offered to the assessor as the default."""
    found = harms(roles, values)
    if not found:
        return "no_major_change"
    if any(h.severe and not h.justification for h in found):
        return "stop"
    if any(not h.answered_for for h in found):
        return "adjust"
    if any(h.remains for h in found):
        return "continue_with_justification"
    return "adjust"


def suggest_equity(roles: RoleTable, values: Mapping[str, Any], principle: int) -> str | None:
    """The effect on the gap that the rating and the screening's gradient answer point to: harm
    falling on the most deprived widens it, a benefit aimed at them narrows it."""
    effect = roles.value("effect", values, principle)
    gradient = roles.value("gradient", values, principle) or roles.value("gradient", values)
    if effect is None or gradient is None:
        return None
    harm = is_adverse(effect)
    good = effect in ("major_positive", "minor_positive")
    if gradient in ("falls_on_deprived", "targeted", "scaled_to_need"):
        return "widens" if harm else ("narrows" if good else None)
    if gradient == "favours_better_off":
        return "narrows" if harm else ("widens" if good else None)
    if gradient == "even":
        return "no_change"
    return None


def signal(catalogue: Catalogue, principle: int, values: Mapping[str, Any]) -> str | None:
    """What the answers that score a principle point to, rolled up; ``None`` when none do, or
    when an answer rules the principle out ("No children are affected": principle 1)."""
    if principle in ruled_out_principles(catalogue, values):
        return None
    impacts = [option.scores[principle] for _, option in catalogue.roles.scored(principle, values)]
    return roll_up_impacts(impacts)[0] if impacts else None


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def _chosen(catalogue: Catalogue, values: Mapping[str, Any]) -> Iterator[Option]:
    """Every option the answers given chose, in the order they were answered."""
    for question_id, value in values.items():
        question = catalogue.by_id.get(question_id)
        if question is None or value is None:
            continue
        chosen = {str(v) for v in (value if isinstance(value, list) else [value])}
        yield from (option for option in question.options if option.value in chosen)


def ruled_out_groups(catalogue: Catalogue, values: Mapping[str, Any]) -> set[str]:
    """Groups an answer given says are not affected (an option's ``rules_out``): nothing else an
    officer answered may offer them as pre-ticked."""
    return {g for option in _chosen(catalogue, values) for g in option.rules_out}


def ruled_out_principles(catalogue: Catalogue, values: Mapping[str, Any]) -> set[int]:
    """Principles an answer given says cannot be affected (an option's ``rules_out_principles``):
    no other answer's score points to them."""
    return {n for option in _chosen(catalogue, values) for n in option.rules_out_principles}


def _harmful(option: Option) -> bool:
    return any(impact in HARM_SIGNALS for impact in option.scores.values())


#: What an option's score must say for the groups it names to be offered as adversely affected.
HARM_SIGNALS = ("minor_negative", "major_negative", "mixed")


def suggested_groups(catalogue: Catalogue, values: Mapping[str, Any]) -> list[str]:
    """The groups the answers given point to as worse off, offered pre-ticked for the officer to
    keep or untick: those an option that scores harm names, and those an option that scores
    nothing names (who bears the effects: "more on deprived areas or low incomes") once some
    answer points to harm. A group an answer rules out is never among them."""
    chosen = list(_chosen(catalogue, values))
    harm = any(_harmful(option) for option in chosen)
    found = [
        g
        for option in chosen
        if _harmful(option) or (harm and not option.scores)
        for g in option.groups
        if g in catalogue.groups
    ]
    ruled_out = ruled_out_groups(catalogue, values)
    return [g for g in dict.fromkeys(found) if g not in ruled_out]


@dataclass(frozen=True)
class Unrated:
    """Principles the answers point to that the ratings leave out: a scored answer (``group`` is
    None) or a group named worse off (``group`` is its id), beside no rating of an effect."""

    principles: tuple[int, ...]
    group: str | None = None
    #: the group was also named as better off (mixed): worse off in some ways only
    mixed: bool = False


def _rated_affected(roles: RoleTable, values: Mapping[str, Any], principle: int, scope: set[int]) -> bool:
    """Ticked in the grid and not rated 'no material effect' (a principle not yet rated counts:
    the draft says what is missing)."""
    return principle in scope and roles.value("effect", values, principle) != "neutral"


def unrated(catalogue: Catalogue, values: Mapping[str, Any]) -> list[Unrated]:
    """What the officer's own answers say bears on a principle that they left out of the
    relevance grid or rated 'no material effect': the interview's review and the appendix both
    say so, in words, so a 'Not affected' never stands silently beside a group worse off."""
    roles = catalogue.roles
    if roles.value("route", values) == "none":  # screened out: nothing is rated, by design
        return []
    scope = set(in_scope(roles, values))
    # a checklist without a grid has nothing to tick: its answers' scores are its ratings' only guide
    gridded = roles.value("principles", values) is not None
    out = [
        Unrated((n,))
        for n in PRINCIPLES
        if gridded and n not in scope and signal(catalogue, n, values) in ("negative", "mixed", "positive")
    ]
    worse = list(roles.value("groups_adverse", values) or [])
    better = set(roles.value("groups_positive", values) or [])
    ruled_out = ruled_out_principles(catalogue, values)
    for gid in dict.fromkeys(worse):
        group = catalogue.groups.get(gid)
        bears_on = tuple(n for n in group.principles if n not in ruled_out) if group else ()
        if bears_on and not any(_rated_affected(roles, values, n, scope) for n in bears_on):
            out.append(Unrated(bears_on, gid, mixed=gid in better))
    return out


__all__ = [
    "Harm",
    "Unrated",
    "harms",
    "in_scope",
    "ruled_out_groups",
    "ruled_out_principles",
    "signal",
    "suggest_conclusion",
    "suggest_equity",
    "suggested_groups",
    "ticked",
    "unaddressed",
    "unrated",
]
