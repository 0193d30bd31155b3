"""The portfolio report as Word (for the board), Markdown, HTML, CSV and SQLite (for analysts).

Word, Markdown and HTML walk the same format-neutral sections (HTML through the assessment
page's own writer, so it meets the same accessibility bar); the Word report is written by the
assessment document's own builder, so it meets the same accessibility bar (real headings in
order, a title and language, repeating table header rows, ratings in words). CSV and SQLite hold
one row per readable assessment, with the same columns, plus actions, groups, ratings and
unreadable files in tables of their own. Every file is written whole, then renamed into place.

CSV and SQLite are opened in spreadsheets (Datasette and most SQL tools export tables to CSV),
so every text taken from an answers file is neutralised per OWASP before it goes in: a value that
a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``@SUM(...)``) starts with ``'``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hiap import __version__
from hiap.errors import InputError
from hiap.models.principles import PRINCIPLES
from hiap.portfolio import delivered
from hiap.portfolio.report import (
    REVIEW_WINDOW_DAYS,
    Portfolio,
    kind_words,
    sections,
    subtitle,
    summary_variants,
    title,
)
from hiap.portfolio.summary import Summary, as_date
from hiap.safeio import for_spreadsheet, replacing

FORMATS: dict[str, str] = {"docx": ".docx", "md": ".md", "html": ".html", "csv": ".csv", "json": ".json"}


@dataclass(frozen=True)
class Column:
    name: str
    sql: str  # the SQLite type
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("file", "TEXT PRIMARY KEY", "the answers file, relative to the folder the report was made in"),
    Column("title", "TEXT NOT NULL", "the decision's title"),
    Column("reference", "TEXT", "forward plan or report reference"),
    Column("kind", "TEXT", "kind of decision, in words"),
    Column("directorate", "TEXT", "directorate or service"),
    Column("lead_officer", "TEXT", "lead officer"),
    Column("decision_maker", "TEXT", "decision maker or committee"),
    Column("meeting_date", "TEXT", "date of the decision (YYYY-MM-DD)"),
    Column("conclusion", "TEXT NOT NULL", "overall conclusion, in words"),
    Column("complete", "INTEGER NOT NULL", "nothing left to do (CSV: yes or no)"),
    Column("items_to_do", "INTEGER NOT NULL", "number of items still to do"),
    Column("status", "TEXT NOT NULL", "Draft or Final"),
    Column("assessor", "TEXT", "who carried out the assessment"),
    Column("reviewer", "TEXT", "public health or equalities reviewer"),
    Column("approver", "TEXT", "who approved it"),
    Column("review_date", "TEXT", "when the assessment is to be reviewed (YYYY-MM-DD)"),
    Column("review_due", "INTEGER NOT NULL", f"review date past or within {REVIEW_WINDOW_DAYS} days (CSV: yes or no)"),
    *(Column(f"principle_{n}", "TEXT NOT NULL", f"rating on principle {n}, in words") for n in PRINCIPLES),
    *(Column(f"principle_{n}_gap", "TEXT", f"effect on the gap for principle {n}") for n in PRINCIPLES),
    Column("actions_total", "INTEGER NOT NULL", "actions recorded"),
    Column("actions_overdue", "INTEGER NOT NULL", "actions whose due date has passed"),
    Column("groups_adverse", "TEXT", "population groups likely to be worse off, separated by '; '"),
    Column(
        "groups_mixed", "TEXT", "population groups better off in some ways and worse off in others, separated by '; '"
    ),
    Column("updated", "TEXT", "when the answers file was last saved"),
    *(Column(*column) for column in delivered.COLUMNS),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)


def assessment_row(s: Summary, today: dt.date) -> dict[str, Any]:
    """One assessment as typed values: text, whole numbers, yes/no as booleans, blanks as None."""
    from hiap.models.principles import SCALES

    review = as_date(s.review_date)
    row: dict[str, Any] = {
        "file": s.file,
        "title": s.title,
        "reference": s.details.get("reference"),
        "kind": kind_words(s) if s.kind else None,
        "directorate": s.details.get("directorate"),
        "lead_officer": s.details.get("assessor"),
        "decision_maker": s.details.get("decision_maker"),
        "meeting_date": s.meeting_date,
        "conclusion": s.conclusion_words,
        "complete": s.complete,
        "items_to_do": len(s.missing),
        "status": s.status,
        "assessor": s.details.get("assessor"),
        "reviewer": s.signoff.get("reviewer"),
        "approver": s.signoff.get("approver"),
        "review_date": s.review_date,
        "review_due": review is not None and review < today + dt.timedelta(days=REVIEW_WINDOW_DAYS),
        "actions_total": len(s.actions),
        "actions_overdue": sum(a.overdue(today) for a in s.actions),
        "groups_adverse": "; ".join(g.label for g in s.adverse_groups) or None,
        "groups_mixed": "; ".join(g.label for g in s.mixed_groups) or None,
        "updated": s.updated,
        **delivered.row(s, today),
    }
    for r in s.ratings:
        row[f"principle_{r.principle}"] = r.words
        row[f"principle_{r.principle}_gap"] = SCALES["equity"].get(r.equity, r.equity) if r.equity else None
    return {name: row.get(name) for name in COLUMN_NAMES}


# -- writing files whole ----------------------------------------------------------------------


def _check_target(path: Path, what: str) -> None:
    if path.is_dir():
        raise InputError(f"the {what} is a folder", file=path, hint="give a file name")


def _cannot_write(path: Path, what: str, exc: BaseException) -> InputError:
    reason = getattr(exc, "strerror", None) or str(exc)
    return InputError(
        f"cannot write the {what} ({reason})",
        file=path,
        hint="close it if it is open in another program, or choose another name",
    )


def write_bytes(path: Path, data: bytes | str, what: str) -> None:
    from hiap.yamlio import atomic_write

    _check_target(path, what)
    try:
        atomic_write(path, data)
    except InputError:
        raise
    except OSError as exc:
        raise _cannot_write(path, what, exc) from None


# -- CSV ------------------------------------------------------------------------------------------


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(value)
    return for_spreadsheet(str(value))


def to_csv(p: Portfolio) -> str:
    """One row per readable assessment. UTF-8 with a byte-order mark, so Excel reads it as UTF-8;
    every cell quoted and formula-like text neutralised, as OWASP advises."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMN_NAMES)
    for s in p.summaries:
        row = assessment_row(s, p.today)
        writer.writerow([_csv_cell(row[name]) for name in COLUMN_NAMES])
    return "\ufeff" + buffer.getvalue()


