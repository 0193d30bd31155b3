"""Faults: the interview killed at random moments, a full disk, a folder that cannot be written.

The promise under test is the answers file's: whatever happens, it is a valid file holding every
answer the officer saw accepted, and a failed write keeps the last good copy (and says so).
"""

from __future__ import annotations

import errno
import io
import os
import random
import signal
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from hiap import cli, plugins, safeio
from hiap.answers import answers_file
from hiap.answers.values import parse_value
from hiap.assessment.build import build as build_assessment
from hiap.checklist.catalogue import Catalogue
from hiap.checklist.route import route
from hiap.errors import InputError
from hiap.interview.prompter import PlainPrompter
from hiap.interview.session import Session
from hiap.models.answers import Answer, AnswersFile
from hiap.models.checklist import Question

pexpect = pytest.importorskip("pexpect")

TRIALS = 30
CHAINS = 2  # run side by side; each chain resumes the file its last (killed) run left
TIMEOUT = 30


def core_catalogue() -> Catalogue:
    """What `hiap assess` uses with HIAP_PLUGINS='' (the core checklist only)."""
    from hiap.pipeline import open_engine

    return open_engine(only="", entry_points=False).catalogue


# -- killing the interview ----------------------------------------------------------------------

_TEXTS = ["Library opening hours", "Town centre parking", "Leisure centre review", "Adult social care fees"]
_LINES = ["Opening hours change on Sundays.", "Two branches close at 5pm.", "Costs fall by a tenth."]
_PROMPTS = {"select": "Type a number", "checkbox": "Type the numbers", "text": "> "}


def next_question(catalogue: Catalogue, answers: AnswersFile) -> Question | None:
    """The question the interview asks next on this file: the first on its route still unanswered."""
    return route(catalogue, answers.values()).next()


def plan(question: Question, catalogue: Catalogue, rng: random.Random) -> tuple[str, Any] | None:
    """Keys that answer ``question`` in plain mode, and the value the file must then hold.
    ``None`` for a question this driver does not answer (a table of records)."""
    options = catalogue.options(question)
    kind = question.type
    # Enter skips an optional question, unless it has a default (then Enter takes the default)
    skip = not question.required and question.default is None and rng.random() < 0.2
    if kind in ("records", "each"):
        return None
    if kind in ("yesno", "choice", "rating"):
        choices = [True, False] if kind == "yesno" else [o.value for o in options]
        if skip:
            return f"{len(choices) + 1}\r", None  # "Skip this question (no answer)"
        index = rng.randrange(len(choices))
        return f"{index + 1}\r", choices[index]
    if kind == "multi":
        if skip:
            return "\r", None
        picks = rng.sample(range(len(options)), k=rng.randint(1, min(3, len(options))))
        return ",".join(str(i + 1) for i in picks) + "\r", parse_value(question, [options[i].value for i in picks])
    if skip:
        return "\r", None
    if kind == "longtext":
        lines = rng.sample(_LINES, k=rng.randint(1, 2))
        return "\r".join(lines) + "\r\r", parse_value(question, "\n".join(lines))
    if kind == "date":
        raw = f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/2026"
    elif kind == "number":
        low = int(question.minimum) if question.minimum is not None else 0
        high = int(question.maximum) if question.maximum is not None else low + 5000
        raw = str(rng.randint(low, high))
    else:
        raw = rng.choice(_TEXTS)
    return raw + "\r", parse_value(question, raw, options)


def prompt_of(question: Question) -> str:
    if question.type in ("yesno", "choice", "rating"):
        return _PROMPTS["select"]
    return _PROMPTS["checkbox"] if question.type == "multi" else _PROMPTS["text"]


def environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIAP_")}
    env.update({"NO_COLOR": "1", "TERM": "dumb", "HIAP_PLUGINS": "", "HIAP_CONFIG_DIR": str(folder / "no-config")})
    return env


