"""Find the answers files under the paths given, and read and summarise each one.

A file that cannot be read (broken YAML, not an answers file, invalid values, a newer format)
becomes a ``Problem`` with its reason and never stops the run: a board report that silently
dropped a decision, or failed on one bad file among hundreds, would mislead either way.

Reading is most of a portfolio run (the YAML, then validation against the checklists), so large
portfolios are read by worker processes, one per core (up to four), forked from the parent after
the engine is open; each worker sends back plain summaries, in the order of the files.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from hiap.answers import answers_file
from hiap.errors import InputError, InputErrors
from hiap.portfolio.summary import Summary, summarise

#: Below this many files one process is quicker than starting workers.
PARALLEL_FROM = 150
MAX_WORKERS = 4
CHUNK = 25


@dataclass(frozen=True)
class Problem:
    file: str
    reason: str


@dataclass
class Collected:
    summaries: list[Summary] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: plugin failures seen while scoring, in the parent's ``host.problems`` shape
    plugin_problems: list[Any] = field(default_factory=list)

    @property
    def files(self) -> int:
        return len(self.summaries) + len(self.problems)


def find_files(paths: Sequence[Path]) -> list[Path]:
    """Every ``*.hiap.yaml`` under the folders (hidden folders skipped), plus any file named.

    Sorted and without repeats, so the report's order does not depend on the file system.
    """
    found: dict[Path, Path] = {}
    for path in paths:
        if path.is_file():
            found.setdefault(path.resolve(), path)
            continue
        if not path.is_dir():
            raise InputError(
                "no such file or folder", file=path, hint="give folders or answers files (*.hiap.yaml) to summarise"
            )
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in files:
                if name.endswith(answers_file.SUFFIX) and not name.startswith("."):
                    candidate = Path(folder) / name
                    found.setdefault(candidate.resolve(), candidate)
    return sorted(found.values(), key=lambda p: (str(p.parent).lower(), p.name.lower(), str(p)))


def display_name(path: Path, base: Path | None = None) -> str:
    """The path as the report shows it: relative to the current folder where it is inside it."""
    base = base or Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def reason(exc: InputError) -> str:
    """The error without the file name (the report names the file in a column of its own)."""
    errors = exc.errors if isinstance(exc, InputErrors) else [exc]
    first = errors[0]
    parts = [f"line {first.line}" if first.line else "", first.field or ""]
    text = first.message.rstrip(".")
    if first.hint:
        text += f"; {first.hint.rstrip('.')}"
    out = ": ".join([p for p in parts if p] + [text])
    if len(errors) > 1:
        out += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return out


def read_one(path: Path, name: str, engine: Any) -> Summary | Problem:
    try:
        answers = answers_file.load_validated(path, engine.catalogue)
    except InputError as exc:
        return Problem(name, reason(exc))
    return summarise(answers, engine.catalogue, engine.host, engine.context, file=name)


#: The engine a forked worker inherits from the parent (set just before the workers start).
_WORKER_ENGINE: Any = None


def _read_chunk(chunk: list[tuple[Path, str]]) -> tuple[list[Summary | Problem], list[Any]]:
    engine = _WORKER_ENGINE
    before = len(engine.host.problems)
    results = [read_one(path, name, engine) for path, name in chunk]
    return results, engine.host.problems[before:]


def _chunks(items: list[tuple[Path, str]], size: int) -> Iterator[list[tuple[Path, str]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def workers_for(count: int) -> int:
    import multiprocessing

    if count < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cores = len(os.sched_getaffinity(0))  # the cores this process may use, not all the machine's
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


class Reporter(Protocol):
    """Told when reading starts (after any worker processes exist) and of each file as it is done."""

    def start(self, total: int) -> None: ...

    def done(self, result: Summary | Problem) -> None: ...


def collect(
    files: Sequence[Path],
    engine: Any,
    *,
    workers: int | None = None,
    reporter: Reporter | None = None,
    base: Path | None = None,
) -> Collected:
    """Read and summarise every file, keeping the files' order whatever the number of workers."""
    global _WORKER_ENGINE
    named = [(path, display_name(path, base)) for path in files]
    out = Collected()
    count = workers if workers is not None else workers_for(len(named))

    def take(results: Iterable[Summary | Problem]) -> None:
        for result in results:
            if isinstance(result, Problem):
                out.problems.append(result)
            else:
                out.summaries.append(result)
            if reporter is not None:
                reporter.done(result)

    if count <= 1:
        if reporter is not None:
            reporter.start(len(named))
        before = len(engine.host.problems)
        take(read_one(path, name, engine) for path, name in named)
        out.plugin_problems = engine.host.problems[before:]
        return out

    import multiprocessing

    _WORKER_ENGINE = engine
    try:
        # the workers are forked before the reporter starts any thread (a progress bar's, say)
        with multiprocessing.get_context("fork").Pool(count) as pool:
            if reporter is not None:
                reporter.start(len(named))
            for results, plugin_problems in pool.imap(_read_chunk, _chunks(named, CHUNK)):
                take(results)
                for problem in plugin_problems:
                    key = (problem.plugin, problem.hook, problem.error)
                    if all((p.plugin, p.hook, p.error) != key for p in out.plugin_problems):
                        out.plugin_problems.append(problem)
    finally:
        _WORKER_ENGINE = None
    return out


def stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
