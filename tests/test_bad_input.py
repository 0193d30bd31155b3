"""Every kind of bad file, through the real command as a user runs it.

The corpus in ``tests/badfiles/`` (answers files, checklists, ``hiap.toml`` files and Word
templates) plus the huge and bomb-shaped files made here at test time each go through
``hiap check`` and ``hiap render`` (configurations through ``HIAP_CONFIG``, templates through
``--template``). Each must give exit 2 and a message that names the file, the line or field where
there is one, and what is wrong; no traceback; nothing executed (the payloads would print
``HIAP-CANARY-FIRED`` or create ``hiap-canary``); the file unchanged and nothing written.
"""

from __future__ import annotations

import hashlib
import io
import os
import resource
import shutil
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT

CORPUS = Path(__file__).parent / "badfiles"
CANARY_TEXT = "HIAP-CANARY-FIRED"
CANARY_FILE = "hiap-canary"
GOOD_ANSWERS = "format: 1\ndecision:\n  title: Library opening hours\n  kind: service_change\n"


@dataclass(frozen=True)
class Expect:
    """What the message must say: a fragment, and the line and field where the file has them."""

    text: str
    line: int | None = None
    field: str | None = None
    render: str | None = None  # what `hiap render` says, when it differs from `hiap check`


# -- what each corpus file must produce ---------------------------------------------------------