# -- Markdown -------------------------------------------------------------------------------------


def to_markdown(p: Portfolio) -> str:
    from hiap.models.document import Paragraph
    from hiap.render.markdown_writer import sections_markdown

    parts = sections(p)
    # the council and date, which Word sets as the subtitle, open the summary
    first = parts[0].model_copy(update={"blocks": (Paragraph(text=_capital(subtitle(p)) + "."), *parts[0].blocks)})
    return sections_markdown(title(p), [first, *parts[1:]])


def to_html(p: Portfolio) -> str:
    """The board report as one self-contained web page: the council and date under the title."""
    from hiap.render.html_writer import sections_html

    return sections_html(
        title(p),
        sections(p),
        subtitle=_capital(subtitle(p)) + ".",
        description="Health in All Policies assessments across council decisions",
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- Word -----------------------------------------------------------------------------------------


def render_docx(p: Portfolio, options: dict[str, Any]) -> bytes:
    """The board report: the summary on page 1, the detail from page 2, in the house or council template."""
    from hiap.render.docx_writer import accessibility_notes, build_document

    council = dict(options.get("council") or {})
    heading = title(p)
    notes: list[str] = []
    doc = build_document(
        heading, sections(p), options, subtitle=subtitle(p), page_one=summary_variants(p)[1:], notes=notes
    )

    props = doc.core_properties
    stamp = dt.datetime.combine(p.today, dt.time())
    props.title = heading[:255]
    props.subject = "Health in All Policies assessments across council decisions"
    props.author = (str(council.get("name") or "").strip() or f"hiap {__version__}")[:255]
    props.last_modified_by = props.author
    props.version = f"hiap {__version__}"
    props.keywords = "Health in All Policies; Marmot principles; health equity; Health and Wellbeing Board"
    props.category = "Health and Wellbeing Board report"
    props.comments = f"{len(p.summaries)} assessments read; {len(p.problems)} files could not be read"
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    _warn(notes + accessibility_notes(doc, "the portfolio report"))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# -- SQLite ---------------------------------------------------------------------------------------

_SCHEMA = (
    "CREATE TABLE assessments (" + ", ".join(f'"{c.name}" {c.sql}' for c in COLUMNS) + ")",
    """CREATE TABLE ratings (
        file TEXT NOT NULL REFERENCES assessments(file), principle INTEGER NOT NULL, principle_title TEXT NOT NULL,
        rating TEXT NOT NULL, words TEXT NOT NULL, gap TEXT, PRIMARY KEY (file, principle))""",
    """CREATE TABLE actions (
        file TEXT NOT NULL REFERENCES assessments(file), action TEXT NOT NULL, owner TEXT, due TEXT,
        indicator TEXT, overdue INTEGER NOT NULL)""",
    """CREATE TABLE "groups" (
        file TEXT NOT NULL REFERENCES assessments(file), group_id TEXT NOT NULL, label TEXT NOT NULL,
        direction TEXT NOT NULL, PRIMARY KEY (file, group_id))""",
    "CREATE TABLE problems (file TEXT PRIMARY KEY, reason TEXT NOT NULL)",
    "CREATE TABLE report (key TEXT PRIMARY KEY, value TEXT)",
    "CREATE INDEX actions_file ON actions (file)",
    "CREATE INDEX actions_owner ON actions (owner)",
    'CREATE INDEX groups_label ON "groups" (label)',
    *delivered.SCHEMA,
)


def _sql(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    return for_spreadsheet(value) if isinstance(value, str) else value


def _row(*values: Any) -> tuple[Any, ...]:
    return tuple(_sql(v) for v in values)


def write_db(p: Portfolio, path: Path) -> None:
    """A SQLite file any SQL tool or Datasette opens; built beside the target, then renamed over it."""
    from hiap.models.principles import SCALES

    marks = ", ".join("?" for _ in COLUMNS)
    try:
        with replacing(path, "database", "--db") as (fd, temporary):
            os.close(fd)  # SQLite opens an empty file as a new database
            connection = sqlite3.connect(temporary)
            try:
                with connection:
                    for statement in _SCHEMA:
                        connection.execute(statement)
                    connection.executemany(
                        f"INSERT INTO assessments VALUES ({marks})",
                        ([_sql(v) for v in assessment_row(s, p.today).values()] for s in p.summaries),
                    )
                    connection.executemany(
                        "INSERT INTO ratings VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            _row(
                                s.file,
                                r.principle,
                                PRINCIPLES[r.principle],
                                r.rating,
                                r.words,
                                SCALES["equity"].get(r.equity, r.equity) if r.equity else None,
                            )
                            for s in p.summaries
                            for r in s.ratings
                        ),
                    )
                    connection.executemany(
                        "INSERT INTO actions VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            _row(s.file, a.action, a.owner, a.due, a.indicator, int(a.overdue(p.today)))
                            for s in p.summaries
                            for a in s.actions
                        ),
                    )
                    connection.executemany(
                        'INSERT INTO "groups" VALUES (?, ?, ?, ?)',
                        (_row(s.file, g.id, g.label, g.direction) for s in p.summaries for g in s.groups),
                    )
                    connection.executemany(
                        "INSERT INTO problems VALUES (?, ?)", (_row(x.file, x.reason) for x in p.problems)
                    )
                    delivered.fill(connection, p, _row)
                    connection.executemany(
                        "INSERT INTO report VALUES (?, ?)",
                        [
                            ("today", p.today.isoformat()),
                            ("sources", _sql("; ".join(p.sources))),
                            ("hiap_version", __version__),
                            ("assessments", str(len(p.summaries))),
                            ("unreadable_files", str(len(p.problems))),
                        ],
                    )
            finally:
                connection.close()
    except (OSError, sqlite3.Error) as exc:
        raise _cannot_write(path, "database", exc) from None


