"""The eight Marmot principles and the fixed rating scales, shared by every stage.

Titles follow the wording of the UCL Institute of Health Equity's Marmot Places page.
Every scale value has a text label so a rating never depends on colour alone.
"""

from __future__ import annotations

from typing import Final

PRINCIPLES: Final[dict[int, str]] = {
    1: "Give every child the best start in life",
    2: "Enable all children, young people and adults to maximise their capabilities and have control over their lives",
    3: "Create fair employment and good work for all",
    4: "Ensure a healthy standard of living for all",
    5: "Create and develop healthy and sustainable places and communities",
    6: "Strengthen the role and impact of ill health prevention",
    7: "Tackle racism, discrimination and their outcomes",
    8: "Pursue environmental sustainability and health equity together",
}

SHORT_LABELS: Final[dict[int, str]] = {
    1: "Best start in life",
    2: "Capabilities and control",
    3: "Fair employment and good work",
    4: "Healthy standard of living",
    5: "Healthy and sustainable places",
    6: "Ill health prevention",
    7: "Racism and discrimination",
    8: "Sustainability and health equity",
}

#: How each principle reads inside a sentence ("a positive effect on ..."), for the paragraph
#: report authors paste into the covering report.
TOPICS: Final[dict[int, str]] = {
    1: "children's start in life",
    2: "people's skills and control over their lives",
    3: "fair employment and good work",
    4: "people's standard of living",
    5: "healthy and sustainable places and communities",
    6: "the prevention of ill health",
    7: "tackling racism and discrimination",
    8: "environmental sustainability and health equity",
}

#: Named option sets for ``type: rating`` questions: value -> label.
SCALES: Final[dict[str, dict[str, str]]] = {
    "impact": {
        "major_positive": "Major positive",
        "minor_positive": "Minor positive",
        "neutral": "Neutral or no material effect",
        "minor_negative": "Minor negative",
        "major_negative": "Major negative",
        "mixed": "Mixed (positive for some, negative for others)",
        "uncertain": "Uncertain (cannot judge yet)",
    },
    "equity": {
        "narrows": "Narrows the gap",
        "no_change": "No change to the gap",
        "widens": "Widens the gap",
        "unknown": "Not known",
    },
    "likelihood": {
        "definite": "Definite",
        "probable": "Probable",
        "possible": "Possible",
        "unlikely": "Unlikely",
    },
    "timing": {
        "short": "Short term (under a year)",
        "medium": "Medium term (1 to 5 years)",
        "long": "Long term (over 5 years)",
    },
    "confidence": {
        "high": "High (local data, review-level evidence and engagement agree)",
        "medium": "Medium",
        "low": "Low (assumption or a single source)",
    },
    #: what harm remains once the mitigation is in place (a justification is asked only where some does)
    "residual": {
        "none": "None: the mitigation removes it",
        "minor": "Some minor harm remains",
        "major": "Major harm remains",
    },
    "conclusion": {
        "no_major_change": "No major change needed",
        "adjust": "Adjust the decision",
        "continue_with_justification": "Continue with justification",
        "stop": "Stop and rethink",
    },
}

IMPACT_VALUES: Final = tuple(SCALES["impact"])

#: Ratings of record that count as harm: they need a mitigation or a justification.
ADVERSE_EFFECTS: Final = ("minor_negative", "major_negative", "mixed")


def is_adverse(effect: str | None, equity: str | None = None) -> bool:
    """Harm that needs answering for: a negative or mixed effect, or a widening gap.

    Takes an impact value (``minor_negative``) or a roll-up rating (``negative``); the one test
    the interview, the completeness check and the documents share."""
    return effect in ADVERSE_EFFECTS or effect in ("negative", "mixed") or equity == "widens"


#: Direction and size of an impact value, used to roll contributions up.
IMPACT_DIRECTION: Final[dict[str, tuple[str, int]]] = {
    "major_positive": ("positive", 2),
    "minor_positive": ("positive", 1),
    "neutral": ("neutral", 0),
    "minor_negative": ("negative", 1),
    "major_negative": ("negative", 2),
    "mixed": ("mixed", 1),
    "uncertain": ("uncertain", 0),
}

#: The overall conclusion, in the four classes councils' equality assessments already use.
CONCLUSIONS: Final[dict[str, str]] = SCALES["conclusion"]

DECISION_KINDS: Final[dict[str, str]] = {
    "policy": "Policy",
    "strategy": "Strategy or plan",
    "commissioning": "Commissioning or procurement",
    "service_change": "Service change",
    "budget": "Budget or savings proposal",
    "capital": "Capital project",
    "planning": "Planning (policy or major application)",
}


def roll_up_impacts(impacts: list[str]) -> tuple[str, str | None]:
    """The most severe credible finding among impact values, with its size.

    Positive and negative together make "mixed"; "uncertain" counts only when nothing firmer
    was found; no values at all is "not_assessed".
    """
    sizes: dict[str, int] = {}
    for impact in impacts:
        direction, size = IMPACT_DIRECTION[impact]
        sizes[direction] = max(sizes.get(direction, 0), size)
    if ("positive" in sizes and "negative" in sizes) or "mixed" in sizes:
        biggest = max(sizes.get("positive", 0), sizes.get("negative", 0), sizes.get("mixed", 0))
        return "mixed", "major" if biggest >= 2 else "minor"
    if "negative" in sizes:
        return "negative", "major" if sizes["negative"] >= 2 else "minor"
    if "positive" in sizes:
        return "positive", "major" if sizes["positive"] >= 2 else "minor"
    if "uncertain" in sizes:
        return "uncertain", None
    if "neutral" in sizes:
        return "neutral", None
    return "not_assessed", None


#: Derived values a ``when`` condition may read: ``signals.p4`` is what the answers given so far
#: (options with ``scores``) suggest for principle 4, so a checklist can ask for a mitigation
#: when sector answers point to harm even if the assessor's own rating does not.
SIGNAL_VALUES: Final = ("positive", "negative", "mixed", "neutral", "uncertain")