ANSWERS: dict[str, Expect] = {
    "empty.hiap.yaml": Expect("the answers file is empty"),
    "comments-only.hiap.yaml": Expect("the answers file is empty"),
    "binary.hiap.yaml": Expect("this is a binary file, not an answers file"),
    "utf16.hiap.yaml": Expect("this is a binary file"),
    "latin1.hiap.yaml": Expect("is not UTF-8 text"),
    "broken-unclosed.hiap.yaml": Expect("not valid YAML", 3),
    "broken-indent.hiap.yaml": Expect("not valid YAML", 7),
    "broken-tab.hiap.yaml": Expect("not valid YAML", 3),
    "broken-quote.hiap.yaml": Expect("not valid YAML", 7),
    "top-list.hiap.yaml": Expect("the top level of the answers file must be a mapping", 1),
    "top-scalar.hiap.yaml": Expect("the top level of the answers file must be a mapping", 1),
    "two-documents.hiap.yaml": Expect("more than one YAML document", 3),
    "tag-os-system.hiap.yaml": Expect("the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'", 5),
    "tag-root.hiap.yaml": Expect("the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'", 1),
    "tag-subprocess.hiap.yaml": Expect("python/object/apply:subprocess.check_output' is not allowed", 3),
    "tag-object-new.hiap.yaml": Expect("python/object/new:os.system' is not allowed", 6),
    "tag-name.hiap.yaml": Expect("python/name:os.system' is not allowed", 6),
    "tag-module.hiap.yaml": Expect("python/module:os' is not allowed", 6),
    "tag-verbatim.hiap.yaml": Expect("python/object/apply:os.system' is not allowed", 5),
    "tag-on-key.hiap.yaml": Expect("python/object/apply:os.system' is not allowed", 6),
    "tag-binary.hiap.yaml": Expect("the YAML tag 'tag:yaml.org,2002:binary' is not allowed", 6),
    "tag-custom.hiap.yaml": Expect("the YAML tag '!include' is not allowed", 6),
    "tag-set.hiap.yaml": Expect("the YAML tag 'tag:yaml.org,2002:set' is not allowed", 6),
    "alias-billion-laughs.hiap.yaml": Expect("YAML aliases (*name) are not allowed", 2),
    "alias-simple.hiap.yaml": Expect("YAML aliases (*name) are not allowed", 3),
    "merge-key.hiap.yaml": Expect("YAML merge keys (<<) are not allowed", 3),
    "duplicate-top-key.hiap.yaml": Expect("'format' appears twice", 2),
    "duplicate-answer.hiap.yaml": Expect("'screening.reach' appears twice", 8),
    "nested-too-deep.hiap.yaml": Expect("the YAML is nested too deeply", 6),
    "key-is-a-list.hiap.yaml": Expect("a key must be a plain word", 2),
    "key-is-null.hiap.yaml": Expect("a key must be a plain word", 2),
    "key-is-a-number.hiap.yaml": Expect("a key must be a word, not a number", 2, "2026"),
    "misspelt-top-key.hiap.yaml": Expect("unknown key 'answres'; did you mean 'answers'?", 5, "answres"),
    "unknown-top-key.hiap.yaml": Expect("unknown key 'colour'; allowed keys are: format", 5, "colour"),
    "misspelt-decision-field.hiap.yaml": Expect(
        "unknown decision field 'titel'; did you mean 'title'?", 3, "decision.titel"
    ),
    "misspelt-answer-key.hiap.yaml": Expect(
        "unknown key 'notes' in an answer; did you mean 'note'?", 8, "answers.screening.reach.notes"
    ),
    "decision-field-in-answers.hiap.yaml": Expect(
        "is a detail of the decision, not an answer; move it under 'decision:' as 'meeting_date'",
        6,
        "answers.decision.meeting_date",
    ),
    "unknown-question-id.hiap.yaml": Expect(
        "no question has the id 'screening.aera'; did you mean 'screening.area'?", 6, "screening.aera"
    ),
    "unknown-option.hiap.yaml": Expect(
        "'falls_on_deprivd' is not one of the options; did you mean 'falls_on_deprived'?", 6
    ),
    "unknown-kind.hiap.yaml": Expect("did you mean 'service_change'?", 4, "decision.kind"),
    "unknown-multi-option.hiap.yaml": Expect("'huosing' is not one of the options; did you mean 'housing'?", 6),
    "unknown-event.hiap.yaml": Expect("'exploded' is not allowed here", 6, "events[0].event"),
    "wrong-type-format-text.hiap.yaml": Expect("'format' should be a whole number, not 'one'", 1, "format"),
    "wrong-type-format-float.hiap.yaml": Expect("'format' should be a whole number, not 1.5", 1, "format"),
    "wrong-type-decision-list.hiap.yaml": Expect("this should be a mapping of keys to values", 2, "decision"),
    "wrong-type-answers-text.hiap.yaml": Expect("this should be a mapping of keys to values", 5, "answers"),
    "wrong-type-created.hiap.yaml": Expect("this should be text", 5, "created"),
    "answer-key-yaml-true.hiap.yaml": Expect("no question has the id 'true'", 6, "true"),
    "line-separator.hiap.yaml": Expect(
        "holds a line separator character (U+2028), which YAML reads as a line break", 3
    ),
    "noncharacter.hiap.yaml": Expect("the text holds a character that is not allowed (U+FFFE)", 3),
    "not-a-time-created.hiap.yaml": Expect("'last week' is not a date and time; write it as in ISO 8601", 5, "created"),
    "not-a-day-progress.hiap.yaml": Expect("'2026-13-45' is not a date; write it as YYYY-MM-DD", 8, "progress[0].date"),
    "wrong-type-yesno.hiap.yaml": Expect("'perhaps' is not yes or no", 5, "decision.key_decision"),
    "wrong-type-date.hiap.yaml": Expect("'31/02/2026' is not a date", 4, "decision.meeting_date"),
    "wrong-type-number.hiap.yaml": Expect("'about half' is not a number", 6, "groups.core20_share"),
    "wrong-type-not-a-number.hiap.yaml": Expect("expected a finite number", 6, "groups.core20_share"),
    "wrong-type-choice-list.hiap.yaml": Expect("expected one option, not a list", 6, "screening.gradient"),
    "wrong-type-multi-nested.hiap.yaml": Expect("expected a list of options", 6, "screening.sectors"),
    "wrong-type-text-lines.hiap.yaml": Expect("expected a single line of text", 3, "decision.title"),
    "wrong-type-sources.hiap.yaml": Expect("this should be a list", 8, "answers.screening.reach.sources"),
    "wrong-type-records.hiap.yaml": Expect("expected a list of entries", 6, "actions.plan"),
    "future-format.hiap.yaml": Expect("written by a newer hiap", 1, "format"),
    "format-zero.hiap.yaml": Expect("unknown answers format 0", 1, "format"),
    "no-format.hiap.yaml": Expect("no 'format' key: this does not look like a hiap answers file", 1),
    "not-an-answers-file.hiap.yaml": Expect(
        "not an answers file or a checklist", 1, render="no 'format' key: this does not look like a hiap answers file"
    ),
    # issue 18: values read as typed (YAML 1.2), so 'on' is the text "on", not true
    "yaml11-on-for-yes.hiap.yaml": Expect("'on' is not yes or no", 5, "decision.key_decision"),
    # whatever check accepts, render renders: a source too short to name one once crashed render
    "source-too-short.hiap.yaml": Expect("source 1 ('ab') is too short to name a source", 8),
    # a name from a file never reaches a suggested command or a terminal
    "plugin-name-crafted.hiap.yaml": Expect("is not a plugin or checklist name", 2, "plugins"),
    "escape-sequence.hiap.yaml": Expect("the text holds a control character (U+001B)", 3),
    "c1-control.hiap.yaml": Expect("the text holds a control character (U+009B)", 3),
}

#: `hiap render` reads any file as an answers file; a checklist's own problems show only in `check`.
NOT_ANSWERS = "no 'format' key: this does not look like a hiap answers file"

