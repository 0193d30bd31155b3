"""The `hiap` command as users run it: a subprocess, its output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run

EXAMPLES = sorted((ROOT / "examples").glob("*.hiap.yaml"))


def test_version_and_help(hiap: Run) -> None:
    version = hiap("--version")
    assert version.returncode == 0 and version.stdout.strip().startswith("hiap 0.")
    helptext = hiap("--help")
    assert helptext.returncode == 0
    for command in (
        "assess",
        "render",
        "check",
        "checklists",
        "plugins",
        "plugin",
        "config",
        "evidence",
        "diff",
        "portfolio",
    ):
        assert f"    {command}" in helptext.stdout


def test_python_dash_m_works_like_the_command(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "hiap", "--version"], capture_output=True, text=True, cwd=tmp_path)
    script = Path(sys.executable).with_name("hiap")
    direct = subprocess.run([str(script), "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert result.stdout == direct.stdout and result.returncode == direct.returncode == 0


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["render", "--help"]])
def test_start_up_imports_nothing_heavy(args: list[str]) -> None:
    """`hiap --help` must stay instant: no python-docx, lxml, questionary, prompt_toolkit, rich, pydantic."""
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['hiap', *{args!r}]\n"
        "try:\n    runpy.run_module('hiap', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'docx', 'lxml', 'questionary', 'prompt_toolkit', 'rich', 'pydantic', 'yaml'})\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY []" in result.stderr, result.stderr


def test_checklists_json_has_the_contract_fields(hiap: Run) -> None:
    result = hiap("checklists", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    core = next(c for c in data if c["id"] == "core")
    assert core["source"] == "core" and core["version"] and core["title"]
    questions = [q for s in core["sections"] for q in s["questions"]]
    assert questions[0]["id"] == "decision.title"
    for q in questions:
        assert {"id", "text", "help", "type", "principles", "sources"} <= set(q)
        assert len(q["help"]) >= 40 and "." in q["help"]
        if q["principles"]:
            assert q["sources"], q["id"]
    for n in range(1, 9):
        assert sum(1 for q in questions if n in q["principles"]) >= 3, f"principle {n}"


def test_checklists_json_lists_each_sector_plugin(hiap: Run) -> None:
    data = json.loads(hiap("checklists", "--json").stdout)
    by_id = {c["id"]: c for c in data}
    for name in ("housing", "transport", "employment"):
        questions = [q for s in by_id[name]["sections"] for q in s["questions"]]
        assert by_id[name]["source"] == name
        assert len(questions) >= 8
        assert all(q["help"] and q["sources"] for q in questions)


def test_plugins_json_fields_and_selection(hiap: Run) -> None:
    data = json.loads(hiap("plugins", "--json").stdout)
    names = {p["name"] for p in data}
    assert {"housing", "transport", "employment"} <= names
    for plugin in data:
        assert {"name", "version", "hooks", "status", "error"} <= set(plugin)
        assert plugin["status"] in ("ok", "failed", "disabled")
    only = json.loads(hiap("plugins", "--json", env={"HIAP_PLUGINS": "housing"}).stdout)
    assert {p["name"]: p["status"] for p in only}["transport"] == "disabled"
    assert {p["name"]: p["status"] for p in only}["housing"] == "ok"
    off = json.loads(hiap("plugins", "--json", "--disable-plugin", "housing").stdout)
    assert {p["name"]: p["status"] for p in off}["housing"] == "disabled"
    none = hiap("checklists", "--json", "--plugins", "")
    assert {c["id"] for c in json.loads(none.stdout)} == {"core", "groups"}


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_every_example_checks_and_renders(hiap: Run, tmp_path: Path, example: Path) -> None:
    before = example.read_bytes()
    check = hiap("check", str(example))
    assert check.returncode == 0 and check.stdout.strip().endswith("OK"), check.stderr
    md = hiap("render", str(example), "--format", "md", "-o", str(tmp_path / "out.md"))
    assert md.returncode == 0, md.stderr
    text = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert text.startswith("# Appendix [X]: Health in All Policies assessment")
    assert text.index("## Summary") < text.index("## Findings by Marmot principle")
    for n in range(1, 9):
        assert f"### {n}. " in text
    js = hiap("render", str(example), "--format", "json", "-o", str(tmp_path / "out.json"))
    assert js.returncode == 0, js.stderr
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert len(data["principles"]) == 8 and data["conclusion"] in (
        "no_major_change",
        "adjust",
        "continue_with_justification",
        "stop",
    )
    assert example.read_bytes() == before  # inputs are never changed


def test_render_is_deterministic(hiap: Run, tmp_path: Path) -> None:
    example = EXAMPLES[0]
    hiap("render", str(example), "--format", "md", "-o", str(tmp_path / "a.md"))
    hiap("render", str(example), "--format", "md", "-o", str(tmp_path / "b.md"))
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == (tmp_path / "b.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "is empty"),
        ("format: 1\nanswres: {}\n", "unknown key 'answres'; did you mean 'answers'?"),
        ("format: 1\nanswers:\n  screening.route: fulll\n", "did you mean 'full'?"),
        ("format: 1\nanswers: !!python/object/apply:os.system ['echo PWNED']\n", "tag"),
        ("format: 99\n", "newer hiap"),
        ("- just\n- a list\n", "must be a mapping"),
        ("format: 1\ndecision: {title: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_answers_files_exit_2_with_one_clear_line(hiap: Run, tmp_path: Path, content: str, expected: str) -> None:
    bad = tmp_path / "bad.hiap.yaml"
    bad.write_text(content, encoding="utf-8")
    for args in (["check", str(bad)], ["render", str(bad), "--format", "md"]):
        result = hiap(*args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert expected in result.stderr and str(bad) in result.stderr
        assert "Traceback" not in result.stderr and "PWNED" not in result.stdout + result.stderr
    assert bad.read_text(encoding="utf-8") == content
    assert not list(tmp_path.glob("bad*.md"))


def test_missing_file_and_unknown_format(hiap: Run, tmp_path: Path) -> None:
    missing = hiap("render", str(tmp_path / "nope.hiap.yaml"))
    assert missing.returncode == 2 and "no such answers file" in missing.stderr
    if EXAMPLES:
        fmt = hiap("render", str(EXAMPLES[0]), "--format", "mdd", "-o", str(tmp_path / "x"))
        assert fmt.returncode == 2 and "unknown format 'mdd'; did you mean 'md'?" in fmt.stderr


def test_debug_shows_the_traceback(hiap: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.hiap.yaml"
    bad.write_text("format: 1\nanswres: {}\n", encoding="utf-8")
    plain = hiap("check", str(bad))
    assert "Traceback" not in plain.stderr
    debug = hiap("render", str(bad), "--debug")
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_check_reports_checklist_files(hiap: Run, tmp_path: Path) -> None:
    good = hiap(
        "check",
        str(ROOT / "hiap" / "checklists" / "core.yaml"),
        str(ROOT / "plugins" / "hiap-housing" / "src" / "hiap_housing" / "housing.yaml"),
    )
    assert good.returncode == 0, good.stderr
    bad = tmp_path / "bank.yaml"
    bad.write_text(
        "id: libraries\nversion: '1'\ntitle: Libraries\nsections:\n  - id: libraries\n    title: Libraries\n    questions:\n"
        "      - id: libraries.hours\n        text: Do opening hours change?\n        help: Opening hours decide who can use a library.\n"
        "        type: yesno\n        when: \"__import__('os').system('echo PWNED') == 0\"\n",
        encoding="utf-8",
    )
    result = hiap("check", str(bad))
    assert result.returncode == 2 and "PWNED" not in result.stdout
    assert f"{bad}:8: question 'libraries.hours': when:" in result.stderr and "function calls" in result.stderr


def test_no_command_prints_help(hiap: Run) -> None:
    result = hiap()
    assert result.returncode == 0 and "hiap assess" in result.stdout


def test_bad_option_is_exit_2(hiap: Run) -> None:
    result = hiap("render")
    assert result.returncode == 2 and "the following arguments are required: file" in result.stderr


def test_check_says_when_a_valid_file_is_still_a_draft(hiap: Run, tmp_path: Path) -> None:
    draft = tmp_path / "draft.hiap.yaml"
    draft.write_text("format: 1\ndecision:\n  title: Library opening hours\n", encoding="utf-8")
    result = hiap("check", str(draft))
    assert result.returncode == 0
    assert result.stdout.startswith(f"{draft}: OK (a draft: ") and "required answers to give)" in result.stdout
