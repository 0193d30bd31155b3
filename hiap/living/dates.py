"""Dates already past in an assessment, for ``hiap check`` to warn about (exit 0).

A draft whose decision date has passed (due regard must be paid before the decision), an action
not recorded as done after its due date, a review date gone by.
"""

from __future__ import annotations

import datetime as dt

from hiap import wording
from hiap.answers import audit
from hiap.answers.promises import as_date, promises
from hiap.answers.values import long_date
from hiap.checklist import rules
from hiap.checklist.catalogue import Catalogue
from hiap.checklist.route import route
from hiap.models.answers import AnswersFile


def date_warnings(answers: AnswersFile, catalogue: Catalogue, today: dt.date | None = None) -> list[str]:
    """Dates already past that someone should act on: a draft's meeting date (the assessment
    should be finished before the decision), an action not recorded as done, the review date."""
    today = today or dt.date.today()
    now = route(catalogue, answers.values())
    out: list[str] = []
    incomplete = any(q.asked_in == "assess" for q in now.missing) or bool(
        rules.unaddressed(catalogue.roles, now.values)
    )
    signed = audit.last_event(answers, "signed_off") is not None and not audit.changed_after_signoff(answers)
    draft = incomplete and not signed
    meeting = as_date(catalogue.roles.value("meeting_date", now.values))
    if draft and meeting is not None and meeting < today:
        out.append(
            f"the decision was due to be taken on {long_date(meeting)}, but the assessment is still a draft: "
            "finish it before the decision, or correct the date"
        )
    for promise in promises(answers, catalogue, now.values):
        due = as_date(promise.due)
        if promise.done or due is None or due >= today or promise.item == "indicator":
            continue
        if promise.item == "review":
            out.append(
                f"the review date, {long_date(due)}, has passed: review the assessment, and record it with "
                "'hiap progress FILE review --done' or start a new version with 'hiap revise'"
            )
        else:
            out.append(
                f"{wording.promise_words(promise).split(':')[0].lower()} ('{wording.shorten(promise.text, 60)}') "
                f"was due on {long_date(due)} and is not recorded as done ('hiap progress' records it)"
            )
    return out


__all__ = ["date_warnings"]