CHECKLISTS: dict[str, Expect] = {
    "empty.yaml": Expect("the checklist or answers file is empty", render="the answers file is empty"),
    "binary.yaml": Expect("this is a binary file, not a checklist or answers file", render="this is a binary file"),
    "broken.yaml": Expect("not valid YAML", 13, render="not valid YAML"),
    "top-list.yaml": Expect("must be a mapping", 1, render="must be a mapping"),
    "tag-os-system.yaml": Expect("python/object/apply:os.system' is not allowed", 13, render="is not allowed"),
    "tag-custom.yaml": Expect("the YAML tag '!env' is not allowed", 4, render="the YAML tag '!env' is not allowed"),
    "alias-bomb.yaml": Expect("YAML aliases (*name) are not allowed", 4, render="YAML aliases"),
    "duplicate-key.yaml": Expect("'type' appears twice", 13, render="'type' appears twice"),
    "misspelt-key.yaml": Expect("unknown key 'hlep'; did you mean 'help'?", 11, "question 'libraries.hours': hlep"),
    "unknown-top-key.yaml": Expect("unknown key 'sectons'; did you mean 'sections'?", 5, "sectons"),
    "wrong-type-version.yaml": Expect("this should be text; put it in quotes", 3, "version"),
    "wrong-type-sections.yaml": Expect("this should be a list", 4, "sections"),
    "wrong-type-required.yaml": Expect("this should be yes or no", 13, "question 'libraries.hours': required"),
    "unknown-question-type.yaml": Expect("'slider' is not allowed here; expected 'yesno'", 12),
    "unknown-option-value-in-condition.yaml": Expect(
        "'decision.kind' can never be 'servise_change'; did you mean 'service_change'?",
        13,
        "question 'libraries.branches': when",
    ),
    "condition-call.yaml": Expect("function calls are not part of the grammar", 13, "when"),
    "condition-lambda.yaml": Expect("function calls are not part of the grammar", 13, "when"),
    "condition-dunder.yaml": Expect("names may not start with '_'", 13, "when"),
    "condition-is.yaml": Expect("use == or != instead of 'is'", 13, "when"),
    "condition-fstring.yaml": Expect("f-strings are not part of the grammar", 13, "when"),
    "condition-syntax.yaml": Expect("cannot read the condition", 13, "when"),
    "condition-python-warning.yaml": Expect("cannot read the condition (invalid decimal literal)", 13, "when"),
    "condition-too-long.yaml": Expect("the limit is 500", 13, "when"),
    "condition-later-question.yaml": Expect(
        "'libraries.branches' is asked later", 9, "question 'libraries.hours': when"
    ),
    "unknown-reference.yaml": Expect(
        "'libraries.opening' is not a question id; did you mean 'libraries.hours'?", 13, "when"
    ),
    "unknown-group.yaml": Expect("unknown population group 'martians'", 9, "question 'libraries.hours': groups"),
    "unknown-mitigation.yaml": Expect("unknown mitigation 'libraries.extend_hours'", 13, "suggests"),
    "duplicate-question-id.yaml": Expect("question id 'libraries.hours' is already used", 13),
    "duplicate-section-id.yaml": Expect("section id 'libraries' is used twice", 13),
    "outside-namespace.yaml": Expect("'housing.branches' is not in the plugin's namespace", 13),
    "after-unknown-section.yaml": Expect(
        "'after: screning' names no section; did you mean 'screening'?", None, "after"
    ),
}

CONFIGS: dict[str, Expect] = {
    "empty.toml": Expect("the configuration file is empty"),
    "binary.toml": Expect("this is a binary file, not a configuration file"),
    "latin1.toml": Expect("the configuration file is not UTF-8 text"),
    "broken-table.toml": Expect("not valid TOML: Expected ']'", 1),
    "broken-string.toml": Expect("not valid TOML", 2),
    "yaml-not-toml.toml": Expect("not valid TOML", 1),
    "duplicate-table.toml": Expect("not valid TOML: Cannot declare ('council',) twice", 4),
    "unknown-table.toml": Expect("unknown table [councel]; did you mean 'council'?", None, "councel"),
    "misspelt-key.toml": Expect("unknown key 'nmae'; did you mean 'name'?", None, "council.nmae"),
    "wrong-type-value.toml": Expect("'name' should be text in quotes", None, "council.name"),
    "wrong-type-table.toml": Expect("'council' should be a table", None, "council"),
    "wrong-type-list.toml": Expect("'indicators' should be a list of file names", None, "plugins.evidence.indicators"),
    "wrong-type-list-items.toml": Expect(
        "should be a list of file names in quotes", None, "plugins.evidence.indicators"
    ),
    "bad-area-code.toml": Expect("'Luton' is not an ONS area code", None, "council.area_code"),
    "plugins-not-tables.toml": Expect("[plugins] holds one table per plugin", None, "plugins"),
    "future-format.toml": Expect("unknown table [format]", None, "format"),
}

TEMPLATES: dict[str, Expect] = {
    "empty.docx": Expect("the file is empty"),
    "plain-text.docx": Expect("not a Word file (it is not a zip package)"),
    "pdf.docx": Expect("not a Word file (it is not a zip package)"),
    "word-97.doc": Expect("not a Word file"),
    "truncated.docx": Expect("not a Word file"),
    "zip-not-word.docx": Expect("not a Word file (no Office content types inside)"),
    "excel-workbook.docx": Expect("not a Word file (it looks like an Excel workbook)"),
    "macro-enabled.docm": Expect("macro-enabled Word files are not accepted"),
    "macro-enabled-template.dotm": Expect("macro-enabled Word files are not accepted"),
    "macro-inside.docx": Expect("the file contains macros, which are not accepted"),
    "damaged-xml.docx": Expect("the file is damaged"),
    "no-document-part.docx": Expect("the file is damaged or not a Word document"),
    # issue 18: found by content type and relationship type, whatever the part is called
    "macro-renamed.docx": Expect("the file contains macros, which are not accepted"),
    "macro-by-relationship.docx": Expect("the file contains macros, which are not accepted"),
    "activex-control.docx": Expect("the file contains ActiveX controls, which are not accepted"),
}

