"""The portfolio's figures, and the board's report built from them in format-neutral blocks.

The Word and Markdown reports walk the same sections, as the assessment document does: a
one-page summary first (where the decisions stand, the eight principles at a glance, what needs
attention by name, the people most often worse off), then the detail behind each figure, then
earlier versions and files that could not be read, so nothing is silently left out.

Each decision is counted once, at its latest version (``hiap.portfolio.versions``). The figures
about findings (conclusions, ratings, groups, actions, reviews) count complete assessments only:
a draft reaches no conclusion, so drafts are counted and listed apart, never under a conclusion.
The report is for a board: it names decisions, never files, folders or commands.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hiap.answers.values import long_date
from hiap.models.document import Block, Bullets, DocSection, Heading, Paragraph, Table
from hiap.models.principles import CONCLUSIONS, SCALES, SHORT_LABELS
from hiap.portfolio.collect import Problem
from hiap.portfolio.summary import ActionItem, Summary, as_date
from hiap.portfolio.versions import RULE, Superseded
from hiap.wording import NOT_ASSESSED, listing, plural

#: Reviews falling due within this many days are listed as due.
REVIEW_WINDOW_DAYS = 30
#: "Needs attention" names up to this many decisions per line, then says how many more.
NAMED = 5
NOT_RECORDED = "Not recorded"

#: The columns of the principles table: the assessor's ratings, grouped for a board.
EFFECT_COLUMNS: dict[str, tuple[str, ...]] = {
    "Positive": ("major_positive", "minor_positive"),
    "Negative": ("major_negative", "minor_negative"),
    "Mixed": ("mixed",),
    "No material effect": ("neutral",),
    "Uncertain": ("uncertain",),
}
#: Counted within "Negative" and said beside it: "3 (1 major)".
MAJOR = "major_negative"


def nice_date(value: dt.date | str | None) -> str:
    if not value:
        return NOT_RECORDED
    return long_date(value)


def kind_words(summary: Summary) -> str:
    return summary.kind or NOT_RECORDED


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


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
    """The latest version of each decision, earlier versions and unreadable files, on one date."""

    #: the latest version of each decision (drafts included), in the files' order
    summaries: list[Summary]
    problems: list[Problem]
    today: dt.date
    sources: list[str] = field(default_factory=list)
    council: str | None = None
    #: earlier versions, each with the version counted in its place
    superseded: list[Superseded] = field(default_factory=list)
    #: the configured evidence source's figures now, to set beside the snapshotted ones (delivered.py)
    evidence_now: dict[Any, Any] = field(default_factory=dict)

    # -- who is counted ------------------------------------------------------------------------
    @property
    def complete(self) -> list[Summary]:
        return [s for s in self.summaries if s.complete]

    @property
    def drafts(self) -> list[Summary]:
        return [s for s in self.summaries if s.draft]

    # -- counts ------------------------------------------------------------------------------
    def by_conclusion(self) -> Counter[str]:
        """Conclusions reached, by code; 'screened_out' for decisions screened out. Drafts are not here."""
        return Counter("screened_out" if s.screened_out else (s.reached or "not_given") for s in self.complete)

    def by_kind(self) -> list[tuple[str, int]]:
        """Decisions by kind; a decision of two kinds is counted under each."""
        counts: Counter[str] = Counter()
        for s in self.summaries:
            for kind in s.kinds or (NOT_RECORDED,):
                counts[kind] += 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))

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
        """Per principle, complete assessments by the assessor's rating (the table's columns)."""
        column = {effect: name for name, effects in EFFECT_COLUMNS.items() for effect in effects}
        counts: dict[int, Counter[str]] = {n: Counter() for n in SHORT_LABELS}
        for s in self.complete:
            for r in s.ratings:
                counts[r.principle][column.get(r.effect or "", NOT_ASSESSED) if r.relevant else NOT_ASSESSED] += 1
                if r.relevant and r.effect == MAJOR:
                    counts[r.principle][MAJOR] += 1
        return counts

    def widens(self) -> Counter[int]:
        return Counter(r.principle for s in self.complete for r in s.ratings if r.widens)

    def groups(self) -> list[tuple[str, int, int, int]]:
        """(people, decisions leaving them worse off, mixed, better off), most harmed first. The
        assessor's "mixed" is counted apart, as each decision's own document words it."""
        worse: Counter[str] = Counter()
        mixed: Counter[str] = Counter()
        better: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for s in self.complete:
            for g in s.groups:
                labels[g.id] = _capital(g.label)
                if g.worse_off:
                    worse[g.id] += 1
                elif g.mixed:
                    mixed[g.id] += 1
                else:
                    better[g.id] += 1
        rows = [(labels[gid], worse[gid], mixed[gid], better[gid]) for gid in labels]
        return sorted(rows, key=lambda r: (-r[1], -r[2], -r[3], r[0].casefold()))

    def actions(self) -> list[ActionRow]:
        """Every action of a complete assessment, the overdue first (oldest first), then by due date."""
        rows = []
        for s in self.complete:
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
        for s in self.complete:
            due = as_date(s.review_date)
            if due is not None and due < horizon:
                rows.append(ReviewRow(s, due, (due - self.today).days))
        return sorted(rows, key=lambda r: (r.due, r.summary.title))

    def unfinished(self) -> list[tuple[Summary, list[str]]]:
        return [(s, gaps) for s in self.summaries if (gaps := s.signoff_gaps())]

    def sort_by_meeting(self, summaries: Sequence[Summary] | None = None) -> list[Summary]:
        return sorted(
            self.summaries if summaries is None else summaries,
            key=lambda s: (s.meeting_date is None, s.meeting_date or "", s.title.casefold()),
        )


# -- the report -----------------------------------------------------------------------------


def title(p: Portfolio) -> str:
    return "Health in All Policies assessments: portfolio report"


def subtitle(p: Portfolio) -> str:
    return ", ".join(x for x in (p.council, f"as at {nice_date(p.today)}") if x)


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
        _superseded(p),
        _problems(p),
        _about(p),
    ]


def _principle_rows(p: Portfolio) -> tuple[tuple[str, ...], ...]:
    counts = p.principle_counts()
    columns = [*EFFECT_COLUMNS, NOT_ASSESSED]

    def cell(n: int, column: str) -> str:
        major = counts[n][MAJOR] if column == "Negative" else 0
        return f"{counts[n][column]}" + (f" ({major} major)" if major else "")

    return tuple((f"{n}. {label}", *(cell(n, c) for c in columns)) for n, label in SHORT_LABELS.items())


def _names(items: Sequence[str]) -> str:
    """Up to ``NAMED`` names, then how many more."""
    shown = list(items[:NAMED])
    if len(items) > NAMED:
        shown.append(plural(len(items) - NAMED, "other"))
    return listing(shown)


def attention(p: Portfolio) -> list[tuple[str, str]]:
    """(decision, what needs attention), the most urgent first: overdue actions (the longest
    overdue first), then reviews due or past, then drafts, then assessments awaiting approval."""
    urgency: dict[str, tuple[int, int]] = {}
    said: dict[str, list[str]] = {}
    titles: dict[str, str] = {}

    def note(s: Summary, rank: int, days: int, text: str) -> None:
        titles[s.file] = s.title
        said.setdefault(s.file, []).append(text)
        urgency[s.file] = min(urgency.get(s.file, (9, 0)), (rank, -days))

    overdue: dict[str, list[ActionRow]] = {}
    for row in p.actions():
        if row.overdue_days is not None:
            overdue.setdefault(row.summary.file, []).append(row)
    for rows in overdue.values():
        oldest = max(r.overdue_days or 0 for r in rows)
        note(
            rows[0].summary, 0, oldest, f"{plural(len(rows), 'action')} overdue, the oldest by {plural(oldest, 'day')}"
        )
    for review in p.reviews_due():
        note(review.summary, 1, -review.days, f"review {_when(review).lower()}")
    for s in p.drafts:
        note(s, 2, len(s.missing), s.conclusion_words)
    for s in p.summaries:
        if s.changed_after_signoff:
            note(s, 3, 0, "reopened after sign-off")
        elif s.complete and not s.final:
            note(s, 3, 0, "not yet approved")
    order = sorted(said, key=lambda f: (urgency[f], titles[f].casefold()))
    return [(titles[f], _capital("; ".join(said[f]))) for f in order]


def summary_variants(p: Portfolio) -> list[DocSection]:
    """Page 1, fullest first: the writer takes the first that fits one page in the template."""
    return [_summary(p, named) for named in (NAMED, 3, 1)]


def _summary(p: Portfolio, named: int = NAMED) -> DocSection:
    n, drafts, earlier = len(p.summaries), len(p.drafts), len(p.superseded)
    intro = (
        f"{plural(n, 'council decision')} assessed for Health in All Policies, each counted once, at its latest "
        "version"
        + (f" ({plural(earlier, 'earlier version')} not counted)" if earlier else "")
        + f". The figures count the {plural(n - drafts, 'complete assessment')}; "
        f"{plural(drafts, 'draft')}, which reach no conclusion until complete, "
        f"{'is' if drafts == 1 else 'are'} listed apart."
    )
    conclusions = p.by_conclusion()
    rows = [(words, str(conclusions[code])) for code, words in CONCLUSIONS.items()]
    rows.append(("Screened out: no further assessment", str(conclusions["screened_out"])))
    if conclusions["not_given"]:
        rows.append(("Complete, conclusion not given", str(conclusions["not_given"])))
    groups = [g for g in p.groups() if g[1] or g[2]][:5]
    needs = attention(p)
    blocks: list[Block] = [
        Paragraph(text=intro),
        Table(caption="Conclusions of the complete assessments", header=("Conclusion", "Decisions"), rows=tuple(rows)),
        Table(
            caption="The assessors' ratings on each Marmot principle (complete assessments)",
            header=("Marmot principle", *EFFECT_COLUMNS, NOT_ASSESSED),
            rows=_principle_rows(p),
        ),
        Heading(level=1, text="Needs attention"),
    ]
    if needs:
        blocks.append(
            Table(
                caption="Decisions that need attention, the most urgent first",
                header=("Decision", "What needs attention"),
                rows=tuple(needs[:named]),
            )
        )
        if len(needs) > named:
            blocks.append(
                Paragraph(
                    text=f"And {plural(len(needs) - named, 'more decision')}: see Actions, Reviews due and "
                    "Drafts and assessments not yet approved."
                )
            )
    else:
        blocks.append(Paragraph(text="Nothing: every assessment is complete and approved, and nothing is overdue."))
    if p.problems:
        blocks.append(Paragraph(text=f"{plural(len(p.problems), 'file')} could not be read (listed at the end)."))
    blocks += [
        Heading(level=1, text="People most often worse off"),
        Paragraph(
            text=_capital(
                listing(
                    [
                        f"{label[:1].lower()}{label[1:]} ({_worse_and_mixed(worse, mixed)})"
                        for label, worse, mixed, _ in groups
                    ]
                )
            )
            + "."
            if groups
            else "No complete assessment names a group of people as likely to be worse off."
        ),
    ]
    return DocSection(id="summary", title="Summary", blocks=tuple(blocks), after="summary")


def _worse_and_mixed(worse: int, mixed: int) -> str:
    """ "2 decisions", "1 decision; mixed in 1", "mixed in 1 decision"."""
    if not worse:
        return f"mixed in {plural(mixed, 'decision')}"
    return plural(worse, "decision") + (f"; mixed in {mixed}" if mixed else "")


def _decisions(p: Portfolio) -> DocSection:
    blocks: list[Block] = []
    if p.summaries:
        blocks.append(
            Table(
                caption="Every decision, by meeting date",
                header=("Decision", "Kind", "Directorate", "Meeting date", "Conclusion", "Status"),
                rows=tuple(
                    (
                        s.title,
                        kind_words(s),
                        s.details.get("directorate") or NOT_RECORDED,
                        nice_date(s.meeting_date),
                        s.conclusion_words,
                        s.status,
                    )
                    for s in p.sort_by_meeting()
                ),
            )
        )
    else:
        blocks.append(Paragraph(text="No assessment could be read."))
    blocks += [
        Heading(level=1, text="By kind of decision"),
        Paragraph(text="A decision of more than one kind is counted under each."),
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
    return DocSection(id="decisions", title="Decisions assessed", blocks=tuple(blocks))


def _gap_words(r: Any) -> str:
    """The effect on the gap as the assessor rated it, or (not rated, as in a rapid assessment)
    what their answer on the gradient points to, said as such."""
    if r.equity:
        return SCALES["equity"].get(r.equity, r.equity)
    if r.gap_pointed:
        return f"{SCALES['equity'].get(r.gap_pointed, r.gap_pointed)} (as the screening answer on the gradient points)"
    return NOT_ASSESSED


def _principles(p: Portfolio) -> DocSection:
    rows = []
    for number, label in SHORT_LABELS.items():
        for s in p.complete:
            r = s.rating(number)
            if r.effect in ("minor_negative", "major_negative", "mixed", "uncertain") or r.widens:
                rows.append((f"{number}. {label}", s.title, r.words, _gap_words(r)))
    widens = p.widens()
    counted = [f"{n}. {SHORT_LABELS[n]} ({plural(widens[n], 'decision')})" for n in SHORT_LABELS if widens[n]]
    blocks: list[Block] = [
        Paragraph(
            text="The summary's table gives the ratings on each principle. A decision rated positive on average "
            "can still widen the gap between the best- and worst-off, so each decision that could widen it "
            "is listed here too: where the assessor rated the gap (a full assessment), as rated; otherwise as "
            "their screening answer on who feels the effects most points."
        ),
        Paragraph(
            text="Could widen the gap: " + (listing(counted) + "." if counted else "no decision on any principle.")
        ),
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
        blocks.append(Paragraph(text="No complete assessment rates a principle negative, mixed or uncertain."))
    return DocSection(id="principles", title="Effects on the Marmot principles", blocks=tuple(blocks))


def _groups(p: Portfolio) -> DocSection:
    groups = p.groups()
    blocks: list[Block] = [
        Paragraph(
            text="The groups of people the assessors named in complete assessments, counted once per decision. "
            "Mixed means better off in some ways and worse off in others."
        )
    ]
    if groups:
        blocks.append(
            Table(
                caption="People by the number of decisions affecting them",
                header=("People", "Worse off", "Mixed", "Better off"),
                rows=tuple((label, str(w), str(m), str(b)) for label, w, m, b in groups),
            )
        )
    else:
        blocks.append(Paragraph(text="No complete assessment names a group of people."))
    return DocSection(id="groups", title="People affected", blocks=tuple(blocks))


def _actions(p: Portfolio) -> DocSection:
    rows = p.actions()
    overdue = [r for r in rows if r.overdue_days is not None]
    pending = [r for r in rows if r.overdue_days is None]
    blocks: list[Block] = [
        Paragraph(
            text=f"{plural(len(rows), 'action')} in complete assessments, {len(overdue)} overdue (due before "
            f"{nice_date(p.today)} and not recorded as done)."
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
    if pending:
        # each decision's actions are listed once, with their status, under Promised and delivered
        blocks.append(
            Paragraph(
                text=f"The other {plural(len(pending), 'action')}, not yet due, "
                f"{'is' if len(pending) == 1 else 'are'} listed under each decision in Promised and delivered, "
                + (
                    f"the next due on {nice_date(pending[0].action.due)}."
                    if pending[0].action.due
                    else "with their dates."
                )
            )
        )
    return DocSection(id="actions", title="Actions", blocks=tuple(blocks))


def _delivered(p: Portfolio) -> DocSection:
    from hiap.portfolio.delivered import section

    return section(p)


def _reviews(p: Portfolio) -> DocSection:
    rows = p.reviews_due()
    undated = [s for s in p.complete if as_date(s.review_date) is None]
    blocks: list[Block] = [
        Paragraph(
            text="Complete assessments due for review before "
            f"{nice_date(p.today + dt.timedelta(days=REVIEW_WINDOW_DAYS))} ({REVIEW_WINDOW_DAYS} days from "
            f"{nice_date(p.today)}), including any whose review date has passed. A review compares what happened "
            "with what the assessment expected."
        )
    ]
    if rows:
        blocks.append(
            Table(
                caption="Reviews due, the most overdue first",
                header=("Decision", "Review date", "When", "Lead officer"),
                rows=tuple(
                    (r.summary.title, nice_date(r.due), _when(r), r.summary.details.get("assessor") or NOT_RECORDED)
                    for r in rows
                ),
            )
        )
    else:
        blocks.append(Paragraph(text="No review is due in that time."))
    if undated:
        blocks.append(Paragraph(text=f"No review date is set for: {_names([s.title for s in undated])}."))
    return DocSection(id="reviews", title="Reviews due", blocks=tuple(blocks))


def _unfinished(p: Portfolio) -> DocSection:
    rows = p.unfinished()
    blocks: list[Block] = [
        Paragraph(
            text="An assessment is ready to rely on when nothing is left to do, it has been approved, and it has not "
            "been reopened since. Drafts reach no conclusion until they are complete."
        )
    ]
    if rows:
        blocks.append(
            Table(
                caption="Drafts, and assessments not yet approved",
                header=("Decision", "Status", "Approver", "What is outstanding"),
                rows=tuple(
                    (s.title, s.status, s.signoff.get("approver") or "None named", _capital("; ".join(gaps)))
                    for s, gaps in rows
                ),
            )
        )
    else:
        blocks.append(Paragraph(text="Every assessment is complete and approved."))
    return DocSection(id="unfinished", title="Drafts and assessments not yet approved", blocks=tuple(blocks))


def _version(s: Summary, others: Sequence[Summary]) -> str:
    """A version as the board can tell it from another: its number, its last recorded event and,
    where those do not tell it apart, its file name (never where the file is kept)."""
    when = s.last_event or s.updated
    text = f"Version {s.version}, last recorded {nice_date(when)}" if when else f"Version {s.version}"
    same = [o for o in others if o is not s and _version_key(o) == _version_key(s)]
    if same:
        # the file's name, and its folder's only where two files share a name
        clash = any(_shown_file(o.file) == _shown_file(s.file) for o in same)
        text += f" ({_last_parts(s.file, 2 if clash else 1)})"
    return text


def _last_parts(name: str, count: int) -> str:
    return "/".join(name.replace("\\", "/").rstrip("/").split("/")[-count:])


def _version_key(s: Summary) -> tuple[int, str]:
    return s.version, nice_date(s.last_event or s.updated) if (s.last_event or s.updated) else ""


def _superseded(p: Portfolio) -> DocSection:
    blocks: list[Block] = [Paragraph(text=f"Earlier versions of a decision are not counted. {RULE}")]
    if p.superseded:
        rows = []
        for x in p.superseded:
            pair = (x.by, x.summary)
            rows.append((x.by.title, _version(x.by, pair), _version(x.summary, pair)))
        blocks.append(
            Table(
                caption="Earlier versions, not counted",
                header=("Decision", "Version counted", "Earlier version"),
                rows=tuple(rows),
            )
        )
    else:
        blocks.append(Paragraph(text="No decision was found in more than one version."))
    return DocSection(id="superseded", title="Earlier versions", blocks=tuple(blocks))


def _shown_file(name: str) -> str:
    """A file by its name alone: the board needs to know which, not where it is kept."""
    return name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _problems(p: Portfolio) -> DocSection:
    if not p.problems:
        blocks: tuple[Block, ...] = (Paragraph(text="Every file found could be read."),)
    else:
        blocks = (
            Paragraph(
                text=f"{plural(len(p.problems), 'file')} could not be read, so "
                f"{'its decision is' if len(p.problems) == 1 else 'their decisions are'} missing from every figure "
                "above until corrected."
            ),
            Table(
                caption="Files that could not be read, with the reason",
                header=("File", "Why it could not be read"),
                rows=tuple((_shown_file(x.file), x.finding or x.reason) for x in p.problems),
            ),
        )
    return DocSection(id="problems", title="Files that could not be read", blocks=blocks)


def _about(p: Portfolio) -> DocSection:
    items = [
        f"Made on {nice_date(p.today)}. Ratings, conclusions, groups and what is left to do are exactly those of "
        "each decision's own assessment.",
        "Each decision is counted once, at its latest version; drafts are counted apart and in no figure about "
        "conclusions, ratings, groups, actions or reviews.",
        f"An action is overdue when its due date is before {nice_date(p.today)}.",
    ]
    return DocSection(id="about", title="About this report", blocks=(Bullets(items=tuple(items)),))
