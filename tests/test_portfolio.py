"""``hiap portfolio``: a generated portfolio of varied assessments and broken files, summarised as
Word, Markdown, CSV, JSON and SQLite; every decision counted once (its latest version), drafts
counted apart, every broken file named with its reason, and every rating the one the decision's
own assessment gives."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from hiap import wording
from hiap.answers import answers_file
from hiap.config import Config
from hiap.models.assessment import Assessment
from hiap.models.document import Table
from hiap.models.principles import CONCLUSIONS, SHORT_LABELS
from hiap.pipeline import Engine, assess, open_engine
from hiap.portfolio.collect import Problem, collect, find_files
from hiap.portfolio.report import EFFECT_COLUMNS, Portfolio, attention, sections
from hiap.portfolio.summary import ActionItem, Rating, Summary, summarise
from hiap.portfolio.versions import latest
from hiap.portfolio.writers import COLUMN_NAMES, to_csv
from hiap.wording import NOT_ASSESSED
from tests.bench.bench_portfolio import BROKEN, TODAY, make_portfolio
from tests.conftest import ROOT, Run
from tests.docx_fixtures import make_council_template

COUNT = 24
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return open_engine(config=Config())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Path:
    root = tmp_path_factory.mktemp("portfolio")
    make_portfolio(root, COUNT, seed=7, broken=True, engine=engine)
    return root


@pytest.fixture(scope="module")
def expected(folder: Path, engine: Engine) -> dict[str, Assessment]:
    """The full assessment of every readable file, by file name: the independent reference."""
    out = {}
    for path in sorted(folder.rglob("*.hiap.yaml")):
        if path.parent.name != "broken":
            out[path.name] = assess(answers_file.load_validated(path, engine.catalogue), engine)
    return out


def principle_counts(assessments: list[Assessment]) -> dict[int, Counter[str]]:
    """The principles table's counts, worked out from the full assessments of complete files."""
    column = {effect: name for name, effects in EFFECT_COLUMNS.items() for effect in effects}
    counts: dict[int, Counter[str]] = {n: Counter() for n in SHORT_LABELS}
    for a in assessments:
        if a.complete:
            for p in a.principles:
                counts[p.principle][column.get(p.effect or "", NOT_ASSESSED) if p.relevant else NOT_ASSESSED] += 1
                counts[p.principle]["major"] += p.relevant and p.effect == "major_negative"
    return counts


def conclusion_words(a: Assessment) -> str:
    """What the portfolio says a decision concluded: nothing, for a draft."""
    if a.draft:
        return wording.draft_line(a.to_answer, len(a.missing) - a.to_answer)
    return "Screened out: no further assessment" if a.screened_out else CONCLUSIONS[a.conclusion or ""]


def markdown_table(text: str, caption: str) -> list[list[str]]:
    lines = text.splitlines()
    start = lines.index(f"*Table: {caption}*") + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    return [rows[0]] + rows[2:]


# -- the lean summary is the full assessment -------------------------------------------------


def test_summaries_match_the_full_assessment(folder: Path, engine: Engine, expected: dict[str, Assessment]) -> None:
    paths = [p for p in sorted(folder.rglob("*.hiap.yaml")) if p.parent.name != "broken"]
    if EXAMPLES.is_dir():
        paths += sorted(EXAMPLES.glob("*.hiap.yaml"))
    assert len(paths) >= COUNT
    for path in paths:
        answers = answers_file.load_validated(path, engine.catalogue)
        full = expected.get(path.name) if path.parent.name != "examples" else assess(answers, engine)
        assert full is not None
        s = summarise(answers, engine.catalogue, engine.host, engine.context, file=path.name)
        assert [(r.rating, r.size, r.equity, r.effect, r.relevant, r.words) for r in s.ratings] == [
            (p.rating, p.size, p.equity, p.effect, p.relevant, wording.effect_words(p.effect, p.relevant))
            for p in full.principles
        ], path
        assert (s.conclusion, s.missing, s.to_answer, s.signoff, s.final) == (
            full.conclusion,
            tuple(full.missing),
            full.to_answer,
            full.signoff,
            full.approved,
        ), path
        assert s.reached == (full.conclusion if full.complete and not full.screened_out else None)
        assert s.conclusion_words == conclusion_words(full)
        assert [(g.id, g.direction, g.label) for g in s.groups] == [
            (g.id, g.direction, wording.group_people(g)) for g in full.groups
        ]
        assert [(a.action, a.owner, a.due) for a in s.actions] == [(a.action, a.owner, a.due) for a in full.actions]
        assert s.review_date == full.review_date and s.complete == full.complete
        assert s.details.get("assessor") == full.decision.get("assessor")
        assert "; ".join(s.kinds) == (full.decision.get("kind") or "")