KINDS = {"answers": ANSWERS, "checklists": CHECKLISTS, "configs": CONFIGS, "templates": TEMPLATES}


# -- running the real command ---------------------------------------------------------------------

#: Runs `python -m hiap` and reports its peak memory, so a bomb that only eats memory is caught too.
_MEASURED = (
    "import resource, runpy, sys\n"
    "sys.argv = ['hiap', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('hiap', run_name='__main__')\n"
    "finally:\n"
    "    print('hiap-peak-kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)
#: Address space for each run: a runaway one fails instead of taking the machine with it.
_ADDRESS_SPACE = 2 * 1024 * 1024 * 1024
#: Bad input is refused before it is held in memory whole; a render of a good file peaks near 75 MB.
PEAK_LIMIT_KB = 400 * 1024


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_ADDRESS_SPACE, _ADDRESS_SPACE))


@dataclass
class Job:
    args: tuple[str, ...]
    cwd: Path
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = 120


@dataclass
class Outcome:
    args: tuple[str, ...]
    code: int | None  # None: it did not finish in time
    out: str
    err: str
    peak_kb: int | None = None

    def __str__(self) -> str:
        return f"hiap {' '.join(self.args)[:200]} -> exit {self.code}\nstdout: {self.out[-1500:]}\nstderr: {self.err[-1500:]}"


def _run(job: Job) -> Outcome:
    env = {**os.environ, "NO_COLOR": "1", "HIAP_CONFIG_DIR": str(job.cwd / "no-such-folder")}
    for name in ("HIAP_DEBUG", "HIAP_CONFIG", "HIAP_PLUGINS", "HIAP_DISABLE_PLUGINS"):
        env.pop(name, None)
    env.update(job.env)
    try:
        done = subprocess.run(
            [sys.executable, "-c", _MEASURED, *job.args],
            cwd=job.cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=job.timeout,
            preexec_fn=_limit_address_space,
        )
    except subprocess.TimeoutExpired:
        return Outcome(job.args, None, "", f"did not finish within {job.timeout:.0f} s")
    lines = done.stderr.splitlines()
    peak = int(lines.pop().split()[1]) if lines and lines[-1].startswith("hiap-peak-kb ") else None
    return Outcome(job.args, done.returncode, done.stdout, "\n".join(lines), peak)


def run_all(jobs: list[Job]) -> list[Outcome]:
    """Run the jobs side by side, one per processor: each is a separate `hiap` in its own folder."""
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return list(pool.map(_run, jobs))


def _digest(folder: Path) -> dict[str, str]:
    """Every entry under the folder with its hash, to show inputs unchanged and nothing written."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            found[name] = "link to " + os.readlink(path)
        elif stat.S_ISDIR(mode):
            found[name] = "folder"
        elif not stat.S_ISREG(mode):
            found[name] = f"special file {stat.S_IFMT(mode):o} {oct(stat.S_IMODE(mode))}"  # never opened: a pipe blocks
        else:
            found[name] = f"{hashlib.sha256(path.read_bytes()).hexdigest()} {oct(stat.S_IMODE(mode))}"
    return found


def assert_refused(outcome: Outcome, named: str, text: str, line: int | None = None, where: str | None = None) -> None:
    """Exit 2; a message naming the file (and line and field) saying what is wrong; no traceback or payload."""
    err = outcome.err
    assert outcome.code == 2, outcome
    assert "Traceback" not in err + outcome.out, outcome
    assert "internal error" not in err, outcome
    assert CANARY_TEXT not in err + outcome.out, outcome
    assert f"hiap: error: {named}" in err, outcome
    stray = [line for line in err.splitlines() if not line.startswith(("hiap: error: ", "hiap: warning: "))]
    assert not stray, outcome  # no traceback, no warning printed by Python or a library
    assert text in err, outcome
    if line is not None:
        assert f"{named}:{line}: " in err, outcome
    if where is not None:
        assert f": {where}" in err, outcome
    assert outcome.peak_kb is not None and outcome.peak_kb < PEAK_LIMIT_KB, outcome


@dataclass
class Trial:
    """One bad file's runs, and what changed in the folders they ran in (nothing, we hope)."""

    check: Outcome
    render: Outcome
    changed: list[str]


def _only(outcome: Outcome, name: str) -> Outcome:
    """One file's part of a `hiap check` over many files."""
    lines = outcome.err.splitlines()
    mine = [
        line
        for line in lines
        if line.startswith((f"hiap: error: {name}:", "hiap: error: internal error")) or not line.startswith("hiap: ")
    ]
    return Outcome(outcome.args, outcome.code, outcome.out, "\n".join(mine), outcome.peak_kb)


