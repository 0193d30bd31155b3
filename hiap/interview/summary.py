"""The findings in the terminal at the end of an interview: what a councillor would read first.

Built from the same ``Assessment`` the document uses, through the prompter's output, so it is a
rich table in a normal terminal and plain labelled lines in screen-reader mode. Ratings are
words (and symbols), never colour alone.
"""

from __future__ import annotations

from hiap import wording
from hiap.answers.values import long_date
from hiap.interview.prompter import Prompter
from hiap.models.assessment import Assessment


def show_summary(p: Prompter, a: Assessment, top: int = 3) -> None:
    p.heading(f"Summary: {a.title}")
    label, text = wording.overall(a)
    p.say(f"{label}: {text}", style="bold")
    if a.screened_out:  # nothing is rated: which principles screening touched, if any
        p.say(
            wording.screened_principles(a.principles_screened)
            if a.principles_screened
            else wording.no_principle_affected()
        )
    rows = []
    for score in [] if a.screened_out else a.principles:
        rows.append(
            [
                wording.principle_short(score.principle),
                f"{wording.effect_words(score.effect, score.relevant)} ({wording.effect_symbol(score.effect, score.relevant)})",
                wording.scale_words("equity", score.equity, ""),
            ]
        )
    if rows:
        p.table("The eight Marmot principles", ["Principle", "Rating", "Effect on the gap"], rows)
    groups = a.adverse_groups
    if groups:
        p.say(
            "Groups most affected: "
            + "; ".join(wording.group_people(g) for g in groups[:5])
            + (f" (and {len(groups) - 5} more)" if len(groups) > 5 else "")
        )
    elif not a.screened_out:
        p.say("Groups most affected: none named as adversely affected.")
    actions = a.top_actions(top)
    if actions:
        p.table(
            f"Top actions ({len(a.actions)} in all)",
            ["Action", "Owner", "Due"],
            [[x.action, x.owner or "", long_date(x.due) if x.due else ""] for x in actions],
        )
    if a.missing:
        p.say(f"Still to do ({len(a.missing)}): the document is a draft until these are done.", style="bold")
        for item in a.missing:
            p.say(f"- {item}")
    else:
        p.say("Nothing is missing: the assessment is complete and ready for review ('hiap review').")