def test_a_scoring_plugin_goes_through_the_plugin_path(folder: Path) -> None:
    from hiap import hookimpl
    from hiap.models.assessment import ScoreContribution

    class Harsh:
        @hookimpl
        def score_principle(self, principle: int) -> list[ScoreContribution]:
            return [ScoreContribution(principle=principle, impact="major_negative", rationale="Always harsh")]

    engine = open_engine(extra=[("harsh", Harsh())], config=Config())
    path = next(p for p in sorted(folder.rglob("*.hiap.yaml")) if p.parent.name != "broken")
    answers = answers_file.load_validated(path, engine.catalogue)
    s = summarise(answers, engine.catalogue, engine.host, engine.context)
    full = assess(answers, engine)
    assert [r.rating for r in s.ratings] == [p.rating for p in full.principles]
    # a plugin's rule rides beside the assessor's rating but never stands in for it
    unrated = [p for p in full.principles if not any(c.kind == "rating" for c in p.contributions)]
    assert all(p.rating == "not_assessed" for p in unrated)
    assert all(any(c.rationale == "Always harsh" for c in p.contributions) for p in full.principles)


def test_workers_give_the_same_result_in_the_same_order(folder: Path, engine: Engine) -> None:
    files = find_files([folder])
    one = collect(files, engine, workers=1)
    two = collect(files, engine, workers=2)
    assert one.summaries == two.summaries and one.problems == two.problems
    assert [s.file for s in one.summaries] == sorted(
        (s.file for s in one.summaries), key=lambda f: (str(Path(f).parent).lower(), Path(f).name.lower(), f)
    )


def test_find_files_walks_folders_takes_files_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for name in ("a/one.hiap.yaml", "a/b/two.hiap.yaml", ".git/three.hiap.yaml", "a/notes.yaml"):
        (tmp_path / name).write_text("format: 1\n", encoding="utf-8")
    named = tmp_path / "a" / "notes.yaml"
    found = find_files([tmp_path, tmp_path / "a" / "one.hiap.yaml", named])
    assert [p.name for p in found] == ["notes.yaml", "one.hiap.yaml", "two.hiap.yaml"]
    with pytest.raises(Exception, match="no such file or folder"):
        find_files([tmp_path / "missing"])


def test_overdue_actions_and_reviews_are_judged_against_today(folder: Path, engine: Engine) -> None:
    got = collect(find_files([folder]), engine, workers=1)
    p = Portfolio(got.summaries, got.problems, TODAY)
    for row in p.actions():
        due = dt.date.fromisoformat(row.action.due) if row.action.due else None
        assert (row.overdue_days is not None) == (due is not None and due < TODAY)
        assert row.summary.complete  # a draft's actions are not yet the council's
    window = TODAY + dt.timedelta(days=30)
    expected = sorted(
        s.title for s in got.summaries if s.complete and s.review_date and dt.date.fromisoformat(s.review_date) < window
    )
    assert sorted(r.summary.title for r in p.reviews_due()) == expected
    assert expected, "the generated portfolio should have reviews due"
    later = Portfolio(got.summaries, got.problems, TODAY + dt.timedelta(days=3650))
    assert all(r.overdue_days is not None for r in later.actions() if r.action.due)


# -- the command --------------------------------------------------------------------------------