def _changes(before: dict[str, str], after: dict[str, str], folder: Path, mine: str | None = None) -> list[str]:
    changed = [f"{folder.name}/{CANARY_FILE} appeared: a payload ran"] if (folder / CANARY_FILE).exists() else []
    keys = {mine} if mine is not None else set(before) | set(after)
    changed += [f"{folder.name}/{key} changed or appeared" for key in sorted(keys) if before.get(key) != after.get(key)]
    return changed


def _good_answers(folder: Path) -> str:
    (folder / "decision.hiap.yaml").write_text(GOOD_ANSWERS, encoding="utf-8")
    return "decision.hiap.yaml"


def _trials(kind: str, root: Path) -> dict[str, Trial]:
    """Every corpus file of a kind through `hiap check` (all at once, as a user would) and `hiap render`
    (each in a folder of its own), side by side."""
    names = list(KINDS[kind])
    batch = root / "together"
    batch.mkdir()
    jobs: list[Job] = []
    folders: list[Path] = []
    for index, name in enumerate(names):
        folder = root / f"file-{index}"
        folder.mkdir()
        folders.append(folder)
        if kind == "configs":
            answers = _good_answers(folder)
            env = {"HIAP_CONFIG": str(folder / "settings" / name)}
            (folder / "settings").mkdir()
            shutil.copyfile(CORPUS / kind / name, folder / "settings" / name)
            jobs += [Job(("check", answers), folder, env), Job(("render", answers, "-o", "out.docx"), folder, env)]
            continue
        shutil.copyfile(CORPUS / kind / name, batch / name)
        if kind == "templates":
            answers = _good_answers(folder)
            shutil.copyfile(CORPUS / kind / name, folder / name)
            jobs.append(Job(("render", answers, "-o", "out.docx", "--template", name), folder))
        else:
            shutil.copyfile(CORPUS / kind / name, folder / name)
            jobs.append(Job(("render", name, *(("--format", "md") if kind == "checklists" else ())), folder))
    if kind != "configs":
        jobs.append(Job(("check", *names), batch))
    before = {folder: _digest(folder) for folder in [batch, *folders]}
    outcomes = run_all(jobs)
    after = {folder: _digest(folder) for folder in [batch, *folders]}
    trials: dict[str, Trial] = {}
    for index, (name, folder) in enumerate(zip(names, folders, strict=True)):
        changed = _changes(before[folder], after[folder], folder)
        if kind == "configs":
            check, render = outcomes[2 * index], outcomes[2 * index + 1]
        else:
            check, render = _only(outcomes[-1], name), outcomes[index]
            changed += _changes(before[batch], after[batch], batch, mine=name)
            assert f"{name}: OK" not in outcomes[-1].out
        trials[name] = Trial(check, render, changed)
    return trials


@pytest.fixture(scope="module")
def trials(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, Trial]]:
    done: dict[str, dict[str, Trial]] = {}

    def get(kind: str) -> dict[str, Trial]:
        if kind not in done:
            done[kind] = _trials(kind, tmp_path_factory.mktemp(kind))
        return done[kind]

    return get


# -- the committed corpus -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_corpus_file_has_its_expected_message(kind: str) -> None:
    assert sorted(p.name for p in (CORPUS / kind).iterdir()) == sorted(KINDS[kind])


@pytest.mark.parametrize("name", list(ANSWERS))
def test_bad_answers_file(trials: Callable[[str], dict[str, Trial]], name: str) -> None:
    expect, trial = ANSWERS[name], trials("answers")[name]
    assert not trial.changed
    assert_refused(trial.check, name, expect.text, expect.line, expect.field)
    if expect.render is None:
        assert_refused(trial.render, name, expect.text, expect.line, expect.field)
    else:
        assert_refused(trial.render, name, expect.render)


@pytest.mark.parametrize("name", list(CHECKLISTS))
def test_bad_checklist(trials: Callable[[str], dict[str, Trial]], name: str) -> None:
    expect, trial = CHECKLISTS[name], trials("checklists")[name]
    assert not trial.changed
    assert_refused(trial.check, name, expect.text, expect.line, expect.field)
    assert_refused(trial.render, name, expect.render or NOT_ANSWERS)


@pytest.mark.parametrize("name", list(CONFIGS))
def test_bad_configuration(trials: Callable[[str], dict[str, Trial]], name: str) -> None:
    expect, trial = CONFIGS[name], trials("configs")[name]
    assert not trial.changed
    for outcome in (trial.check, trial.render):
        config = outcome.err.split("hiap: error: ", 1)[-1].split(":", 1)[0]
        assert config.endswith(f"/settings/{name}"), outcome
        assert_refused(outcome, config, expect.text, expect.line, expect.field)


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_bad_template(trials: Callable[[str], dict[str, Trial]], name: str) -> None:
    expect, trial = TEMPLATES[name], trials("templates")[name]
    assert not trial.changed
    assert_refused(trial.render, name, expect.text, where="template")
    assert_refused(trial.check, name, "")  # read as a document to check: its own words, but a clean refusal


