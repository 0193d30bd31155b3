"""The `hiap` command as users run it: a subprocess, its output and exit codes."""

from __future__ import annotations

import json
import os
import shutil
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
def test_start_up_imports_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    """`hiap --help` must stay instant: no python-docx, lxml, questionary, prompt_toolkit, rich, pydantic,
    and on Linux not platformdirs either (the cache folder is worked out by the XDG rule)."""
    heavy = {"docx", "lxml", "questionary", "prompt_toolkit", "rich", "pydantic", "yaml"}
    if sys.platform.startswith("linux"):
        heavy.add("platformdirs")
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['hiap', *{args!r}]\n"
        "try:\n    runpy.run_module('hiap', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {sorted(heavy)!r})\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "HIAP_CACHE_DIR"} | {"XDG_CACHE_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
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
    assert text.startswith("# ") and "Health in All Policies assessment" in text.splitlines()[0]
    js = hiap("render", str(example), "--format", "json", "-o", str(tmp_path / "out.json"))
    assert js.returncode == 0, js.stderr
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    if data["route"] != "none":  # a screened-out decision has no findings to give
        assert text.index("## Summary") < text.index("## Findings by Marmot principle")
    # a finding for each principle in scope; the others are named once as not affected
    for n in range(1, 9):
        assert (f"### {n}. " in text) == (n in data["principles_in_scope"]), n
    assert len(data["principles"]) == 8 and data["complete"] and not data["draft"]
    if data["route"] == "none":  # screened out: the screening is the conclusion
        assert data["conclusion"] is None and data["route_reason"]
    else:
        assert data["conclusion"] in ("no_major_change", "adjust", "continue_with_justification", "stop")
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


# -- command-line conventions ------------------------------------------------------------------


@pytest.mark.windows
def test_global_options_work_before_or_after_the_command(hiap: Run) -> None:
    before = hiap("--plugins", "", "checklists", "--json")
    after = hiap("checklists", "--json", "--plugins", "")
    assert before.returncode == after.returncode == 0, after.stderr
    assert (
        {c["id"] for c in json.loads(after.stdout)}
        == {"core", "groups"}
        == {c["id"] for c in json.loads(before.stdout)}
    )
    off = json.loads(hiap("plugins", "--json", "--disable-plugin", "housing").stdout)
    assert {p["name"]: p["status"] for p in off}["housing"] == "disabled"
    debug = hiap("render", "missing.hiap.yaml", "--debug")
    assert debug.returncode == 2 and "Traceback" in debug.stderr


@pytest.mark.windows
def test_a_mistyped_command_gets_a_suggestion(hiap: Run) -> None:
    result = hiap("rendr", "x.hiap.yaml")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "hiap: error: unknown command 'rendr'; did you mean 'render'?\n"
    nothing = hiap("frobnicate")
    assert nothing.returncode == 2 and "run 'hiap --help' for the list" in nothing.stderr


@pytest.mark.windows
def test_every_command_has_a_description_in_its_help(hiap: Run) -> None:
    from hiap.cli import CORE_COMMANDS

    for name, (_, short, description, _) in CORE_COMMANDS.items():
        result = hiap(name, "--help")
        assert result.returncode == 0, name
        assert " ".join(description.split()[:6]) in " ".join(result.stdout.split()), name
        assert short != description, name
    assert "Read the indicator and asset files" in hiap("evidence", "--help").stdout  # a plugin's command too
    assert "Write a plugin package" in hiap("plugin", "new", "--help").stdout


@pytest.mark.windows
def test_render_to_standard_output(hiap: Run, tmp_path: Path) -> None:
    md = hiap("render", str(EXAMPLES[0]), "--format", "md", "-o", "-")
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# ") and "Health in All Policies assessment" in md.stdout.splitlines()[0]
    assert "Wrote" not in md.stdout
    assert not list(tmp_path.glob("*.md"))
    js = hiap("render", str(EXAMPLES[0]), "--format", "json", "-o", "-")
    assert len(json.loads(js.stdout)["principles"]) == 8
    word = subprocess.run(
        [sys.executable, "-m", "hiap", "render", str(EXAMPLES[0]), "-o", "-"],
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "HIAP_CONFIG_DIR": str(tmp_path / "none")},
    )
    assert word.returncode == 0 and word.stdout[:2] == b"PK"  # a Word file is a zip package
    (tmp_path / "piped.docx").write_bytes(word.stdout)
    import docx

    assert "Health in All Policies" in "\n".join(p.text for p in docx.Document(str(tmp_path / "piped.docx")).paragraphs)