def _warn(notes: list[str]) -> None:
    from hiap.console import warn

    for note in dict.fromkeys(notes):
        warn(note)


# -- JSON -----------------------------------------------------------------------------------------


#: what ``hiap portfolio --format json`` writes as its ``format``; 2 since a principle outside the
#: screening reads ``not_assessed`` (1 said ``not_affected``, which the assessor never said)
FORMAT = "hiap-portfolio/2"
#: a principle not ticked in screening, so never rated (the documents' "Not assessed")
NOT_ASSESSED = "not_assessed"


def decision_record(s: Summary, today: dt.date) -> dict[str, Any]:
    """One decision for JSON: the file, what it concluded (nothing, for a draft), and its state."""
    return {
        "file": s.file,
        "title": s.title,
        "reference": s.details.get("reference"),
        "conclusion": s.reached,
        "conclusion_words": s.conclusion_words,
        "complete": s.complete,
        "draft": s.draft,
        "screened_out": s.screened_out,
        "status": s.status,
        "to_give": s.to_answer,
        "items_to_do": list(s.missing),
        "kinds": list(s.kinds),
        "directorate": s.details.get("directorate"),
        "lead_officer": s.details.get("assessor"),
        "decision_maker": s.details.get("decision_maker"),
        "meeting_date": s.meeting_date,
        "review_date": s.review_date,
        "updated": s.updated,
        "ratings": {str(r.principle): r.effect if r.relevant else NOT_ASSESSED for r in s.ratings},
        "groups_worse_off": [g.label for g in s.adverse_groups],
        "groups_mixed": [g.label for g in s.mixed_groups],
        "actions": len(s.actions),
        "actions_overdue": sum(a.overdue(today) for a in s.actions),
    }