@dataclass
class Chain:
    """Successive runs of `hiap assess --plain` on one file, each killed with SIGKILL."""

    folder: Path
    catalogue: Catalogue
    rng: random.Random
    files: int = 0
    confirmed: dict[str, Any] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.folder / f"chain-{self.files}.hiap.yaml"

    def _mirror(self) -> AnswersFile:
        if not self.path.exists():
            return answers_file.new(self.catalogue, {})
        return answers_file.load_validated(self.path, self.catalogue)

    def trial(self) -> None:
        mirror = self._mirror()
        upcoming = next_question(self.catalogue, mirror)
        if upcoming is None or upcoming.type in ("records", "each"):  # the driver's limit: start a fresh file
            self.files += 1
            self.confirmed = {}
            mirror = self._mirror()
            upcoming = next_question(self.catalogue, mirror)
        assert upcoming is not None
        child = pexpect.spawn(
            sys.executable,
            ["-m", "hiap", "assess", self.path.name, "--plain"],
            cwd=str(self.folder),
            env=environment(self.folder),
            encoding="utf-8",
            dimensions=(40, 200),
            timeout=TIMEOUT,
        )
        inflight: tuple[str, Any] | None = None
        try:
            mode = self.rng.choice(["starting", "between", "typing", "saving", "saving"])
            if mode == "starting":
                time.sleep(self.rng.uniform(0.0, 1.5))
            else:
                shown = False  # whether the upcoming question's text has been read already
                for _ in range(self.rng.randint(0, 4)):
                    planned = plan(upcoming, self.catalogue, self.rng)
                    if planned is None:
                        break
                    keys, value = planned
                    if not shown:
                        child.expect_exact(upcoming.text)
                    child.expect_exact(prompt_of(upcoming))
                    child.send(keys)
                    mirror.set(upcoming.id, Answer(value=value))
                    following = next_question(self.catalogue, mirror)
                    if following is None:  # the review screen: confirmed by its heading
                        child.expect_exact("Review your answers")
                    else:
                        child.expect_exact(following.text)  # the prompt moved on: the answer is confirmed
                    self.confirmed[upcoming.id] = value
                    self.log.append(f"{self.path.name}: confirmed {upcoming.id} = {value!r}")
                    if following is None:
                        break
                    upcoming, shown = following, True
                planned = plan(upcoming, self.catalogue, self.rng) if mode != "between" else None
                if planned is not None and upcoming.id not in self.confirmed:
                    keys, value = planned
                    if not shown:
                        child.expect_exact(upcoming.text)
                    child.expect_exact(prompt_of(upcoming))
                    if mode == "typing":  # part of an answer, never submitted
                        child.send(keys[: max(1, (len(keys) - 2) // 2)])
                    else:  # submitted: the kill races the save
                        child.send(keys)
                        inflight = (upcoming.id, value)
                time.sleep(self.rng.uniform(0.0, 0.05 if mode == "saving" else 0.2))
            self.log.append(f"{self.path.name}: kill -9 ({mode})")
        finally:
            child.kill(signal.SIGKILL)
            child.expect(pexpect.EOF)
            child.close(force=True)
        self.verify(inflight)

    def verify(self, inflight: tuple[str, Any] | None) -> None:
        """The file parses and validates; every confirmed answer is in it; an answer caught by the
        kill mid-save is either all there or not there."""
        if not self.path.exists():
            assert not self.confirmed, self.log
            return
        answers = answers_file.load(self.path)  # InputError here: the file was left broken
        problems = answers_file.validate(answers, self.catalogue, path=str(self.path))
        assert not problems, [p.format() for p in problems]
        stored = answers.flat()
        for qid, value in self.confirmed.items():
            assert qid in stored and stored[qid].value == value, (qid, value, self.log)
        if inflight is not None and inflight[0] in stored:
            assert stored[inflight[0]].value == inflight[1], (inflight, self.log)
            self.confirmed[inflight[0]] = inflight[1]


@pytest.mark.pty
@pytest.mark.skipif(sys.platform == "win32", reason="pexpect.spawn needs a Unix pseudo-terminal")
def test_kill_9_at_random_moments_keeps_a_valid_file_with_every_confirmed_answer(tmp_path: Path) -> None:
    catalogue = core_catalogue()
    chains = []
    for number in range(CHAINS):
        folder = tmp_path / f"chain{number}"
        folder.mkdir()
        chains.append(Chain(folder, catalogue, random.Random(20261123 + number)))

    def run(chain: Chain) -> Chain:
        for _ in range(TRIALS // CHAINS):
            chain.trial()
        return chain

    with ThreadPoolExecutor(max_workers=CHAINS) as pool:
        done = list(pool.map(run, chains))
    confirmed = sum(line.count(": confirmed ") for chain in done for line in chain.log)
    kills = sum(line.count("kill -9") for chain in done for line in chain.log)
    assert kills == TRIALS and confirmed >= TRIALS, [chain.log for chain in done]
    for chain in done:
        for path in chain.folder.glob("chain-*.hiap.yaml"):
            result = cli.main(["check", str(path), "--plugins", ""])
            assert result == 0, path


# -- a full disk and a folder that cannot be written ---------------------------------------------

START = ["Library opening hours", "", "4", "Shorter hours on Sundays.", "", "Libraries", "Head of libraries"]


def _enospc(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _eacces(*args: object, **kwargs: object) -> None:
    raise PermissionError(errno.EACCES, "Permission denied")


class FailFrom:
    """Let the first ``good`` calls through, then fail every call as a full disk does."""

    def __init__(self, real: Any, good: int) -> None:
        self.real, self.good, self.calls = real, good, 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls > self.good:
            _enospc()
        return self.real(*args, **kwargs)


@pytest.mark.parametrize("broken", ["fsync", "replace"])
def test_disk_full_during_the_interview_keeps_the_last_good_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    """The disk fills after a few answers: a clear message, and the file as it was at the last save."""
    catalogue = core_catalogue()
    path = tmp_path / "library.hiap.yaml"
    host = plugins.build(only="", entry_points=False)
    prompter = PlainPrompter(stdin=io.StringIO("".join(line + "\n" for line in START)), stdout=io.StringIO())
    session = Session(catalogue, prompter, assess=lambda a: build_assessment(a, catalogue, host))
    session.open(path)  # created and saved
    real = getattr(os, broken)
    monkeypatch.setattr(os, broken, FailFrom(real, good=2))  # two more saves, then the disk is full
    snapshots: list[bytes] = []
    real_save = answers_file.save

    def remembering(*args: Any, **kwargs: Any) -> None:
        real_save(*args, **kwargs)
        snapshots.append(path.read_bytes())

    monkeypatch.setattr(answers_file, "save", remembering)
    with pytest.raises(InputError) as info:
        session.run()
    message = info.value.format()
    assert message.startswith(f"{path}: cannot save the answers (No space left on device)")
    assert "the last saved copy is unchanged" in message
    assert snapshots and path.read_bytes() == snapshots[-1]
    kept = answers_file.load_validated(path, catalogue).values()
    assert kept["decision.title"] == "Library opening hours"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def _rendered(tmp_path: Path, fmt: str) -> tuple[Path, Path, bytes]:
    answers = tmp_path / "library.hiap.yaml"
    answers.write_text(
        "format: 1\ndecision:\n  title: Library opening hours\n  kind: service_change\n", encoding="utf-8"
    )
    out = tmp_path / f"library.{fmt}"
    assert cli.main(["render", str(answers), "--format", fmt, "-o", str(out), "--plugins", ""]) == 0
    return answers, out, out.read_bytes()


@pytest.mark.parametrize("fmt", ["docx", "md", "json"])
@pytest.mark.parametrize(
    ("target", "make_failure", "reason"),
    [
        ("os.fsync", lambda: _enospc, "No space left on device"),
        ("os.replace", lambda: _enospc, "No space left on device"),
        ("safeio._temporary_beside", lambda: _eacces, "Permission denied"),  # what a read-only folder does
    ],
)
def test_render_that_cannot_write_keeps_the_last_document(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
    target: str,
    make_failure: Any,
    reason: str,
) -> None:
    answers, out, before = _rendered(tmp_path, fmt)
    module, name = target.split(".")
    monkeypatch.setattr({"os": os, "safeio": safeio}[module], name, make_failure())
    capsys.readouterr()
    assert cli.main(["render", str(answers), "--format", fmt, "-o", str(out), "--plugins", ""]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"hiap: error: {out}: cannot write the document ({reason})"), err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert out.read_bytes() == before
    annex = [f"{out.stem}-annex{out.suffix}"] if fmt == "docx" else []  # the Word appendix's record, beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([answers.name, out.name, *annex])


def test_render_killed_at_random_moments_leaves_the_old_document_or_the_new_one(tmp_path: Path) -> None:
    """`hiap render` over an existing document, killed part way: Word can always open what is there."""
    import subprocess

    answers, out, before = _rendered(tmp_path, "docx")
    answers.write_text(answers.read_text(encoding="utf-8").replace("Library", "Museum"), encoding="utf-8")
    rng = random.Random(7)
    env = {**environment(tmp_path), "HIAP_PLUGINS": ""}
    for _ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-m", "hiap", "render", answers.name, "-o", out.name],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 1.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = out.read_bytes()
        with zipfile.ZipFile(io.BytesIO(now)) as package:  # a whole Word package, never a torn one
            assert package.testzip() is None
            body = package.read("word/document.xml").decode("utf-8")
        assert now == before or "Museum opening hours" in body
        before = now