def test_a_bad_hiap_toml_in_the_working_folder_is_found_and_refused(tmp_path: Path) -> None:
    answers = _good_answers(tmp_path)
    shutil.copyfile(CORPUS / "configs" / "misspelt-key.toml", tmp_path / "hiap.toml")
    before = _digest(tmp_path)
    outcomes = run_all([Job(("check", answers), tmp_path), Job(("render", answers, "-o", "out.docx"), tmp_path)])
    assert _digest(tmp_path) == before
    for outcome in outcomes:
        assert_refused(outcome, str(tmp_path / "hiap.toml"), "did you mean 'name'?", 2, "council.nmae")


def test_a_macro_template_named_in_hiap_toml_is_refused(tmp_path: Path) -> None:
    answers = _good_answers(tmp_path)
    settings = tmp_path / "settings"
    settings.mkdir()
    shutil.copyfile(CORPUS / "templates" / "macro-enabled.docm", settings / "house-style.docm")
    (settings / "hiap.toml").write_text('[council]\ntemplate = "house-style.docm"\n', encoding="utf-8")
    before = _digest(tmp_path)
    (render,) = run_all(
        [Job(("render", answers, "-o", "out.docx"), tmp_path, {"HIAP_CONFIG": str(settings / "hiap.toml")})]
    )
    assert _digest(tmp_path) == before
    assert_refused(render, str(settings / "house-style.docm"), "macro-enabled Word files are not accepted")


def test_the_harness_sees_good_files_succeed(tmp_path: Path) -> None:
    """The same runner on good files gives exit 0 and a document, so the refusals above mean something."""
    answers = _good_answers(tmp_path)
    good = (CORPUS / "checklists" / "misspelt-key.yaml").read_text(encoding="utf-8").replace("hlep:", "help:")
    (tmp_path / "libraries.yaml").write_text(good, encoding="utf-8")
    shutil.copyfile(ROOT / "hiap" / "render" / "house.docx", tmp_path / "house.docx")
    (tmp_path / "hiap.toml").write_text('[council]\nname = "Luton Borough Council"\n', encoding="utf-8")
    check, render = run_all(
        [
            Job(("check", answers, "libraries.yaml"), tmp_path),
            Job(("render", answers, "-o", "out.docx", "--template", "house.docx"), tmp_path),
        ]
    )
    assert check.code == 0 and check.out.count(": OK") == 2, check
    assert render.code == 0 and (tmp_path / "out.docx").stat().st_size > 0, render
    assert render.peak_kb is not None and render.peak_kb < PEAK_LIMIT_KB, render


# -- huge and bomb-shaped files, made at test time --------------------------------------------


