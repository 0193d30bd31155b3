"""The portfolio's figures, and the report built from them in format-neutral blocks.

The Word and Markdown reports walk the same sections, as the assessment document does: a
one-page summary first (conclusions, the eight principles at a glance, what needs attention,
the groups most often harmed), then the detail behind each figure, then the files that could
not be read, so nothing is silently left out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from hiap import __version__
from hiap.answers.values import long_date
from hiap.models.document import Block, Bullets, DocSection, Heading, Paragraph, Table
from hiap.models.principles import CONCLUSIONS, DECISION_KINDS, SCALES, SHORT_LABELS
from hiap.portfolio.collect import Problem
from hiap.portfolio.summary import ActionItem, Summary, as_date
from hiap.wording import RATING_WORDS

#: Reviews falling due within this many days are listed as due.
REVIEW_WINDOW_DAYS = 30
#: The rating columns, in the order the board reads them.
RATING_ORDER = ("positive", "negative", "mixed", "neutral", "uncertain", "not_assessed")
NOT_RECORDED = "Not recorded"


def nice_date(value: dt.date | str | None) -> str:
    if not value:
        return NOT_RECORDED
    return long_date(value)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def kind_words(summary: Summary) -> str:
    return DECISION_KINDS.get(summary.kind or "", summary.kind or NOT_RECORDED)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class ActionRow:
    summary: Summary
    action: ActionItem
    overdue_days: int | None  # days past the due date; None when not overdue


@dataclass(frozen=True)
class ReviewRow:
    summary: Summary
    due: dt.date
    days: int  # negative when the review date has passed


@dataclass
class Portfolio:
    """Every readable assessment and every unreadable file, judged against one date."""

    summaries: list[Summary]
    problems: list[Problem]
    today: dt.date
    sources: list[str] = field(default_factory=list)
    council: str | None = None
    #: the configured evidence source's figures now, to set beside the snapshotted ones (delivered.py)
    evidence_now: dict[Any, Any] = field(default_factory=dict)

    # -- counts ------------------------------------------------------------------------------
    def by_conclusion(self) -> Counter[str]:
        return Counter(s.conclusion_words for s in self.summaries)

    def by_kind(self) -> list[tuple[str, int]]:
        counts = Counter(kind_words(s) for s in self.summaries)
        order = {words: i for i, words in enumerate(DECISION_KINDS.values())}
        return sorted(counts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))

    def by_directorate(self) -> list[tuple[str, int]]:
        """Directorates as officers typed them, counted without regard to case or spacing."""
        spelling: dict[str, str] = {}
        counts: Counter[str] = Counter()
        for s in self.summaries:
            name = " ".join((s.details.get("directorate") or NOT_RECORDED).split())
            key = _key(name)
            spelling.setdefault(key, name)
            counts[key] += 1
        return sorted(((spelling[k], n) for k, n in counts.items()), key=lambda kv: (-kv[1], kv[0].casefold()))

    def principle_counts(self) -> dict[int, Counter[str]]:
        counts: dict[int, Counter[str]] = {n: Counter() for n in SHORT_LABELS}
        for s in self.summaries:
            for r in s.ratings:
                counts[r.principle][r.rating] += 1
        return counts

    def widens(self) -> Counter[int]:
        return Counter(r.principle for s in self.summaries for r in s.ratings if r.equity == "widens")

    def groups(self) -> list[tuple[str, int, int]]:
        """(label, decisions harming or missing the group, decisions benefiting it), most harmed first."""
        adverse: Counter[str] = Counter()
        positive: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for s in self.summaries:
            for g in s.groups:
                labels[g.id] = g.label
                if g.adverse:
                    adverse[g.id] += 1
                if g.direction in ("positive", "both"):
                    positive[g.id] += 1
        rows = [(labels[gid], adverse[gid], positive[gid]) for gid in labels]
        return sorted(rows, key=lambda r: (-r[1], -r[2], r[0].casefold()))

    def actions(self) -> list[ActionRow]:
        """Every action, the overdue first (oldest first), then by due date, undated last."""
        rows = []
        for s in self.summaries:
            for a in s.actions:
                due = as_date(a.due)
                rows.append(ActionRow(s, a, (self.today - due).days if due and due < self.today else None))

        def order(row: ActionRow) -> tuple[int, str, str]:
            due = as_date(row.action.due)
            return (0 if row.overdue_days is not None else 1 if due else 2, str(due or ""), row.summary.title)

        return sorted(rows, key=order)

    def reviews_due(self) -> list[ReviewRow]:
        """Reviews dated before today plus the window, the most overdue first."""
        horizon = self.today + dt.timedelta(days=REVIEW_WINDOW_DAYS)
        rows = []
        for s in self.summaries:
            due = as_date(s.review_date)
            if due is not None and due < horizon:
                rows.append(ReviewRow(s, due, (due - self.today).days))
        return sorted(rows, key=lambda r: (r.due, r.summary.title))

    def unfinished(self) -> list[tuple[Summary, list[str]]]:
        return [(s, gaps) for s in self.summaries if (gaps := s.signoff_gaps())]

    def sort_by_meeting(self) -> list[Summary]:
        return sorted(self.summaries, key=lambda s: (s.meeting_date is None, s.meeting_date or "", s.title.casefold()))

    def repeated(self) -> list[tuple[str, list[str]]]:
        """Decisions found in more than one file (by reference, or by title where there is none).

        A shared folder often keeps earlier versions beside the current one; each file is still
        counted, so the board should know which decisions may be counted more than once.
        """
        files: dict[str, list[Summary]] = {}
        for s in self.summaries:
            files.setdefault(_key(s.details.get("reference") or s.title), []).append(s)
        return sorted(
            ((same[0].title, [s.file for s in same]) for same in files.values() if len(same) > 1),
            key=lambda item: item[0].casefold(),
        )


# -- the report -----------------------------------------------------------------------------


def title(p: Portfolio) -> str:
    council = f" – {p.council}" if p.council else ""
    return f"Health in All Policies assessments: portfolio report{council}"


def _when(row: ReviewRow) -> str:
    if row.days < 0:
        return f"Overdue by {plural(-row.days, 'day')}"
    if row.days == 0:
        return "Due today"
    return f"Due in {plural(row.days, 'day')}"


def _owner(action: ActionItem) -> str:
    return action.owner.strip() if action.owner and action.owner.strip() else "No owner named"


def owners(rows: list[ActionRow]) -> list[tuple[str, int, int, int]]:
    """(owner, overdue, not yet due, no due date) per owner, most overdue first."""
    spelling: dict[str, str] = {}
    counts: dict[str, list[int]] = {}
    for row in rows:
        name = " ".join(_owner(row.action).split())
        key = _key(name)
        spelling.setdefault(key, name)
        tally = counts.setdefault(key, [0, 0, 0])
        tally[0 if row.overdue_days is not None else 1 if as_date(row.action.due) else 2] += 1
    out = [(spelling[k], overdue, pending, undated) for k, (overdue, pending, undated) in counts.items()]
    return sorted(out, key=lambda r: (-r[1], -r[2], r[0].casefold()))


def sections(p: Portfolio) -> list[DocSection]:
    return [
        _summary(p),
        _decisions(p),
        _principles(p),
        _groups(p),
        _actions(p),
        _delivered(p),
        _reviews(p),
        _unfinished(p),
        _problems(p),
        _about(p),
    ]


def _principle_rows(p: Portfolio, with_gap: bool = False) -> tuple[tuple[str, ...], ...]:
    counts = p.principle_counts()
    widens = p.widens()
    return tuple(
        (f"{n}. {label}", *(str(counts[n][r]) for r in RATING_ORDER), *((str(widens[n]),) if with_gap else ()))
        for n, label in SHORT_LABELS.items()
    )


def _summary(p: Portfolio) -> DocSection:
    n, bad = len(p.summaries), len(p.problems)
    intro = (
        f"This report brings together {plural(n, 'Health in All Policies assessment')} of council decisions, "
        f"as at {nice_date(p.today)}. Each decision's ratings are those in its own assessment."
    )
    intro += (
        f" {plural(bad, 'file')} could not be read and {'is' if bad == 1 else 'are'} listed under "
        "'Files that could not be read'."
        if bad
        else " Every file found could be read."
    )
    conclusions = p.by_conclusion()
    actions = p.actions()
    overdue = [a for a in actions if a.overdue_days is not None]
    late_owners = [(o, late) for o, late, *_ in owners(overdue)][:3]
    reviews = p.reviews_due()
    unfinished = p.unfinished()
    attention = [
        f"{plural(len(overdue), 'action')} overdue, of {len(actions)} recorded"
        + (": most with " + ", ".join(f"{o} ({late})" for o, late in late_owners) if late_owners else ""),
        f"{plural(len(reviews), 'review')} due within {REVIEW_WINDOW_DAYS} days or already past",
        f"{plural(len(unfinished), 'assessment')} incomplete or not signed off",
    ]
    if bad:
        attention.append(f"{plural(bad, 'file')} could not be read")
    repeated = p.repeated()
    if repeated:
        attention.append(
            f"{plural(len(repeated), 'decision')} found in more than one file, perhaps as earlier versions "
            "(each file is counted)"
        )
    groups = [g for g in p.groups() if g[1]][:5]
    blocks: list[Block] = [
        Paragraph(text=intro),
        Table(
            caption="Overall conclusions of the assessments",
            header=("Overall conclusion", "Decisions"),
            rows=tuple((words, str(conclusions[key])) for key, words in CONCLUSIONS.items()),
        ),
        Table(
            caption="Ratings of the decisions on each Marmot principle",
            header=("Marmot principle", *(RATING_WORDS[r] for r in RATING_ORDER)),
            rows=_principle_rows(p),
        ),
        Heading(level=1, text="Needs attention"),
        Bullets(items=tuple(attention)),
        Heading(level=1, text="Groups most often adversely affected"),
        Bullets(items=tuple(f"{label}: {plural(count, 'decision')}" for label, count, _ in groups))
        if groups
        else Paragraph(text="No assessment names a group as likely to be adversely affected."),
    ]
    return DocSection(id="summary", title="Summary", blocks=tuple(blocks), after="summary")


def _decisions(p: Portfolio) -> DocSection:
    blocks: list[Block] = [
        Heading(level=1, text="By kind of decision"),
        Table(
            caption="Decisions by kind",
            header=("Kind of decision", "Decisions"),
            rows=tuple((k, str(c)) for k, c in p.by_kind()),
        ),
        Heading(level=1, text="By directorate"),
        Table(
            caption="Decisions by directorate",
            header=("Directorate", "Decisions"),
            rows=tuple((d, str(c)) for d, c in p.by_directorate()),
        ),
    ]
    repeated = p.repeated()
    if repeated:
        blocks += [
            Heading(level=1, text="Decisions in more than one file"),
            Paragraph(
                text="These decisions have the same reference (or, without one, the same title) in more than one "
                "file. Each file is counted in this report; move earlier versions out of the folder if they "
                "should not be."
            ),
            Table(
                caption="Decisions found in more than one file",
                header=("Decision", "Files"),
                rows=tuple((title, "; ".join(found)) for title, found in repeated),
            ),
        ]
    blocks.append(Heading(level=1, text="Every assessment"))
    if p.summaries:
        blocks.append(
            Table(
                caption="Every assessment read, by meeting date",
                header=("Decision", "Kind", "Directorate", "Meeting date", "Overall conclusion", "Status", "Complete"),
                rows=tuple(
                    (
                        s.title,
                        kind_words(s),
                        s.details.get("directorate") or NOT_RECORDED,
                        nice_date(s.meeting_date),
                        s.conclusion_words,
                        s.status,
                        "Yes" if s.complete else "No",
                    )
                    for s in p.sort_by_meeting()
                ),
            )
        )
    else:
        blocks.append(Paragraph(text="No assessment could be read."))
    return DocSection(id="decisions", title="Decisions assessed", blocks=tuple(blocks))


def _principles(p: Portfolio) -> DocSection:
    rows = []
    for number, label in SHORT_LABELS.items():
        for s in p.summaries:
            r = s.rating(number)
            if r.rating in ("negative", "mixed", "uncertain") or r.equity == "widens":
                rows.append(
                    (f"{number}. {label}", s.title, r.words, SCALES["equity"].get(r.equity or "", "Not assessed"))
                )
    blocks: list[Block] = [
        Paragraph(
            text="How many decisions each principle's rating covers. A decision rated positive on average can "
            "still widen the gap between the best- and worst-off, so that is counted too."
        ),
        Table(
            caption="Ratings on each Marmot principle, with decisions that could widen the gap",
            header=("Marmot principle", *(RATING_WORDS[r] for r in RATING_ORDER), "Widens the gap"),
            rows=_principle_rows(p, with_gap=True),
        ),
        Heading(level=1, text="Decisions with adverse or uncertain effects"),
    ]
    if rows:
        blocks.append(
            Table(
                caption="Decisions rated negative, mixed or uncertain, or widening the gap, by principle",
                header=("Marmot principle", "Decision", "Rating", "Effect on the gap"),
                rows=tuple(rows),
            )
        )
    else:
        blocks.append(Paragraph(text="No decision is rated negative, mixed or uncertain on any principle."))
    return DocSection(id="principles", title="Effects on the Marmot principles", blocks=tuple(blocks))


def _groups(p: Portfolio) -> DocSection:
    groups = p.groups()
    blocks: list[Block] = [
        Paragraph(
            text="The population groups each assessment names, or that its answers show to be affected, "
            "counted once per decision."
        )
    ]
    if groups:
        blocks.append(
            Table(
                caption="Population groups by the number of decisions affecting them",
                header=("Population group", "Adversely affected", "Benefit"),
                rows=tuple((label, str(a), str(b)) for label, a, b in groups),
            )
        )
    else:
        blocks.append(Paragraph(text="No assessment names a population group."))
    return DocSection(id="groups", title="Population groups", blocks=tuple(blocks))


def _actions(p: Portfolio) -> DocSection:
    rows = p.actions()
    overdue = [r for r in rows if r.overdue_days is not None]
    pending = [r for r in rows if r.overdue_days is None]
    blocks: list[Block] = [
        Paragraph(
            text=f"{plural(len(rows), 'action')} recorded, {len(overdue)} overdue (due before "
            f"{nice_date(p.today)} and not recorded as done; officers record progress with 'hiap progress')."
        )
    ]
    if not rows:
        return DocSection(id="actions", title="Actions", blocks=tuple(blocks))
    blocks += [
        Heading(level=1, text="By owner"),
        Table(
            caption="Actions by owner",
            header=("Owner", "Overdue", "Not yet due", "No due date"),
            rows=tuple((o, str(a), str(b), str(c)) for o, a, b, c in owners(rows)),
        ),
        Heading(level=1, text="Overdue actions"),
    ]
    if overdue:
        blocks.append(
            Table(
                caption="Overdue actions, the oldest first",
                header=("Decision", "Action", "Owner", "Due", "Days overdue"),
                rows=tuple(
                    (r.summary.title, r.action.action, _owner(r.action), nice_date(r.action.due), str(r.overdue_days))
                    for r in overdue
                ),
            )
        )
    else:
        blocks.append(Paragraph(text="No action is overdue."))
    blocks.append(Heading(level=1, text="Other outstanding actions"))
    if pending:
        blocks.append(
            Table(
                caption="Actions not yet due, by due date",
                header=("Decision", "Action", "Owner", "Due"),
                rows=tuple(
                    (
                        r.summary.title,
                        r.action.action,
                        _owner(r.action),
                        nice_date(r.action.due) if r.action.due else "No date set",
                    )
                    for r in pending
                ),
            )
        )
    else:
        blocks.append(Paragraph(text="Every action recorded is overdue."))
    return DocSection(id="actions", title="Actions", blocks=tuple(blocks))


def _delivered(p: Portfolio) -> DocSection:
    from hiap.portfolio.delivered import section

    return section(p)


def _reviews(p: Portfolio) -> DocSection:
    rows = p.reviews_due()
    undated = [s for s in p.summaries if as_date(s.review_date) is None]
    blocks: list[Block] = [
        Paragraph(
            text="Assessments due for review before "
            f"{nice_date(p.today + dt.timedelta(days=REVIEW_WINDOW_DAYS))} ({REVIEW_WINDOW_DAYS} days from "
            f"{nice_date(p.today)}), including any whose review date has passed. A review compares what happened "
            "with what the assessment expected."
        )
    ]
    if rows:
        blocks.append(
            Table(
                caption="Reviews due, the most overdue first",
                header=("Decision", "Review date", "When", "Assessor"),
                rows=tuple(
                    (r.summary.title, nice_date(r.due), _when(r), r.summary.signoff.get("assessor") or NOT_RECORDED)
                    for r in rows
                ),
            )
        )
    else:
        blocks.append(Paragraph(text="No review is due in that time."))
    if undated:
        blocks.append(
            Paragraph(text=f"{plural(len(undated), 'assessment has', 'assessments have')} no review date set.")
        )
    return DocSection(id="reviews", title="Reviews due", blocks=tuple(blocks))


def _unfinished(p: Portfolio) -> DocSection:
    rows = p.unfinished()
    blocks: list[Block] = [
        Paragraph(
            text="An assessment is ready to rely on when nothing is left to do, it is marked final and an approver "
            "is named, and no answer has changed since it was signed off."
        )
    ]
    if rows:
        blocks.append(
            Table(
                caption="Assessments that are incomplete or not signed off",
                header=("Decision", "Status", "Approver", "What is outstanding"),
                rows=tuple(
                    (s.title, s.status, s.signoff.get("approver") or "None named", "; ".join(gaps).capitalize())
                    for s, gaps in rows
                ),
            )
        )
    else:
        blocks.append(Paragraph(text="Every assessment is complete and signed off."))
    return DocSection(id="unfinished", title="Incomplete or not signed off", blocks=tuple(blocks))


def _problems(p: Portfolio) -> DocSection:
    if not p.problems:
        blocks: tuple[Block, ...] = (Paragraph(text="Every file found could be read."),)
    else:
        blocks = (
            Paragraph(
                text=f"{plural(len(p.problems), 'file')} could not be read, so {'its' if len(p.problems) == 1 else 'their'} "
                "decisions are missing from every figure above. Correct each file (run 'hiap check' on it) and "
                "make the report again."
            ),
            Table(
                caption="Files that could not be read, with the reason",
                header=("File", "Why it could not be read"),
                rows=tuple((x.file, x.reason) for x in p.problems),
            ),
        )
    return DocSection(id="problems", title="Files that could not be read", blocks=blocks)


def _about(p: Portfolio) -> DocSection:
    items = [
        f"Made by hiap {__version__} on {nice_date(p.today)} from the answers files under: "
        + (", ".join(p.sources) if p.sources else "the current folder")
        + ".",
        "Ratings, conclusions, groups and what is left to do are worked out exactly as in each decision's own "
        "assessment document.",
        f"An action is overdue when its due date is before {nice_date(p.today)}.",
        "For analysis, 'hiap portfolio --format csv' and '--db FILE' give the same figures, one row per assessment.",
    ]
    return DocSection(id="about", title="About this report", blocks=(Bullets(items=tuple(items)),))
