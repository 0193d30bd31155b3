"""The findings in the terminal at the end of an interview: what a councillor would read first.

Built from the same ``Assessment`` the document uses, through the prompter's output, so it is a
rich table in a normal terminal and plain labelled lines in screen-reader mode. Ratings are
words (and symbols), never colour alone.
"""

from __future__ import annotations

from hiap.answers.values import long_date
from hiap.interview.prompter import Prompter
from hiap.models.assessment import RATING_SYMBOLS, Assessment
from hiap.models.principles import SCALES, SHORT_LABELS


def show_summary(p: Prompter, a: Assessment, top: int = 3) -> None:
    p.heading(f"Summary: {a.title}")
    p.say(f"Overall conclusion: {a.conclusion_words}.", style="bold")
    if a.conclusion_reason:
        p.say(a.conclusion_reason)
    rows = []
    for score in a.principles:
        gap = SCALES["equity"].get(score.equity, score.equity) if score.equity else ""
        rows.append(
            [
                str(score.principle),
                SHORT_LABELS[score.principle],
                f"{score.words} ({RATING_SYMBOLS[score.rating]})",
                gap or "",
            ]
        )
    p.table("The eight Marmot principles", ["#", "Principle", "Rating", "Effect on the gap"], rows)
    groups = a.adverse_groups
    if groups:
        p.say(
            "Groups most affected: "
            + "; ".join(g.label for g in groups[:5])
            + (f" (and {len(groups) - 5} more)" if len(groups) > 5 else "")
        )
    else:
        p.say("Groups most affected: none identified as adversely affected.")
    actions = a.top_actions(top)
    if actions:
        p.table(
            f"Top actions ({len(a.actions)} in all)",
            ["Action", "Owner", "Due"],
            [[x.action, x.owner or "", _date(x.due)] for x in actions],
        )
    else:
        p.say("Actions: none recorded.")
    if a.missing:
        p.say(f"Still to do ({len(a.missing)}): the document is a draft until these are done.", style="bold")
        for item in a.missing:
            p.say(f"- {item}")
    else:
        p.say("Nothing is missing: the assessment is complete.")


def _date(value: str | None) -> str:
    return long_date(value) if value else ""
