"""Find the answers files under the paths given, and read and summarise each one.

A file that cannot be read (broken YAML, not an answers file, invalid values, a newer format)
becomes a ``Problem`` with its reason and never stops the run: a board report that silently
dropped a decision, or failed on one bad file among hundreds, would mislead either way.

Reading is most of a portfolio run (the YAML, then validation against the checklists), so large
portfolios are read by worker processes, one per core (up to four), forked from the parent after
the engine is open; each worker sends back plain summaries, in the order of the files.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from hiap import safeio, textsafe
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


def find_files(paths: Sequence[Path], problems: list[Problem] | None = None) -> list[Path]:
    """Every ``*.hiap.yaml`` under the folders (hidden ones skipped), plus any file named.

    Sorted and without repeats, so the report's order does not depend on the file system. What
    cannot be read on the way (a folder without permission, a link that loops, a name that is
    not valid text, a named pipe or device wearing an answers file's name) is added to
    ``problems`` and the walk goes on; a path given on the command line that is none of these
    is an error (exit 2).
    """
    found: dict[str, Path] = {}
    problems = problems if problems is not None else []
    for path in paths:
        try:
            st = path.stat()
        except OSError as exc:
            message = "this is a symbolic link that loops back on itself" if exc.errno == errno.ELOOP else None
            raise InputError(
                message or "no such file or folder",
                file=path,
                hint="give folders or answers files (*.hiap.yaml) to summarise",
            ) from None
        if stat.S_ISREG(st.st_mode):
            found.setdefault(_identity(path), path)
        elif stat.S_ISDIR(st.st_mode):
            for item in _walk(path, problems):
                found.setdefault(_identity(item), item)
        else:
            raise InputError(
                f"this is {safeio.kind_of(st.st_mode)}, not an answers file or a folder",
                file=path,
                hint="give folders or answers files (*.hiap.yaml) to summarise",
            )
    return sorted(found.values(), key=lambda p: (str(p.parent).lower(), p.name.lower(), str(p)))


def _identity(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _walk(root: Path, problems: list[Problem]) -> Iterator[Path]:
    """Depth-first through ``root``, following links to folders but never round a loop."""
    stack: list[tuple[Path, tuple[tuple[int, int], ...]]] = []
    try:
        top = root.stat()
    except OSError:
        return
    stack.append((root, ((top.st_dev, top.st_ino),)))
    while stack:
        folder, above = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name, reverse=True)
        except OSError as exc:
            problems.append(Problem(_shown(folder), f"cannot read this folder ({exc.strerror or exc})"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if not textsafe.decodable(entry.name):
                if entry.name.endswith(answers_file.SUFFIX) or _is_dir(entry):
                    problems.append(
                        Problem(
                            _shown(path), "the name is not valid text on this system, so it cannot be read; rename it"
                        )
                    )
                continue
            try:
                st = entry.stat()  # follows links
            except OSError as exc:
                if entry.name.endswith(answers_file.SUFFIX) or entry.is_symlink():
                    why = "a symbolic link that loops back on itself" if exc.errno == errno.ELOOP else None
                    why = why or ("a link to nothing" if isinstance(exc, FileNotFoundError) else exc.strerror)
                    problems.append(Problem(_shown(path), f"cannot be read: {why}"))
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in above:
                    problems.append(
                        Problem(_shown(path), "a link back to a folder it is inside (a loop); not followed")
                    )
                    continue
                stack.append((path, (*above, key)))
            elif entry.name.endswith(answers_file.SUFFIX):
                if stat.S_ISREG(st.st_mode):
                    yield path
                else:
                    problems.append(Problem(_shown(path), f"this is {safeio.kind_of(st.st_mode)}, not an answers file"))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _shown(path: Path) -> str:
    """A path the walk could not read, as given (not resolved: it may be the loop itself)."""
    absolute = os.path.abspath(path)
    try:
        shown = Path(absolute).relative_to(os.path.abspath(Path.cwd())).as_posix()
    except ValueError:
        shown = absolute
    return textsafe.shown_path(shown)


def display_name(path: Path, base: Path | None = None) -> str:
    """The path as the report shows it: relative to the current folder where it is inside it,
    with undecodable bytes and control characters made visible (it goes into Word, CSV and SQLite)."""
    base = base or Path.cwd()
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        real = os.path.abspath(path)
    try:
        shown = Path(real).relative_to(os.path.realpath(base)).as_posix()
    except ValueError:
        shown = str(real)
    return textsafe.shown_path(shown)


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
