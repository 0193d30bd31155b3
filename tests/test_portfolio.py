"""``hiap portfolio``: a generated portfolio of varied assessments and broken files, summarised as
Word, Markdown, CSV and SQLite; every readable file counted once, every broken one named with its
reason, and every rating the one the decision's own assessment gives."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from hiap.answers import answers_file
from hiap.config import Config
from hiap.models.assessment import Assessment
from hiap.models.document import Bullets, Table
from hiap.models.principles import CONCLUSIONS, SHORT_LABELS
from hiap.pipeline import Engine, assess, open_engine
from hiap.portfolio.collect import Problem, collect, find_files
from hiap.portfolio.report import Portfolio, sections
from hiap.portfolio.summary import summarise
from hiap.portfolio.writers import COLUMN_NAMES, to_csv
from hiap.wording import RATING_WORDS
from tests.bench.bench_portfolio import BROKEN, TODAY, make_portfolio
from tests.conftest import ROOT, Run

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
    counts: dict[int, Counter[str]] = {n: Counter() for n in SHORT_LABELS}
    for a in assessments:
        for p in a.principles:
            counts[p.principle][p.rating] += 1
    return counts


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
        assert [(r.rating, r.size, r.equity, r.words) for r in s.ratings] == [
            (p.rating, p.size, p.equity, p.words) for p in full.principles
        ], path
        assert (s.conclusion, s.missing, s.status, s.signoff) == (
            full.conclusion,
            tuple(full.missing),
            full.status,
            full.signoff,
        ), path
        assert [(g.id, g.direction) for g in s.groups] == [(g.id, g.direction) for g in full.groups]
        assert [(a.action, a.owner, a.due) for a in s.actions] == [(a.action, a.owner, a.due) for a in full.actions]
        assert s.review_date == full.review_date and s.complete == full.complete


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
    # where the assessor gave no rating the plugin's rule decides; where they did, it is a signal beside it
    unrated = [p for p in full.principles if p.relevant and not any(c.kind == "rating" for c in p.contributions)]
    assert all(p.rating == "negative" for p in unrated)
    rated = [p for p in full.principles if any(c.kind == "rating" for c in p.contributions)]
    assert all(p.signals in ("negative", "mixed") or p.rating in ("negative", "mixed") for p in rated)


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
    window = TODAY + dt.timedelta(days=30)
    expected = sorted(s.title for s in got.summaries if s.review_date and dt.date.fromisoformat(s.review_date) < window)
    assert sorted(r.summary.title for r in p.reviews_due()) == expected
    assert expected, "the generated portfolio should have reviews due"
    later = Portfolio(got.summaries, got.problems, TODAY + dt.timedelta(days=3650))
    assert all(r.overdue_days is not None for r in later.actions() if r.action.due)


# -- the command --------------------------------------------------------------------------------


def test_markdown_report_and_database(hiap: Run, folder: Path, tmp_path: Path, expected: dict[str, Assessment]) -> None:
    out, db = tmp_path / "board.md", tmp_path / "board.db"
    result = hiap("portfolio", str(folder), "-o", str(out), "--db", str(db), "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert f"{COUNT} assessments summarised" in result.stdout
    assert f"{len(BROKEN)} files could not be read" in result.stdout

    # every broken file: one line on stderr and a row in the report, with its reason
    skipped = [line for line in result.stderr.splitlines() if line.startswith("hiap: skipped ")]
    assert len(skipped) == len(BROKEN)
    text = out.read_text(encoding="utf-8")
    problems = markdown_table(text, "Files that could not be read, with the reason")
    for name, _, reason in BROKEN:
        assert any(name in line and reason in line for line in skipped), name
        assert any(row[0].endswith(name) and reason in row[1] for row in problems[1:]), name
    assert "\x1b[" not in result.stderr  # no progress bar when stderr is not a terminal

    # the summary comes first, and its counts are the full assessments' counts
    assert text.startswith("# Health in All Policies assessments: portfolio report\n\n## Summary\n")
    assert f"{len(BROKEN)} files could not be read" in text.split("## Decisions assessed")[0]
    counts = principle_counts(list(expected.values()))
    table = markdown_table(text, "Ratings of the decisions on each Marmot principle")
    ratings = ["positive", "negative", "mixed", "neutral", "uncertain", "not_assessed"]
    assert table[0] == ["Marmot principle", *(RATING_WORDS[r] for r in ratings)]
    for n, row in enumerate(table[1:], start=1):
        assert row == [f"{n}. {SHORT_LABELS[n]}", *(str(counts[n][r]) for r in ratings)]
    conclusions = Counter(a.conclusion_words for a in expected.values())
    assert markdown_table(text, "Overall conclusions of the assessments")[1:] == [
        [words, str(conclusions[words])] for words in CONCLUSIONS.values()
    ]

    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT file, title, complete FROM assessments").fetchall()
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
        assert row["conclusion"] == full.conclusion_words
        assert row["complete"] == ("yes" if full.complete else "no")
        assert [row[f"principle_{n}"] for n in range(1, 9)] == [p.words for p in full.principles]
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
    # the detail starts on page 2: the second section's heading breaks the page
    second = next(p for p in doc.paragraphs if p.text == section_titles[1])
    assert second._p.find(qn("w:pPr")).find(qn("w:pageBreakBefore")) is not None
    # every table has a repeating header row
    assert len(doc.tables) >= 8
    for table in doc.tables:
        first = table.rows[0]._tr
        assert first.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    # the summary's first table counts conclusions; the report names every unreadable file
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["Overall conclusion", "Decisions"]
    cells = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    for name, _, reason in BROKEN:
        assert any(name in c for c in cells) and any(reason in c for c in cells), name
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
    assert "0 Health in All Policies assessments" in text and "x.hiap.yaml" in text
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


def test_decisions_in_more_than_one_file_are_flagged() -> None:
    from hiap.portfolio.summary import Rating, Summary

    ratings = tuple(Rating(n, "neutral", "Neutral") for n in range(1, 9))
    summaries = [
        Summary(file="v1.hiap.yaml", title="Bus fares", ratings=ratings),
        Summary(file="v2.hiap.yaml", title="  bus   FARES", ratings=ratings),
        Summary(file="a.hiap.yaml", title="Budget", details={"reference": "EX/1"}, ratings=ratings),
        Summary(file="b.hiap.yaml", title="Budget", details={"reference": "EX/2"}, ratings=ratings),
    ]
    p = Portfolio(summaries, [], TODAY)
    assert p.repeated() == [("Bus fares", ["v1.hiap.yaml", "v2.hiap.yaml"])]
    summary = next(s for s in sections(p) if s.id == "summary")
    assert any(
        "1 decision found in more than one file" in item
        for b in summary.blocks
        if isinstance(b, Bullets)
        for item in b.items
    )
    assert not Portfolio(summaries[2:], [], TODAY).repeated()