@pytest.mark.windows
def test_portfolio_to_standard_output(hiap: Run) -> None:
    result = hiap("portfolio", *map(str, EXAMPLES), "--format", "md", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("#") and "summarised" in result.stderr and "Wrote" not in result.stderr


@pytest.mark.windows
def test_check_json(hiap: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.hiap.yaml"
    bad.write_text("format: 1\nanswres: {}\n", encoding="utf-8")
    draft = tmp_path / "draft.hiap.yaml"
    draft.write_text("format: 1\ndecision:\n  title: Library opening hours\n", encoding="utf-8")
    result = hiap("check", "--json", str(EXAMPLES[0]), str(bad), str(draft))
    assert result.returncode == 2 and result.stderr == ""
    data = json.loads(result.stdout)
    files = {Path(f["file"]).name: f for f in data["files"]}
    assert data["with_problems"] == 1
    assert files[EXAMPLES[0].name]["ok"] and files[EXAMPLES[0].name]["problems"] == []
    (problem,) = files["bad.hiap.yaml"]["problems"]
    assert problem["line"] == 2 and problem["message"].startswith("answres: unknown key 'answres'")
    assert problem["text"] == f"{bad}:2: {problem['message']}"
    assert files["draft.hiap.yaml"]["ok"] and files["draft.hiap.yaml"]["required_answers_to_give"] > 0
    assert hiap("check", "--json", str(EXAMPLES[0])).returncode == 0


@pytest.mark.windows
def test_the_guides_are_readable_offline(hiap: Run) -> None:
    listed = hiap("docs")
    assert listed.returncode == 0 and "configuration" in listed.stdout and "writing-plugins" in listed.stdout
    guide = hiap("docs", "local_evidence")
    assert guide.stdout == (ROOT / "docs" / "local_evidence.md").read_text(encoding="utf-8")
    wrong = hiap("docs", "configuraton")
    assert wrong.returncode == 2 and "did you mean 'configuration'?" in wrong.stderr


@pytest.mark.windows
def test_output_never_fails_on_a_console_code_page(hiap: Run) -> None:
    """Windows consoles and pipes may use a code page without '→': hiap writes UTF-8 to a pipe."""
    result = hiap("docs", "local-evidence", env={"PYTHONIOENCODING": "cp1252"})
    assert result.returncode == 0, result.stderr
    assert "72.5 → 72.1 years" in result.stdout


def test_bash_completion_completes_commands_options_and_values(hiap: Run, tmp_path: Path) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    script = tmp_path / "hiap-completion.bash"
    result = hiap("completion", "bash")
    assert result.returncode == 0 and "complete " in result.stdout
    script.write_text(result.stdout, encoding="utf-8")

    def complete(*words: str) -> list[str]:
        line = " ".join(repr(w) if w else "''" for w in words)
        code = f"source {script}; COMP_WORDS=(hiap {line}); COMP_CWORD={len(words)}; _hiap_complete; "
        code += 'printf "%s\\n" "${COMPREPLY[@]}"'
        done = subprocess.run([bash, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
        return done.stdout.split()

    assert complete("ren") == ["render"]
    assert "evidence" in complete("ev")  # a plugin's command
    assert complete("render", "--form") == ["--format"]
    assert complete("completion", "") == ["bash", "powershell", "zsh"]
    assert complete("--plugins", "housing", "chec") == ["check", "checklists"]
    (tmp_path / "decision.hiap.yaml").write_text("", encoding="utf-8")
    assert complete("render", "dec") == ["decision.hiap.yaml"]
    assert "configuration" in complete("docs", "")


@pytest.mark.windows
def test_zsh_and_powershell_completion_scripts(hiap: Run) -> None:
    zsh = hiap("completion", "zsh")
    assert zsh.returncode == 0 and "bashcompinit" in zsh.stdout and "_hiap_complete" in zsh.stdout
    if shutil.which("zsh"):
        # through zsh's own bash-completion layer (bashcompinit's compgen -F), as zsh calls it; zsh
        # filters the candidates by what was typed itself, so all of the right kind come back
        script = "; ".join(
            [
                zsh.stdout,
                "COMP_WORDS=(hiap render --form); COMP_CWORD=2; compgen -F _hiap_complete -- --form",
                "echo ---; COMP_WORDS=(hiap completion ''); COMP_CWORD=2; compgen -F _hiap_complete -- ''",
            ]
        )
        done = subprocess.run(["zsh", "-f", "-c", script], capture_output=True, text=True)
        options, shells = done.stdout.split("---")
        assert done.returncode == 0 and "--format" in options.split() and "render" not in options, done.stderr
        assert shells.split() == ["bash", "powershell", "zsh"]
    ps = hiap("completion", "powershell")
    assert ps.returncode == 0 and "Register-ArgumentCompleter -Native -CommandName hiap" in ps.stdout
    assert "'render' = @{ options = @(" in ps.stdout and "'--format'" in ps.stdout and "'evidence'" in ps.stdout
    assert hiap("completion", "fish").returncode == 2


@pytest.mark.pty
def test_no_color_removes_bold_and_dim_as_well_as_colour(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")

    def screen(**env: str) -> str:
        full = {**os.environ, "HIAP_CONFIG_DIR": str(tmp_path / "none"), "TERM": "xterm-256color", **env}
        full.pop("NO_COLOR", None)
        full.update(env)
        return str(
            pexpect.run(f"{sys.executable} -m hiap checklists --plugins=", env=full, encoding="utf-8", timeout=60)
        )

    styled, plain = screen(), screen(NO_COLOR="1")
    assert "\x1b[1m" in styled  # bold titles on a terminal
    assert "\x1b[" not in plain and "Marmot" in plain


@pytest.mark.windows
def test_paths_with_spaces_and_non_ascii_letters(hiap: Run, tmp_path: Path) -> None:
    folder = tmp_path / "Décisions du conseil" / "Año 2026"
    folder.mkdir(parents=True)
    answers = folder / "Parc à vélos – Luton.hiap.yaml"
    shutil.copy(EXAMPLES[0], answers)
    assert hiap("check", str(answers)).stdout == f"{answers}: OK\n"
    out = folder / "Annexe é.docx"
    result = hiap("render", str(answers), "-o", str(out), "--format", "docx", cwd=folder)
    annex = folder / "Annexe é-annex.docx"
    assert result.returncode == 0 and result.stdout.startswith(f"Wrote {out}\nWrote {annex} "), result.stderr
    assert out.stat().st_size > 10_000
    beside = hiap("render", answers.name, "--format", "md", cwd=folder)
    assert beside.returncode == 0 and (folder / "Parc à vélos – Luton.md").is_file()


@pytest.mark.windows
@pytest.mark.parametrize(
    ("args", "loads_plugins"), [(["--version"], False), (["render", "--help"], False), (["--help"], True)]
)
def test_plugins_load_only_when_their_commands_may_be_wanted(args: list[str], loads_plugins: bool) -> None:
    """hiap's own commands and --version never load plugins; --help does (plugins add commands),
    and even then imports nothing heavy, because plugins import inside their hooks."""
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['hiap', *{args!r}]\n"
        "try:\n    runpy.run_module('hiap', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print('LOADED', sorted(m for m in sys.modules if m.startswith('hiap_')), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    loaded = result.stderr.split("LOADED ", 1)[1]
    assert ("'hiap_evidence'" in loaded) is loads_plugins, loaded


@pytest.mark.parametrize("empty", ["~", "'\u00a0\u2003'"], ids=["null", "spaces"])
def test_outline_counts_an_empty_required_answer_as_still_to_give(hiap: Run, tmp_path: Path, empty: str) -> None:
    """`title: ~` was asked but not answered: outline says what check and render say."""
    source = ROOT / "examples" / "medway-telephony-contract.hiap.yaml"
    line = "  title: Renewal of the corporate telephony contract, 2027 to 2030\n"
    text = source.read_text(encoding="utf-8")
    assert line in text
    path = tmp_path / "untitled.hiap.yaml"
    path.write_text(text.replace(line, f"  title: {empty}\n", 1), encoding="utf-8")
    found = json.loads(hiap("outline", str(path), "--json").stdout)
    title = next(q for q in found["questions"] if q["id"] == "decision.title")
    assert not title["answered"] and found["remaining"] == 1
    checked = hiap("check", str(path))
    assert "1 required answer to give" in checked.stdout, checked.stdout


#: The most answers an officer gives on each route (issue 16), and the fewest principles in scope.
ROUTE_TARGETS = {"none": (12, 0), "rapid": (40, 4), "full": (90, 6)}


def test_every_example_is_complete_and_within_its_routes_target(hiap: Run) -> None:
    """What `hiap outline --json` says of each worked example: nothing left to answer, and no more
    answers than its route allows; between them the examples take every route."""
    depths = set()
    for example in EXAMPLES:
        result = hiap("outline", str(example), "--json")
        assert result.returncode == 0, result.stderr
        found = json.loads(result.stdout)
        most, principles = ROUTE_TARGETS[found["depth"]]
        given = sum(q["fields"] for q in found["questions"] if q["answered"])
        assert found["remaining"] == 0, (example.name, [q["id"] for q in found["questions"] if not q["answered"]])
        assert given == found["answered"] <= most, (example.name, found["answered"], most)
        assert len(found["principles"]) >= principles, (example.name, found["principles"])
        depths.add(found["depth"])
    assert depths == set(ROUTE_TARGETS)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["schema", "answers"], ["outline", "EXAMPLE"], ["render", "EXAMPLE", "-o", "-"]])
def test_a_full_disk_on_standard_output_is_the_users_to_fix_not_a_bug(tmp_path: Path, command: list[str]) -> None:
    """Standard output on a full disk (or quota): one line and exit 2, never 'a bug in hiap'."""
    import os
    import subprocess
    import sys

    example = str(ROOT / "examples" / "medway-telephony-contract.hiap.yaml")
    args = [example if word == "EXAMPLE" else word for word in command]
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "hiap", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "NO_COLOR": "1", "HIAP_CONFIG_DIR": str(tmp_path / "none")},
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "hiap: error: could not write the output (no space left on the disk); free some space, or write to a "
        "file with -o where the command has it"
    ]


def test_render_writes_the_format_the_output_name_says(hiap: Run, tmp_path: Path) -> None:
    """`-o appendix.html` is a web page, as in `hiap portfolio`; a --format that contradicts the
    name is written as asked, with a warning naming both."""
    example = str(ROOT / "examples" / "medway-telephony-contract.hiap.yaml")
    done = hiap("render", example, "-o", str(tmp_path / "appendix.html"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "appendix.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert hiap("render", example, "-o", str(tmp_path / "a.json")).returncode == 0
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["format"].startswith("hiap-assessment/")
    done = hiap("render", example, "--format", "docx", "-o", str(tmp_path / "odd.md"))
    assert done.returncode == 0 and (tmp_path / "odd.md").read_bytes()[:2] == b"PK"
    assert "the 'docx' format was written to a file whose name ends '.md'" in done.stderr
    assert hiap("render", example, "-o", str(tmp_path / "plain.docx")).stderr == ""
    assert hiap("render", example, "-o", str(tmp_path / "page.htm")).returncode == 0
    assert (tmp_path / "page.htm").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    done = hiap("render", example, "-o", str(tmp_path / "notes.txt"))
    assert done.returncode == 0 and (tmp_path / "notes.txt").read_bytes()[:2] == b"PK"
    assert "the name ends '.txt', which is no format's: written as Word (docx)" in done.stderr