def _writer(text: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


def _endless(path: Path) -> None:
    """A device that reports size 0 and never ends."""
    path.symlink_to("/dev/zero")


def _pipe(path: Path) -> None:
    """A named pipe: reading it waits for a writer that never comes."""
    os.mkfifo(path)


def _loop(path: Path) -> None:
    """A symbolic link that points at itself."""
    path.symlink_to(path.name)


def _questions(count: int, extra: Callable[[int], str], key: str = "help") -> Callable[[Path], None]:
    head = 'id: libraries\nversion: "1.0.0"\ntitle: Libraries\nsections:\n  - id: libraries\n    title: Libraries\n'
    rows = [
        f"      - id: libraries.q{i}\n        text: Do opening hours change?\n"
        f"        {key}: Opening hours decide who can use a library, and when.\n        type: yesno\n" + extra(i)
        for i in range(count)
    ]
    return _writer(head + "    questions:\n" + "".join(rows))


FIVE_MIB = 5 * 1024 * 1024
PADDING = "# padding to push the file over the limit\n"

#: kind -> case -> (file name, how to make it, expected message, line). Bombs once crashed the
#: interpreter; the files with thousands of problems once took minutes (a did-you-mean search per
#: problem, or a comparison of every problem with every other): a 60 s limit guards both.
GENERATED: dict[str, dict[str, tuple[str, Callable[[Path], None], str, int | None]]] = {
    "answers": {
        "over-the-size-limit": (
            "huge.hiap.yaml",
            _writer("format: 1\n" + PADDING * (FIVE_MIB // len(PADDING) + 1)),
            "the limit is 5 MiB",
            None,
        ),
        "flow-nesting-bomb": (
            "deep.hiap.yaml",
            _writer("format: 1\nanswers: " + "[" * 2_000_000 + "]" * 2_000_000 + "\n"),
            "the YAML is nested too deeply",
            2,
        ),
        "mapping-nesting-bomb": (
            "deep.hiap.yaml",
            _writer("format: 1\nanswers: " + "{a: " * 1_000_000 + "}" * 1_000_000 + "\n"),
            "the YAML is nested too deeply",
            2,
        ),
        "block-nesting-bomb": (
            "deep.hiap.yaml",
            _writer("format: 1\nanswers:\n" + "- " * 2_000_000 + "x\n"),
            "the YAML is nested too deeply",
            3,
        ),
        "endless-device": ("zero.hiap.yaml", _endless, "this is a device, not an answers file", None),
        "folder": ("folder.hiap.yaml", lambda path: path.mkdir(), "this is a folder", None),
        "named-pipe": ("pipe.hiap.yaml", _pipe, "this is a named pipe, not an answers file", None),
        "link-loop": ("loop.hiap.yaml", _loop, "this is a symbolic link that loops back on itself", None),
        "too-many-values": (
            "values.hiap.yaml",
            _writer(GOOD_ANSWERS + "answers:\n  screening.changes: [" + "a," * 160_000 + "a]\n"),
            "holds more than 150,000 values",
            6,
        ),
        "100000-actions": (
            "actions.hiap.yaml",
            _writer(
                GOOD_ANSWERS
                + "answers:\n  actions.plan:\n"
                + "".join(f"  - {{action: A{i}}}\n" for i in range(100_000))
            ),
            "holds more than 150,000 values",
            None,
        ),
        "600-actions": (
            "actions.hiap.yaml",
            _writer(
                GOOD_ANSWERS
                + "answers:\n  actions.plan:\n"
                + "".join(f"  - {{action: Action {i}, owner: Housing, due: 2026-03-31}}\n" for i in range(600))
            ),
            "the answer lists 600 entries; the limit is 500",
            6,
        ),
        "thousands-of-unknown-ids": (
            "many.hiap.yaml",
            _writer(GOOD_ANSWERS + "answers:\n" + "".join(f"  screening.q{i}: yes\n" for i in range(50_000))),
            "no question has the id 'screening.q49999'",
            50_005,
        ),
        "text-over-20000-characters": (
            "long.hiap.yaml",
            _writer(GOOD_ANSWERS + "answers:\n  p1.reasoning: " + "word " * 5000 + "\n"),
            "the text is longer than 20,000 characters",
            6,
        ),
    },
    "checklists": {
        "over-the-size-limit": (
            "huge.yaml",
            _writer("id: libraries\n" + PADDING * (FIVE_MIB // len(PADDING) + 1)),
            "the limit is 5 MiB",
            None,
        ),
        "flow-nesting-bomb": (
            "deep.yaml",
            _writer("id: libraries\nsections: " + "[" * 2_000_000 + "]" * 2_000_000 + "\n"),
            "the YAML is nested too deeply",
            2,
        ),
        "thousands-of-bad-references": (
            "refs.yaml",
            _questions(5_000, lambda i: f"        when: libraries.z{i} == yes\n"),
            "'libraries.z4999' is not a question id",
            None,
        ),
        "named-pipe": ("pipe.yaml", _pipe, "this is a named pipe, not a checklist or answers file", None),
        "thousands-of-misspelt-keys": (
            "keys.yaml",
            _questions(15_000, lambda i: "", key="hlep"),  # under the 150,000-value bound
            "unknown key 'hlep'; did you mean 'help'?",
            None,
        ),
    },
}


@pytest.mark.parametrize(("kind", "case"), [(kind, case) for kind, cases in GENERATED.items() for case in cases])
def test_generated_bad_file(tmp_path: Path, kind: str, case: str) -> None:
    name, make, text, line = GENERATED[kind][case]
    make(tmp_path / name)
    before = _digest(tmp_path)
    render_args = ("render", name, "--format", "md")
    check, render = run_all([Job(("check", name), tmp_path, timeout=60), Job(render_args, tmp_path, timeout=60)])
    assert _digest(tmp_path) == before
    assert_refused(check, name, text, line)
    if kind == "answers":
        assert_refused(render, name, text, line)
    else:  # render reads it as an answers file: refused for the first thing wrong, never a crash
        assert_refused(render, name, "")


@pytest.mark.parametrize(
    ("case", "make", "text"),
    [
        ("over-the-size-limit", _writer("[council]\n" + PADDING * 30_000), "the limit is 1 MiB"),
        ("array-nesting-bomb", _writer("a = " + "[" * 5_000 + "]" * 5_000 + "\n"), "the TOML is nested too deeply"),
        ("table-nesting-bomb", _writer("a = " + "{b = " * 5_000 + "}" * 5_000 + "\n"), "nested too deeply"),
        ("endless-device", _endless, "this is a device, not a configuration file"),
        ("named-pipe", _pipe, "this is a named pipe, not a configuration file"),
        ("link-loop", _loop, "this is a symbolic link that loops back on itself"),
    ],
)
def test_generated_bad_configuration(tmp_path: Path, case: str, make: Callable[[Path], None], text: str) -> None:
    answers = _good_answers(tmp_path)
    config = tmp_path / "settings.toml"
    make(config)
    before = _digest(tmp_path)
    env = {"HIAP_CONFIG": str(config)}
    outcomes = run_all(
        [Job(("check", answers), tmp_path, env), Job(("render", answers, "-o", "out.docx"), tmp_path, env)]
    )
    assert _digest(tmp_path) == before
    for outcome in outcomes:
        assert_refused(outcome, str(config), text)


def _element_bomb(path: Path) -> None:
    """A 20 KB .docx whose body holds 2 million empty paragraphs (12 MB of XML)."""
    house = (ROOT / "hiap" / "render" / "house.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(house)) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename != "word/document.xml":
                zout.writestr(info.filename, data)
                continue
            head, tail = data.split(b"<w:body>", 1)
            with zout.open(info.filename, "w", force_zip64=True) as part:
                part.write(head + b"<w:body>")
                for _ in range(20):
                    part.write(b"<w:p/>" * 100_000)
                part.write(tail)


@pytest.mark.parametrize(
    ("case", "make", "text"),
    [
        ("folder", lambda path: path.mkdir(), "this is a folder"),
        ("missing", lambda path: None, "file not found"),
        ("element-bomb", _element_bomb, "its body text unpacks to"),
        ("endless-device", _endless, "this is a device, not a template"),
        ("named-pipe", _pipe, "this is a named pipe, not a template"),
        ("link-loop", _loop, "this is a symbolic link that loops back on itself"),
    ],
)
def test_generated_bad_template(tmp_path: Path, case: str, make: Callable[[Path], None], text: str) -> None:
    answers = _good_answers(tmp_path)
    name = "council-template.docx"
    make(tmp_path / name)
    before = _digest(tmp_path)
    (render,) = run_all([Job(("render", answers, "-o", "out.docx", "--template", name), tmp_path, timeout=60)])
    assert _digest(tmp_path) == before
    assert_refused(render, name, text, where="template")


# -- outputs that would replace an input, a device or a read-only file (issue 18) ------------------


def _outputs(folder: Path) -> None:
    _good_answers(folder)
    shutil.copyfile(folder / "decision.hiap.yaml", folder / "decision.yaml")
    (folder / "answers-link.md").symlink_to("decision.hiap.yaml")
    shutil.copyfile(ROOT / "hiap" / "render" / "house.docx", folder / "council.docx")
    (folder / "published.md").write_text("# The published version\n", encoding="utf-8")
    (folder / "published.md").chmod(0o444)
    os.mkfifo(folder / "pipe.md")
    (folder / "loop.md").symlink_to("loop.md")


OUTPUTS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "the answers file itself": (
        ("render", "decision.yaml", "-o", "decision.yaml"),
        "decision.yaml",
        "overwrite the answers file",
    ),
    "a link to the answers file": (
        ("render", "decision.hiap.yaml", "--format", "md", "-o", "answers-link.md"),
        "answers-link.md",
        "the output would overwrite the answers file",
    ),
    "an answers file name": (
        ("render", "decision.hiap.yaml", "--format", "md", "-o", "other.hiap.yaml"),
        "other.hiap.yaml",
        "named like an answers file",
    ),
    "the template": (
        ("render", "decision.hiap.yaml", "--template", "council.docx", "-o", "council.docx"),
        "council.docx",
        "the output would overwrite the template",
    ),
    "a device": (("render", "decision.hiap.yaml", "-o", "/dev/null"), "/dev/null", "device"),
    "standard output as a path": (("render", "decision.hiap.yaml", "-o", "/dev/stdout"), "/dev/stdout", "device"),
    "a read-only file": (
        ("render", "decision.hiap.yaml", "--format", "md", "-o", "published.md"),
        "published.md",
        "the file is read-only",
    ),
    "a named pipe": (("render", "decision.hiap.yaml", "--format", "md", "-o", "pipe.md"), "pipe.md", "named pipe"),
    "a link loop": (("render", "decision.hiap.yaml", "--format", "md", "-o", "loop.md"), "loop.md", "loops back"),
    "portfolio over an answers file": (
        ("portfolio", "decision.yaml", "-o", "decision.yaml", "--format", "md"),
        "decision.yaml",
        "overwrite the answers file",
    ),
    "portfolio database over an answers file": (
        ("portfolio", ".", "decision.yaml", "--db", "decision.yaml"),
        "decision.yaml",
        "overwrite the answers file",
    ),
    "portfolio report named like an answers file": (
        ("portfolio", ".", "-o", "report.hiap.yaml"),
        "report.hiap.yaml",
        "named like an answers file",
    ),
    "portfolio database on a device": (("portfolio", ".", "--db", "/dev/null"), "/dev/null", "device"),
}


@pytest.mark.parametrize("case", list(OUTPUTS))
def test_an_output_never_replaces_an_input_a_device_or_a_read_only_file(tmp_path: Path, case: str) -> None:
    args, named, text = OUTPUTS[case]
    _outputs(tmp_path)
    before = _digest(tmp_path)
    (outcome,) = run_all([Job(args, tmp_path, timeout=60)])
    assert _digest(tmp_path) == before
    assert_refused(outcome, named, text)
    assert len(outcome.err.splitlines()) == 1, outcome


def test_a_template_named_in_hiap_toml_that_is_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    answers = _good_answers(tmp_path)
    os.mkfifo(tmp_path / "letterhead.docx")
    (tmp_path / "hiap.toml").write_text('[council]\ntemplate = "letterhead.docx"\n', encoding="utf-8")
    before = _digest(tmp_path)
    (render,) = run_all([Job(("render", answers, "-o", "out.docx"), tmp_path, timeout=20)])
    assert _digest(tmp_path) == before
    assert_refused(render, str(tmp_path / "letterhead.docx"), "this is a named pipe, not a template")
