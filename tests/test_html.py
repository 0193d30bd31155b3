"""``hiap render --format html`` and ``hiap portfolio --format html``, as a user gets them: the
CLI run on the worked examples, the page read back with the standard library's HTML parser, and
checked by axe-core (the rules for WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices) in a
headless Chromium driven by Playwright, with every request the page makes recorded.

The browser is Debian's ``chromium`` (``.ci/run`` installs it); without it the axe test fails in
CI and is skipped elsewhere, saying why.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from hiap.wording import EFFECT_WORDS, RATING_WORDS
from tests.conftest import ROOT, Run

EXAMPLES = sorted((ROOT / "examples").glob("*.hiap.yaml"))
HOSTILE = '=HYPERLINK("x")<script>alert(1)</script>'
HOSTILE_OFFICER = '<img src=x onerror="alert(2)"> & </style><a href="javascript:alert(3)">me</a>'
TODAY = "2027-03-01"
#: axe-core's rule tags for WCAG 2.2 AA (with the 2.0 and 2.1 rules it includes) and best practice.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
RATING_START = tuple(sorted({*RATING_WORDS.values(), *EFFECT_WORDS.values()}, key=len, reverse=True))


@dataclass
class Page:
    """What a reader (and a screen reader) meets in a page."""

    lang: str | None = None
    title: str = ""
    headings: list[tuple[int, str]] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    #: (tag, attribute, value) of every attribute that could load something or run something
    loads: list[tuple[str, str, str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    styles: str = ""
    shaded: list[str] = field(default_factory=list)
    text: str = ""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[str] = []
        self.capture: list[str] | None = None
        self.cell_style: str | None = None
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.page.tags.add(tag)
        if tag == "html":
            self.page.lang = values.get("lang")
        for name, value in values.items():
            if name in ("src", "srcset", "data", "poster", "action", "formaction", "background") or name.startswith(
                "on"
            ):
                self.page.loads.append((tag, name, value))
            if name == "href" and tag != "a":
                self.page.loads.append((tag, name, value))
            if name == "style" and ("url(" in value or "@import" in value):
                self.page.loads.append((tag, name, value))
        if tag == "a":
            self.page.links.append(values.get("href", ""))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.page.loads.append((tag, "http-equiv", "refresh"))
        if tag == "table":
            self.page.tables.append({"caption": None, "th": [], "first": None})
        if self.page.tables and tag != "table" and self.page.tables[-1]["first"] is None:
            self.page.tables[-1]["first"] = tag
        if tag == "th":
            self.page.tables[-1]["th"].append(values.get("scope"))
        if tag in ("th", "td") and "background" in values.get("style", ""):
            self.cell_style = tag
        if tag in ("title", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "style") or self.cell_style == tag:
            self.capture = []
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        text = " ".join("".join(self.capture or []).split())
        if tag == "title":
            self.page.title = text
        elif tag == "caption":
            self.page.tables[-1]["caption"] = text
        elif re.fullmatch(r"h[1-6]", tag):
            self.page.headings.append((int(tag[1]), text))
        elif tag == "style":
            self.page.styles += "".join(self.capture or [])
        elif tag == self.cell_style:
            self.page.shaded.append(text)
            self.cell_style = None
        if tag in ("title", "caption", "style") or re.fullmatch(r"h[1-6]|th|td", tag):
            self.capture = None
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.capture is not None:
            self.capture.append(data)
        if "style" not in self.stack[-1:]:
            self.texts.append(data)


def read_page(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    reader.page.text = " ".join("".join(reader.texts).split())
    return reader.page


def check_page(page: Page, raw: str) -> None:
    """The WCAG checks a reader can see in the source, each with the page's own evidence."""
    assert page.lang == "en-GB"
    assert page.title.strip()
    levels = [level for level, _ in page.headings]
    assert levels and levels[0] == 1, page.headings[:3]
    for (before, _), (after, text) in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"h{before} is followed by h{after} ({text})"
    assert all(text for _, text in page.headings)
    assert page.tables, "expected tables"
    for table in page.tables:
        assert table["first"] == "caption" and table["caption"], table
        assert table["th"] and set(table["th"]) <= {"col", "row"}, table
    # no script, nothing loaded, no styles from elsewhere
    assert "script" not in page.tags and "<script" not in raw.lower()
    assert not page.tags & {"iframe", "object", "embed", "img", "link", "base", "form", "svg", "video", "audio"}
    assert page.loads == []
    assert "url(" not in page.styles and "@import" not in page.styles
    assert all(re.match(r"https?://", href) for href in page.links), page.links
    # A4 print styles
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", page.styles)
    assert "@media print" in page.styles
    # every colour behind text repeats what its words say
    for text in page.shaded:
        assert text.startswith(RATING_START), text


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every worked example rendered through the CLI, and the portfolio of them all."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("html")
    env = {**os.environ, "NO_COLOR": "1", "HIAP_CONFIG_DIR": str(out / "no-config")}
    written = {}
    for example in EXAMPLES:
        target = out / (example.name.removesuffix(".hiap.yaml") + ".html")
        done = subprocess.run(
            [sys.executable, "-m", "hiap", "render", str(example), "--format", "html", "-o", str(target)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        written[example.name] = target
    report = out / "portfolio.html"
    done = subprocess.run(
        [sys.executable, "-m", "hiap", "portfolio", str(ROOT / "examples"), "-o", str(report), "--today", TODAY],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    written["portfolio"] = report
    return written


@pytest.mark.parametrize("example", [e.name for e in EXAMPLES])
def test_example_page_meets_the_checks(pages: dict[str, Path], example: str) -> None:
    path = pages[example]
    page = read_page(path)
    check_page(page, path.read_text(encoding="utf-8"))
    title = page.headings[0][1]
    assert title.startswith("Appendix")
    # the page's title names the decision first, then what the page is
    source = next(e for e in EXAMPLES if e.name == example)
    decision = " ".join(yaml.safe_load(source.read_text(encoding="utf-8"))["decision"]["title"].split())
    assert page.title == f"{decision} – {title}", page.title
    # the same content as the Word appendix, and its annex after it
    h2 = [text for level, text in page.headings if level == 2]
    assert h2[0] == "Summary"
    assert [text for level, text in page.headings if level == 1][1].startswith("Annex")
    assert "Decision:" in page.text


def test_html_has_the_words_of_the_markdown_copy(hiap: Run, tmp_path: Path, pages: dict[str, Path]) -> None:
    """The HTML holds the same content as the other formats: every heading and table caption of
    the Markdown copy (which is the appendix and annex too) is in it."""
    example = EXAMPLES[0]
    done = hiap("render", str(example), "--format", "md", "-o", str(tmp_path / "x.md"))
    assert done.returncode == 0, done.stderr
    markdown = (tmp_path / "x.md").read_text(encoding="utf-8")
    page = read_page(pages[example.name])
    headings = [text for _, text in page.headings]
    for line in markdown.splitlines():
        if line.startswith("#"):
            assert line.lstrip("#").strip().replace("\\", "") in headings, line
    captions = [t["caption"].split(": ", 1)[1] for t in page.tables]
    for caption in re.findall(r"^\*Table: (.+)\*$", markdown, flags=re.M):
        assert caption.replace("\\", "") in captions


def test_portfolio_page_meets_the_checks(pages: dict[str, Path]) -> None:
    path = pages["portfolio"]
    page = read_page(path)
    check_page(page, path.read_text(encoding="utf-8"))
    assert page.title == page.headings[0][1] == "Health in All Policies assessments: portfolio report"
    assert "As at 1 March 2027" in page.text


def _hostile_copy(folder: Path) -> Path:
    source = next(e for e in EXAMPLES if "luton-evening" in e.name)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["decision"]["title"] = HOSTILE
    data["decision"]["lead_officer"] = HOSTILE_OFFICER
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "hostile.hiap.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def test_hostile_title_comes_out_inert(hiap: Run, tmp_path: Path) -> None:
    answers = _hostile_copy(tmp_path / "in")
    done = hiap("render", str(answers), "--format", "html", "-o", str(tmp_path / "out.html"))
    assert done.returncode == 0, done.stderr
    raw = (tmp_path / "out.html").read_text(encoding="utf-8")
    page = read_page(tmp_path / "out.html")
    check_page(page, raw)
    # shown as the words typed, never as markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert f"Decision: {HOSTILE}" in page.text
    assert page.title.startswith(f"{HOSTILE} – Appendix"), page.title
    assert " ".join(HOSTILE_OFFICER.split()) in page.text
    assert "<img" not in raw and not any("javascript:" in href for href in page.links)
    assert page.tags <= {"html", "head", "meta", "title", "style", "body", "main", "article", "section"} | {
        "h1",
        "h2",
        "h3",
        "h4",
        "p",
        "strong",
        "ul",
        "li",
        "a",
        "div",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }


def test_hostile_title_in_the_portfolio_comes_out_inert(hiap: Run, tmp_path: Path) -> None:
    answers = _hostile_copy(tmp_path / "in")
    done = hiap("portfolio", str(answers.parent), "--format", "html", "-o", str(tmp_path / "p.html"), "--today", TODAY)
    assert done.returncode == 0, done.stderr
    raw = (tmp_path / "p.html").read_text(encoding="utf-8")
    page = read_page(tmp_path / "p.html")
    check_page(page, raw)
    assert HOSTILE in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw


def test_html_to_standard_output(hiap: Run) -> None:
    done = hiap("render", str(EXAMPLES[0]), "--format", "html", "-o", "-")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("<!DOCTYPE html>") and done.stdout.rstrip().endswith("</html>")


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found is None:
        message = "Chromium is not installed (Debian: apt-get install chromium); axe-core needs a browser"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def test_axe_core_finds_no_violations(pages: dict[str, Path], tmp_path: Path) -> None:
    """axe-core in a real browser, on every example page, the portfolio and a hostile page; the
    browser may fetch nothing but the page itself."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    hostile = tmp_path / "hostile.html"
    answers = _hostile_copy(tmp_path / "in")
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-m", "hiap", "render", str(answers), "--format", "html", "-o", str(hostile)],
        check=True,
        capture_output=True,
        env={**os.environ, "HIAP_CONFIG_DIR": str(tmp_path / "no-config")},
        timeout=120,
    )
    axe = Axe()
    found: dict[str, list[str]] = {}
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium())
        try:
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.on("dialog", lambda dialog: dialogs.append(dialog.message))
            for name, path in [*pages.items(), ("hostile", hostile)]:
                requests.clear()
                page.goto(path.resolve().as_uri())
                assert requests == [path.resolve().as_uri()], requests
                results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
                assert results.response["testEngine"]["name"] == "axe-core"
                found[name] = [
                    f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}" for v in results.response["violations"]
                ]
                # the rules ran: a page with tables and headings passes these, it does not skip them
                passed = {rule["id"] for rule in results.response["passes"]}
                assert {"color-contrast", "html-has-lang", "heading-order", "th-has-data-cells"} <= passed, name
            assert not dialogs
        finally:
            browser.close()
    assert {name: v for name, v in found.items() if v} == {}


def test_ratings_are_shaded_and_say_so_in_words(pages: dict[str, Path]) -> None:
    """The shading the check above holds to words is there to check: rated examples have it."""
    shaded = {name: read_page(path).shaded for name, path in pages.items()}
    assert shaded["luton-evening-bus-subsidy-rapid.hiap.yaml"][:1] == ["Minor negative (-)"]
    assert shaded["portfolio"]