def to_json(p: Portfolio) -> str:
    """The portfolio for other systems: each decision once, earlier versions and unreadable files apart."""
    import json

    data = {
        "format": FORMAT,
        "today": p.today.isoformat(),
        "counts": {
            "decisions": len(p.summaries),
            "complete": len(p.complete),
            "drafts": len(p.drafts),
            "superseded": len(p.superseded),
            "unreadable": len(p.problems),
        },
        "decisions": [decision_record(s, p.today) for s in p.summaries],
        "superseded": [
            {"file": x.summary.file, "title": x.summary.title, "updated": x.summary.updated, "superseded_by": x.by.file}
            for x in p.superseded
        ],
        "unreadable": [{"file": x.file, "reason": x.reason} for x in p.problems],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_report(p: Portfolio, fmt: str, path: Path, options: dict[str, Any]) -> None:
    if fmt == "docx":
        write_bytes(path, render_docx(p, options), "report")
    elif fmt == "md":
        write_bytes(path, to_markdown(p), "report")
    elif fmt == "html":
        write_bytes(path, to_html(p), "report")
    elif fmt == "csv":
        write_bytes(path, to_csv(p), "CSV file")
    elif fmt == "json":
        write_bytes(path, to_json(p), "report")
    else:  # pragma: no cover - the command checks the format first
        raise ValueError(fmt)
