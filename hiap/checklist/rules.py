"""The judgement rules over answers, in one place: what counts as harm, when it is answered
for, and which conclusion the ratings point to.

The interview uses them to offer a conclusion and to say what is missing; the assessment uses
them to decide whether a file is complete. The conclusion printed is always the assessor's own
answer: the rule only suggests it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hiap.checklist.roles import RoleTable
from hiap.models.principles import PRINCIPLES, is_adverse, roll_up_impacts

if TYPE_CHECKING:
    from hiap.checklist.catalogue import Catalogue


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


def signal(roles: RoleTable, principle: int, values: Mapping[str, Any]) -> str | None:
    """What the answers that score a principle point to, rolled up; ``None`` when none do."""
    impacts = [option.scores[principle] for _, option in roles.scored(principle, values)]
    return roll_up_impacts(impacts)[0] if impacts else None


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


__all__ = ["Harm", "harms", "in_scope", "signal", "suggest_conclusion", "suggest_equity", "unaddressed"]


def ruled_out_groups(catalogue: Catalogue, values: Mapping[str, Any]) -> set[str]:
    """Groups an answer given says are not affected (an option's ``rules_out``): nothing else an
    officer answered may offer them as pre-ticked."""
    out: set[str] = set()
    for question_id, value in values.items():
        question = catalogue.by_id.get(question_id)
        if question is None or value is None:
            continue
        chosen = {str(v) for v in (value if isinstance(value, list) else [value])}
        for option in question.options:
            if option.value in chosen:
                out.update(option.rules_out)
    return out
