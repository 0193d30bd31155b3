"""What changed between two versions of an assessment, in words a committee report can use.

A decision that returns to committee needs its report to say what is different since members
last saw it: the decision's details, the overall conclusion, the rating on each principle, the
groups affected, the actions, the review date, the sign-off, and the answers behind them. Both
versions are judged by today's checklists and plugins, so the differences are the officer's
changes, not the software's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from hiap import wording
from hiap.answers.values import display
from hiap.assessment.build import view_of
from hiap.checklist.catalogue import Catalogue
from hiap.models.answers import Answer, AnswersFile
from hiap.models.assessment import Action, Assessment, PrincipleScore
from hiap.models.checklist import Question
from hiap.models.principles import SCALES

Section = Literal[
    "version",
    "decision",
    "conclusion",
    "principles",
    "groups",
    "actions",
    "review",
    "signoff",
    "completeness",
    "evidence",
    "answers",
]

SECTION_TITLES: dict[str, str] = wording.DIFF_SECTIONS
DECISION_LABELS: dict[str, str] = wording.DECISION_LABELS

#: Answers reported in sections of their own, so the answers list does not repeat them.
SHOWN_ELSEWHERE = {"actions", "review_date", "status", "version", "assessor", "reviewer", "approver"}

DIRECTION_WORDS = wording.GROUP_DIRECTION_WORDS


class Change(BaseModel):
    """One difference: where, what, how, and the old and new values in words (and as stored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    section: Section
    what: str
    change: Literal["added", "removed", "changed"]
    old: str | None = None
    new: str | None = None
    id: str | None = None
    detail: str | None = None
    old_value: Any = None
    new_value: Any = None

    @property
    def text(self) -> str:
        return wording.change_line(self.what, self.change, self.old, self.new, self.detail)


shorten = wording.shorten


def _changed(section: Section, what: str, old: str | None, new: str | None, **extra: Any) -> Change | None:
    """A change between two values in words, or None when they are the same."""
    if (old or None) == (new or None):
        return None
    kind: Literal["added", "removed", "changed"] = "added" if not old else "removed" if not new else "changed"
    return Change(section=section, what=what, change=kind, old=old or None, new=new or None, **extra)


def _keep(changes: Iterable[Change | None]) -> list[Change]:
    return [c for c in changes if c is not None]


principle_label = wording.principle_label


def rating_words(score: PrincipleScore) -> str:
    """The document's words for a rating."""
    return wording.effect_words(score.effect, score.relevant)


def _date_words(value: str | None) -> str | None:
    from hiap.answers.values import long_date

    return long_date(value) if value else None


def answer_words(question: Question | None, value: Any, catalogue: Catalogue) -> str:
    if question is None:
        return str(value)
    if question.type == "records" and isinstance(value, list):
        return "; ".join(", ".join(str(v) for v in row.values()) for row in value) or "None"
    return display(question, value, catalogue.options(question))


# -- the sections ---------------------------------------------------------------------------------


def _decision(old: Assessment, new: Assessment) -> list[Change]:
    fields = list(DECISION_LABELS) + [f for f in {**old.decision, **new.decision} if f not in DECISION_LABELS]
    return _keep(
        _changed(
            "decision",
            DECISION_LABELS.get(f, f.replace("_", " ").capitalize()),
            old.decision.get(f),
            new.decision.get(f),
            id=f"decision.{f}",
            old_value=old.decision_values.get(f),
            new_value=new.decision_values.get(f),
        )
        for f in fields
    )


def _conclusion(old: Assessment, new: Assessment) -> list[Change]:
    return _keep(
        [
            _changed(
                "conclusion",
                "Overall conclusion",
                wording.overall(old)[1],
                wording.overall(new)[1],
                old_value=old.conclusion,
                new_value=new.conclusion,
            )
        ]
    )


def _principles(old: Assessment, new: Assessment) -> list[Change]:
    out: list[Change] = []
    for before, after in zip(old.principles, new.principles, strict=True):
        label = principle_label(after.principle)
        out += _keep(
            [
                _changed(
                    "principles",
                    label,
                    rating_words(before),
                    rating_words(after),
                    id=str(after.principle),
                    old_value={"effect": before.effect, "relevant": before.relevant},
                    new_value={"effect": after.effect, "relevant": after.relevant},
                ),
                _changed(
                    "principles",
                    wording.gap_label(after.principle),
                    SCALES["equity"].get(before.equity or "", before.equity),
                    SCALES["equity"].get(after.equity or "", after.equity),
                    id=str(after.principle),
                    old_value=before.equity,
                    new_value=after.equity,
                ),
            ]
        )
    return out


def _groups(old: Assessment, new: Assessment) -> list[Change]:
    before = {g.id: g for g in old.groups}
    after = {g.id: g for g in new.groups}
    out = []
    for gid in dict.fromkeys([*after, *before]):
        was, now = before.get(gid), after.get(gid)
        old_dir, new_dir = (was.direction if was else None), (now.direction if now else None)
        if old_dir == new_dir:
            continue
        shown = now if now is not None else was
        label = shown.people[:1].upper() + shown.people[1:] if shown is not None else gid
        out.append(
            Change(
                section="groups",
                what=label,
                change="added" if was is None else "removed" if now is None else "changed",
                old=DIRECTION_WORDS[old_dir] if was is not None else None,
                new=DIRECTION_WORDS[new_dir] if now is not None else None,
                id=gid,
                old_value=old_dir,
                new_value=new_dir,
            )
        )
    return out


_action_words = wording.action_words


def _actions(old: Assessment, new: Assessment) -> list[Change]:
    def key(a: Action) -> str:
        return " ".join(a.action.split()).casefold()

    before = {key(a): a for a in old.actions}
    after = {key(a): a for a in new.actions}
    out: list[Change] = []
    for k, a in after.items():
        if k not in before:
            out.append(
                Change(section="actions", what="Action", change="added", new=_action_words(a), new_value=a.model_dump())
            )
            continue
        b = before[k]
        out += _keep(
            [
                _changed(
                    "actions",
                    wording.action_field_label(a.action, "owner"),
                    b.owner,
                    a.owner,
                    old_value=b.owner,
                    new_value=a.owner,
                ),
                _changed(
                    "actions",
                    wording.action_field_label(a.action, "due"),
                    _date_words(b.due),
                    _date_words(a.due),
                    old_value=b.due,
                    new_value=a.due,
                ),
                _changed(
                    "actions",
                    wording.action_field_label(a.action, "indicator"),
                    b.indicator,
                    a.indicator,
                    old_value=b.indicator,
                    new_value=a.indicator,
                ),
            ]
        )
    for k, b in before.items():
        if k not in after:
            out.append(
                Change(
                    section="actions", what="Action", change="removed", old=_action_words(b), old_value=b.model_dump()
                )
            )
    return out


def _review(old: Assessment, new: Assessment) -> list[Change]:
    return _keep(
        [
            _changed(
                "review",
                "Review date",
                _date_words(old.review_date),
                _date_words(new.review_date),
                old_value=old.review_date,
                new_value=new.review_date,
            )
        ]
    )


def _signoff(old: Assessment, new: Assessment) -> list[Change]:
    roles = (("reviewer", "Reviewer"), ("approver", "Approver"))
    return _keep(
        [
            _changed("signoff", "Status", wording.assessment_status(old), wording.assessment_status(new)),
            *(_changed("signoff", label, old.signoff.get(role), new.signoff.get(role)) for role, label in roles),
        ]
    )


def _completeness(old: Assessment, new: Assessment) -> list[Change]:
    return _keep(
        [
            _changed(
                "completeness",
                "Complete",
                wording.completeness_words(old),
                wording.completeness_words(new),
                old_value=len(old.missing),
                new_value=len(new.missing),
            )
        ]
    )


def _answers(old: AnswersFile, new: AnswersFile, catalogue: Catalogue) -> list[Change]:
    """Answers that count (their questions apply), in checklist order, then any for questions no
    installed checklist has (a plugin not installed here), by id."""
    old_view, new_view = view_of(old, catalogue), view_of(new, catalogue)
    old_flat, new_flat = old.flat(), new.flat()
    out: list[Change] = []

    def one(qid: str, question: Question | None, before: Answer | None, after: Answer | None) -> None:
        what = question.text if question is not None else qid
        if before is None and after is None:
            return
        if before is None or after is None:
            present = after if after is not None else before
            assert present is not None
            words = answer_words(question, present.value, catalogue)
            stored = (new_flat if after is None else old_flat).get(qid)
            detail = None
            if stored is not None and stored.value is not None:
                detail = "no longer asked" if after is None else "now asked"
            out.append(
                Change(
                    section="answers",
                    what=what,
                    id=qid,
                    change="added" if before is None else "removed",
                    old=None if before is None else words,
                    new=None if after is None else words,
                    detail=detail,
                    old_value=None if before is None else before.value,
                    new_value=None if after is None else after.value,
                )
            )
            return
        if before.value != after.value or type(before.value) is not type(after.value):
            out.append(
                Change(
                    section="answers",
                    what=what,
                    id=qid,
                    change="changed",
                    old=answer_words(question, before.value, catalogue),
                    new=answer_words(question, after.value, catalogue),
                    old_value=before.value,
                    new_value=after.value,
                )
            )
        if (before.note or None) != (after.note or None):
            change = _changed("answers", wording.note_label(what), before.note, after.note, id=qid)
            if change is not None:
                out.append(change)
        if list(before.sources) != list(after.sources):
            change = _changed(
                "answers",
                wording.evidence_label(what),
                "; ".join(before.sources) or None,
                "; ".join(after.sources) or None,
                id=qid,
            )
            if change is not None:
                out.append(change)

    def counted(view_values: dict[str, Any], flat: dict[str, Answer], qid: str) -> Answer | None:
        return flat.get(qid) if qid in view_values else None

    for question in catalogue.questions:
        if question.id.startswith("decision.") or question.role in SHOWN_ELSEWHERE:
            continue
        one(
            question.id,
            question,
            counted(old_view.values, old_flat, question.id),
            counted(new_view.values, new_flat, question.id),
        )
    unknown = sorted({*old.answers, *new.answers} - set(catalogue.by_id))
    for qid in unknown:
        before, after = old.answers.get(qid), new.answers.get(qid)
        one(
            qid,
            None,
            before if before and before.value is not None else None,
            after if after and after.value is not None else None,
        )
    return out


#: Beyond this many local figures added or removed at once (a first snapshot brings a dozen or
#: more), they are one line naming them, not a line each
_MANY = 5


def _evidence(old: Assessment, new: Assessment) -> list[Change]:
    """The local figures the documents print and the services cited as partners: a snapshot taken
    or refreshed changes the appendix, so the report says so."""
    out: list[Change] = []
    for what, before, after in (
        (wording.LOCAL_FIGURE, old.evidence, new.evidence),
        (wording.CITED_SERVICE, old.partners, new.partners),
    ):
        was = {(e.label, e.area, e.breakdown, e.indicator_id): e for e in before}
        now = {(e.label, e.area, e.breakdown, e.indicator_id): e for e in after}
        added = [now[k] for k in now if k not in was]
        removed = [was[k] for k in was if k not in now]
        changes: tuple[tuple[Literal["added", "removed"], list[Any]], ...] = (("added", added), ("removed", removed))
        for change, items in changes:
            if len(items) > _MANY:  # one line naming them all
                names = "; ".join(dict.fromkeys(e.label for e in items))
                lines = [(what + "s", f"{len(items)} ({names})")]
            else:
                lines = [(what, wording.evidence_item_words(e)) for e in items]
            out += [
                Change(
                    section="evidence",
                    what=label,
                    change=change,
                    old=words if change == "removed" else None,
                    new=words if change == "added" else None,
                )
                for label, words in lines
            ]
        for key in [k for k in now if k in was]:
            change_ = _changed(
                "evidence",
                f"{what}: {key[0]}",
                wording.evidence_item_words(was[key], named=False),
                wording.evidence_item_words(now[key], named=False),
            )
            if change_ is not None:
                out.append(change_)
    return out


def compare(
    old: AnswersFile, new: AnswersFile, old_assessment: Assessment, new_assessment: Assessment, catalogue: Catalogue
) -> list[Change]:
    """Every difference, in the order a committee report gives them: the decision, the findings,
    what happens next, the sign-off, then the answers behind it all."""
    return [
        *_version(old, new),
        *_decision(old_assessment, new_assessment),
        *_conclusion(old_assessment, new_assessment),
        *_principles(old_assessment, new_assessment),
        *_groups(old_assessment, new_assessment),
        *_actions(old_assessment, new_assessment),
        *_review(old_assessment, new_assessment),
        *_signoff(old_assessment, new_assessment),
        *_completeness(old_assessment, new_assessment),
        *_evidence(old_assessment, new_assessment),
        *_answers(old, new, catalogue),
    ]


def _version(old: AnswersFile, new: AnswersFile) -> list[Change]:
    """Which version each file is, and why the later one was started (its ``revised`` event)."""
    from hiap.answers.audit import last_event
    from hiap.answers.versions import version_number

    before, after = version_number(old), version_number(new)
    revised = last_event(new, "revised") if after > before else None
    detail = None
    if revised is not None:
        event = revised[1]
        detail = wording.revision_words(_date_words(event.at[:10]), event.by, event.note)
    return _keep(
        [_changed("version", "Version", str(before), str(after), old_value=before, new_value=after, detail=detail)]
    )


def to_text(changes: list[Change], *, title: str, old_name: str, new_name: str) -> str:
    """Headed lists, ready to paste into a report (it is also valid Markdown)."""
    if not changes:
        return wording.NO_DIFFERENCES + "\n"
    lines = [*wording.diff_heading(title, old_name, new_name), ""]
    for section, heading in SECTION_TITLES.items():
        items = [c for c in changes if c.section == section]
        if not items:
            continue
        lines += [heading, *(f"- {c.text}" for c in items), ""]
    return "\n".join([*lines, wording.difference_count(len(changes))]) + "\n"


def to_json(changes: list[Change], *, title: str, old_name: str, new_name: str) -> dict[str, Any]:
    return {
        "old": old_name,
        "new": new_name,
        "title": title,
        "identical": not changes,
        "changes": [{**c.model_dump(), "text": c.text} for c in changes],
    }