def test_markdown_report_and_database(hiap: Run, folder: Path, tmp_path: Path, expected: dict[str, Assessment]) -> None:
    out, db = tmp_path / "board.md", tmp_path / "board.db"
    result = hiap("portfolio", str(folder), "-o", str(out), "--db", str(db), "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert f"{COUNT} decisions summarised" in result.stdout
    assert f"{len(BROKEN)} files could not be read" in result.stdout

    # every broken file: one line on stderr and a row in the report, with its reason
    skipped = [line for line in result.stderr.splitlines() if line.startswith("hiap: skipped ")]
    assert len(skipped) == len(BROKEN)
    text = out.read_text(encoding="utf-8")
    problems = markdown_table(text, "Files that could not be read, with the reason")
    for name, _, reason in BROKEN:
        assert any(name in line and reason in line for line in skipped), name
        assert any(row[0] == name and reason in row[1] for row in problems[1:]), name  # its name, not its path
    assert "\x1b[" not in result.stderr  # no progress bar when stderr is not a terminal

    # the summary comes first, and its counts are the full assessments' counts (complete ones)
    assert text.startswith("# Health in All Policies assessments: portfolio report\n\n## Summary\n")
    assert f"{len(BROKEN)} files could not be read" in text.split("## Decisions assessed")[0]
    counts = principle_counts(list(expected.values()))
    table = markdown_table(text, "The assessors' ratings on each Marmot principle (complete assessments)")
    columns = [*EFFECT_COLUMNS, NOT_ASSESSED]
    assert table[0] == ["Marmot principle", *columns]
    for n, row in enumerate(table[1:], start=1):
        major = f" ({counts[n]['major']} major)" if counts[n]["major"] else ""
        assert row == [
            f"{n}. {SHORT_LABELS[n]}",
            *(str(counts[n][c]) + (major if c == "Negative" else "") for c in columns),
        ]
    complete = [a for a in expected.values() if a.complete]
    drafts = [a for a in expected.values() if a.draft]
    assert drafts and complete, "the generated portfolio should have drafts and complete assessments"
    conclusions = Counter(conclusion_words(a) for a in complete)
    assert markdown_table(text, "Conclusions of the complete assessments")[1:] == [
        [words, str(conclusions[words])] for words in [*CONCLUSIONS.values(), "Screened out: no further assessment"]
    ]
    # drafts are counted apart, never under a conclusion, and named where they need attention
    assert f"{len(drafts)} drafts, which reach no conclusion until complete, are listed apart." in text
    assert all(a.title in text for a in drafts)
    assert "*Table: Decisions that need attention, the most urgent first*" in text.split("## Decisions assessed")[0]
    # a board's document: no file paths or command hints
    for hint in (str(folder), "hiap check", "hiap portfolio", "pipx", "see examples/", "--db", ".hiap.yaml | line"):
        assert hint not in text.split("## Files that")[0] if hint == ".hiap.yaml | line" else hint not in text, hint

    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT file, title, complete FROM assessments").fetchall()
        counts = {
            n: Counter(p.rating for a in expected.values() for p in a.principles if p.principle == n)
            for n in SHORT_LABELS
        }
        assert len(rows) == COUNT and {Path(f).name for f, _, _ in rows} == set(expected)
        for n in SHORT_LABELS:
            by_rating = dict(
                connection.execute("SELECT rating, count(*) FROM ratings WHERE principle = ? GROUP BY rating", (n,))
            )
            assert by_rating == {k: v for k, v in counts[n].items() if v}
        for file, _title, complete in rows:
            assert complete == int(expected[Path(file).name].complete)
        actions = connection.execute("SELECT count(*), sum(overdue) FROM actions").fetchone()
        assert actions[0] == sum(len(a.actions) for a in expected.values())
        overdue = sum(1 for a in expected.values() for x in a.actions if x.due and x.due < TODAY.isoformat())
        assert actions[1] == overdue
        assert connection.execute("SELECT sum(actions_overdue) FROM assessments").fetchone()[0] == overdue
        adverse = connection.execute("SELECT count(*) FROM \"groups\" WHERE direction != 'positive'").fetchone()[0]
        assert adverse == sum(len(a.adverse_groups) for a in expected.values())
        reasons = dict(connection.execute("SELECT file, reason FROM problems"))
        assert sorted(Path(f).name for f in reasons) == sorted(name for name, _, _ in BROKEN)
        assert connection.execute("SELECT value FROM report WHERE key = 'today'").fetchone() == (TODAY.isoformat(),)


def test_csv_has_one_row_per_readable_file(
    hiap: Run, folder: Path, tmp_path: Path, expected: dict[str, Assessment]
) -> None:
    result = hiap("portfolio", str(folder), "--format", "csv", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    with (tmp_path / "portfolio.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(COLUMN_NAMES)
    for required in ("file", "title", "kind", "conclusion", "complete", *(f"principle_{n}" for n in range(1, 9))):
        assert required in rows[0]
    assert len(rows) == COUNT and {Path(r["file"]).name for r in rows} == set(expected)
    for row in rows:
        full = expected[Path(row["file"]).name]
        assert row["title"] == full.title
        assert row["conclusion"] == conclusion_words(full)
        assert row["complete"] == ("yes" if full.complete else "no")
        assert [row[f"principle_{n}"] for n in range(1, 9)] == [
            wording.effect_words(p.effect, p.relevant) for p in full.principles
        ]
        assert int(row["actions_total"]) == len(full.actions)


def test_word_report_is_accessible_with_the_summary_first(
    hiap: Run, folder: Path, tmp_path: Path, expected: dict[str, Assessment]
) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    result = hiap("portfolio", str(folder), "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    path = tmp_path / "portfolio.docx"  # the default name, in the current folder
    doc = Document(str(path))
    assert doc.core_properties.title == "Health in All Policies assessments: portfolio report"
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    assert paragraphs[0] == ("Title", doc.core_properties.title)
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading")]
    section_titles = [s.title for s in sections(Portfolio([], [], TODAY))]
    assert [text for style, text in headings if style == "Heading 1"] == section_titles
    assert headings[0] == ("Heading 1", "Summary")
    levels = [int(style.split()[-1]) for style, _ in headings]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    # the detail starts on page 2, as LibreOffice lays it out: with a page break before it when
    # page 1 is full enough, or after a summary that fills page 1 (the break is then left out,
    # so page 2 never holds the end of the summary alone)
    from pypdf import PdfReader

    from tests.rendering import to_pdf

    pdf = PdfReader(str(to_pdf([path], tmp_path / "pdf")[path]))
    first, second = (" ".join(page.extract_text().split()) for page in pdf.pages[:2])
    assert section_titles[1] not in first and section_titles[1] in second
    # every table has a repeating header row
    assert len(doc.tables) >= 8
    for table in doc.tables:
        first = table.rows[0]._tr
        assert first.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    # the summary's first table counts conclusions; the report names every unreadable file
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["Conclusion", "Decisions"]
    cells = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    for name, _, reason in BROKEN:
        assert name in cells and any(reason in c for c in cells), name
    everything = " ".join([*(p.text for p in doc.paragraphs), *cells])
    for hint in (str(folder), "hiap check", "pipx", "see examples/", "broken/"):
        assert hint not in everything, hint
    assert doc.core_properties.version.startswith("hiap ")
    from hiap.render.a11y import check_docx

    assert check_docx(path) == []


# -- bad input --------------------------------------------------------------------------------------


def test_only_broken_files_still_writes_the_report(hiap: Run, tmp_path: Path) -> None:
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "x.hiap.yaml").write_text("format: [\n", encoding="utf-8")
    result = hiap("portfolio", str(bad), "--format", "md", "--today", "2026-01-01")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "portfolio.md").read_text(encoding="utf-8")
    assert "0 council decisions" in text and "x.hiap.yaml" in text
    assert "1 file could not be read" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--today", "31/02/2026"], "--today: '31/02/2026' is not a date"),
        (["--today", "9999-12-31"], "--today: 9999-12-31 is not a date a report can be judged against"),
        (["--today", "0001-01-01"], "give a date from 1990 to 2199"),
        (["--format", "pdf"], "unknown format 'pdf'"),
        (["--format", "csvv"], "did you mean 'csv'?"),
        (["-o", "same.md", "--db", "same.md"], "the database and the report would be the same file"),
        (["-o", "."], "the report is a folder"),
    ],
)
def test_bad_options_are_exit_2(hiap: Run, folder: Path, args: list[str], message: str) -> None:
    result = hiap("portfolio", str(folder), *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_no_answers_files_or_a_missing_folder_is_exit_2(hiap: Run, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = hiap("portfolio", str(tmp_path / "empty"))
    assert result.returncode == 2 and "no answers files (*.hiap.yaml) found" in result.stderr
    result = hiap("portfolio", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "no such file or folder" in result.stderr
    assert not (tmp_path / "portfolio.docx").exists()


def test_format_follows_the_output_name(hiap: Run, folder: Path, tmp_path: Path) -> None:
    result = hiap("portfolio", str(folder), "-o", "out.csv", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.csv").read_text(encoding="utf-8-sig").startswith('"file","title",')


# -- pieces -------------------------------------------------------------------------------------------


def test_csv_text_escapes_and_blanks() -> None:
    from hiap.portfolio.summary import ActionItem, Rating, Summary

    ratings = tuple(Rating(n, "neutral", "Neutral") for n in range(1, 9))
    s = Summary(
        file="a, b.hiap.yaml", title='The "big" one', ratings=ratings, actions=(ActionItem("Do it", due="2020-01-01"),)
    )
    rows = list(csv.DictReader(io.StringIO(to_csv(Portfolio([s], [Problem("x", "bad")], TODAY)).lstrip("\ufeff"))))
    assert rows[0]["file"] == "a, b.hiap.yaml" and rows[0]["title"] == 'The "big" one'
    assert rows[0]["kind"] == "" and rows[0]["actions_overdue"] == "1" and rows[0]["complete"] == "yes"


def test_boundaries_of_overdue_and_review_due() -> None:
    from hiap.portfolio.summary import ActionItem, Rating, Summary

    ratings = tuple(Rating(n, "neutral", "Neutral") for n in range(1, 9))

    def made(title: str, review: dt.date, due: dt.date) -> Summary:
        return Summary(
            file=title,
            title=title,
            ratings=ratings,
            review_date=review.isoformat(),
            actions=(ActionItem(f"Act on {title}", due=due.isoformat()),),
        )

    day = dt.timedelta(days=1)
    summaries = [
        made("past", TODAY - day, TODAY - day),
        made("today", TODAY, TODAY),
        made("in 29 days", TODAY + 29 * day, TODAY + day),
        made("in 30 days", TODAY + 30 * day, TODAY + 30 * day),
    ]
    p = Portfolio(summaries, [], TODAY)
    assert [(r.summary.title, r.days) for r in p.reviews_due()] == [("past", -1), ("today", 0), ("in 29 days", 29)]
    assert [(r.summary.title, r.overdue_days) for r in p.actions()] == [
        ("past", 1),
        ("today", None),
        ("in 29 days", None),
        ("in 30 days", None),
    ]
    reviews = next(s for s in sections(p) if s.id == "reviews")
    table = next(b for b in reviews.blocks if isinstance(b, Table))
    assert [row[2] for row in table.rows] == ["Overdue by 1 day", "Due today", "Due in 29 days"]


def _summary(file: str, title: str, *, updated: str = "2026-01-01T00:00:00Z", **fields: Any) -> Summary:
    ratings = tuple(Rating(n, "neutral", "No material effect", effect="neutral") for n in range(1, 9))
    return Summary(file=file, title=title, ratings=ratings, updated=updated, **fields)


def test_one_decision_is_counted_once_at_its_latest_version() -> None:
    summaries = [
        _summary("v1.hiap.yaml", "Bus fares", updated="2026-01-01T09:00:00Z", conclusion="adjust"),
        _summary("v2.hiap.yaml", "  bus   FARES", updated="2026-03-01T09:00:00Z", conclusion="no_major_change"),
        _summary("a.hiap.yaml", "Budget", details={"reference": "EX/1"}),
        _summary("b.hiap.yaml", "Budget", details={"reference": "EX/2"}),
        _summary("c.hiap.yaml", "Budget 2027 (revised title)", details={"reference": "ex/1 "}, updated="2026-05-01"),
        _summary("lib/d.hiap.yaml", "Library hours", revision_of="library.hiap.yaml", updated="2026-06-01"),
        _summary("lib/library.hiap.yaml", "Library opening hours", updated="2026-02-01"),
        _summary("x/copy.hiap.yaml", "Parks", details={"decision_maker": "Cabinet"}, created="2025-01-01T10:00:00Z"),
        _summary("y/copy.hiap.yaml", "Parks", details={"decision_maker": "Council"}, created="2025-01-01T10:00:00Z"),
    ]
    current, superseded = latest(summaries)
    assert [s.file for s in current] == [
        "v2.hiap.yaml",
        "b.hiap.yaml",
        "c.hiap.yaml",
        "lib/d.hiap.yaml",
        "y/copy.hiap.yaml",
    ]
    assert sorted((x.summary.file, x.by.file) for x in superseded) == [
        ("a.hiap.yaml", "c.hiap.yaml"),  # one reference, whatever the title says
        ("lib/library.hiap.yaml", "lib/d.hiap.yaml"),  # a revision_of link, in the same folder
        ("v1.hiap.yaml", "v2.hiap.yaml"),  # one title and decision maker, no reference
        ("x/copy.hiap.yaml", "y/copy.hiap.yaml"),  # a copy keeps the time it was started
    ]
    p = Portfolio(current, [], TODAY, superseded=superseded)
    assert p.by_conclusion()["no_major_change"] == 1 and p.by_conclusion()["adjust"] == 0
    earlier = next(s for s in sections(p) if s.id == "superseded")
    table = next(b for b in earlier.blocks if isinstance(b, Table))
    assert (
        "  bus   FARES",
        "Version 1, last recorded 1 March 2026",
        "Version 1, last recorded 1 January 2026",
    ) in table.rows
    # the board can tell every counted version from the earlier one, without a path
    assert all(row[1] != row[2] for row in table.rows), table.rows
    # the same title, different decision makers, started apart: two decisions
    apart, _ = latest(
        [
            _summary("x.hiap.yaml", "Annual budget", details={"decision_maker": "Cabinet"}, created="2025-01-01"),
            _summary("y.hiap.yaml", "Annual budget", details={"decision_maker": "Council"}, created="2026-01-01"),
        ]
    )
    assert len(apart) == 2


def test_needs_attention_names_the_decisions() -> None:
    drafts = [
        _summary(f"d{n}.hiap.yaml", f"Draft decision {n}", missing=("Not answered: x",), to_answer=1) for n in range(7)
    ]
    late = _summary(
        "late.hiap.yaml",
        "Late decision",
        conclusion="adjust",
        actions=(ActionItem("Do it", due=(TODAY - dt.timedelta(days=9)).isoformat()),),
        review_date=(TODAY - dt.timedelta(days=2)).isoformat(),
    )
    p = Portfolio([*drafts, late], [Problem("x.hiap.yaml", "bad")], TODAY)
    rows = attention(p)
    assert rows[0] == (
        "Late decision",
        "1 action overdue, the oldest by 9 days; review overdue by 2 days; not yet approved",
    )
    assert rows[1] == ("Draft decision 0", "Draft: not complete, 1 answer to give")
    assert len(rows) == 8
    summary = next(s for s in sections(p) if s.id == "summary")
    table = next(b for b in summary.blocks if isinstance(b, Table) and b.header[0] == "Decision")
    assert len(table.rows) == 5  # the most urgent are named on page 1, the rest in the detail
    texts = [b.text for b in summary.blocks if hasattr(b, "text")]
    assert "And 3 more decisions: see Actions, Reviews due and Drafts and assessments not yet approved." in texts
    assert "1 file could not be read (listed at the end)." in texts


def test_two_versions_of_an_example_are_counted_once(hiap: Run, tmp_path: Path) -> None:
    import json

    example = next(iter(sorted(EXAMPLES.glob("*.hiap.yaml"))))
    text = example.read_text(encoding="utf-8")
    folder = tmp_path / "shared"
    (folder / "archive").mkdir(parents=True)
    (folder / "archive" / "first.hiap.yaml").write_text(
        text.replace('updated: "20', 'updated: "19', 1) if 'updated: "20' in text else text, encoding="utf-8"
    )
    (folder / "current.hiap.yaml").write_text(text, encoding="utf-8")
    result = hiap("portfolio", str(folder), "--format", "json", "-o", "-", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [Path(d["file"]).name for d in data["decisions"]] == ["current.hiap.yaml"]
    assert {"file", "title", "conclusion", "complete"} <= set(data["decisions"][0])
    assert len(data["superseded"]) == 1 and data["superseded"][0]["file"].endswith("first.hiap.yaml")
    assert data["unreadable"] == [] and data["counts"]["decisions"] == 1


def test_json_holds_decisions_superseded_and_unreadable(
    hiap: Run, folder: Path, expected: dict[str, Assessment]
) -> None:
    import json

    result = hiap("portfolio", str(folder), "--format", "json", "-o", "-", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["decisions"]) == COUNT and data["superseded"] == []
    assert sorted(Path(u["file"]).name for u in data["unreadable"]) == sorted(name for name, _, _ in BROKEN)
    for record in data["decisions"]:
        full = expected[Path(record["file"]).name]
        assert record["complete"] == full.complete and record["title"] == full.title
        assert record["conclusion"] == (full.conclusion if full.complete and not full.screened_out else None)


def test_portfolio_takes_the_councils_template(hiap: Run, folder: Path, tmp_path: Path) -> None:
    from docx import Document

    template = make_council_template(tmp_path / "council.docx", modern_colours=False)
    result = hiap(
        "portfolio", str(folder), "--template", str(template), "-o", "board.docx", "--today", TODAY.isoformat()
    )
    assert result.returncode == 0, result.stderr
    doc = Document(str(tmp_path / "board.docx"))
    assert "Borsetshire Council – Committee papers" in doc.sections[-1].header.paragraphs[0].text
    assert "the document uses the darker" in result.stderr  # its failing heading colours were replaced, and said so
    from hiap.render.a11y import check_docx

    assert check_docx(tmp_path / "board.docx") == []


def test_the_counted_version_is_the_latest_by_revision_then_last_event() -> None:
    """Not by the last save: a copy re-saved later is still the earlier version."""
    base = _summary("a/fares.hiap.yaml", "Fares", updated="2026-12-07T02:51:08Z")
    newer = _summary("a/fares-evidence.hiap.yaml", "Fares", updated="2026-12-07T02:50:34Z")
    base = dataclasses.replace(base, last_event="2026-10-29T16:40:00Z")
    newer = dataclasses.replace(newer, last_event="2026-11-23T04:37:26Z")
    current, _ = latest([base, newer])
    assert [s.file for s in current] == ["a/fares-evidence.hiap.yaml"]
    revised = dataclasses.replace(
        _summary("a/fares-v2.hiap.yaml", "Fares, revised", updated="2025-01-01T00:00:00Z"),
        revision_of="fares-evidence.hiap.yaml",
        version=2,
        last_event="2025-01-01T00:00:00Z",
    )
    current, superseded = latest([base, newer, revised])
    assert [s.file for s in current] == ["a/fares-v2.hiap.yaml"]
    assert {x.by.file for x in superseded} == {"a/fares-v2.hiap.yaml"}


def test_monitor_counts_the_decisions_the_portfolio_counts(tmp_path: Path) -> None:
    """One rule for versions: the two King's Lynn files are one decision in both commands."""
    run = subprocess.run(
        [sys.executable, "-m", "hiap", "monitor", str(ROOT / "examples"), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(run.stdout)
    current = {r["file"] for r in rows if r["superseded_by"] is None}
    kings_lynn = {f for f in current if "kings-lynn" in f}
    assert len(kings_lynn) == 1 and "with-local-evidence" in kings_lynn.pop(), current
    report = subprocess.run(
        [sys.executable, "-m", "hiap", "portfolio", str(ROOT / "examples"), "--format", "md", "-o", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "hiap progress" not in report and "'hiap " not in report


def test_the_board_sees_mixed_groups_and_a_rapid_gap_as_the_assessors_said_them(hiap: Run, tmp_path: Path) -> None:
    """The worked examples as a board would run them: a group the assessor called mixed is not
    counted as worse off, and a rapid assessment whose gradient answer says losses fall on deprived
    areas is listed as able to widen the gap, said as coming from that answer."""
    folder = tmp_path / "examples"
    folder.mkdir()
    for name in ("luton-temporary-accommodation", "luton-evening-bus-subsidy-rapid"):
        (folder / f"{name}.hiap.yaml").write_bytes((EXAMPLES / f"{name}.hiap.yaml").read_bytes())
    result = hiap("portfolio", str(folder), "--format", "json", "-o", "-", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    records = {Path(d["file"]).stem.split(".")[0]: d for d in json.loads(result.stdout)["decisions"]}
    housing = records["luton-temporary-accommodation"]
    assert "children and young people" in housing["groups_mixed"]
    assert "children and young people" not in housing["groups_worse_off"] and housing["groups_worse_off"]

    out = tmp_path / "board.md"
    result = hiap("portfolio", str(folder), "--format", "md", "-o", str(out), "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "(1 decision; mixed in 1)" in text or "(mixed in 1 decision)" in text
    assert "| People | Worse off | Mixed | Better off |" in text
    could = next(line for line in text.splitlines() if line.startswith("Could widen the gap:"))
    assert "5. " in could and "no decision" not in could  # the bus subsidy's major harm to places
    assert "Widens the gap (as the screening answer on the gradient points)" in text
