"""Time one interview step on synthetic checklists of 50, 300 and 1,000 questions.

A step is what happens between the officer confirming an answer and the next prompt being
ready: store the answer, work out which questions apply, pick the next one, compute the
progress line, and save the answers file atomically (fsync included). Printed side by side:

* ``engine``: the route worked out afresh (``route``: one forward pass over the checklist) for
  the next question and the progress line, and a full YAML dump on every save;
* ``session``: what ``hiap assess`` does, through ``Session.record``: the same single route
  function once per answer, and the per-answer ``SaveCache``;
* ``session, no disk``: the same step less the time inside ``yamlio.atomic_write`` (write,
  two fsyncs and a rename), which depends on the disk and on what else is using it rather
  than on the checklist's size.

Run: .venv/bin/python tests/bench/bench_step.py   (target: session median under 10 ms, flat)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hiap import yamlio
from hiap.answers import answers_file
from hiap.checklist.catalogue import Catalogue, build
from hiap.checklist.route import route
from hiap.interview import engine
from hiap.interview.session import Session
from hiap.models.answers import Answer
from hiap.models.checklist import Checklist

SIZES = (50, 300, 1000)
TYPES = ("yesno", "choice", "text", "rating", "number", "multi", "longtext", "date")
VALUES: dict[str, Any] = {
    "yesno": True,
    "choice": "a",
    "text": "A short answer",
    "rating": "minor_positive",
    "number": 120,
    "multi": ["a", "c"],
    "longtext": "A longer answer.\nWith a second line of explanation.",
    "date": "2026-03-31",
}


def synthetic(size: int) -> Catalogue:
    """Sections of 20; a third of the questions and every fifth section have a condition."""
    questions: list[dict[str, Any]] = []
    last_choice: str | None = None
    for index in range(size):
        kind = TYPES[index % len(TYPES)]
        question: dict[str, Any] = {
            "id": f"s{index // 20}.q{index}",
            "text": f"Synthetic question {index}?",
            "help": "Synthetic help text, long enough for the checklist model.",
            "type": kind,
        }
        if kind in ("choice", "multi"):
            question["options"] = ["a", "b", "c"]
        if kind == "rating":
            question["scale"] = "impact"
        if index % 3 == 2 and last_choice:
            question["when"] = f'{last_choice} != "c"'
        if kind == "choice":
            last_choice = question["id"]
        questions.append(question)
    sections = []
    for start in range(0, size, 20):
        section: dict[str, Any] = {
            "id": f"s{start // 20}",
            "title": f"Section {start // 20}",
            "questions": questions[start : start + 20],
        }
        if start and (start // 20) % 5 == 0:
            section["when"] = f"{questions[start - 20]['id']} == true or {questions[start - 20]['id']} == null"
        sections.append(section)
    checklist = Checklist.model_validate(
        {"id": "synthetic", "version": "1", "title": "Synthetic", "sections": sections}
    )
    return build([checklist])


class DiskClock:
    """Wraps ``yamlio.atomic_write`` to add up the time spent writing and syncing."""

    def __init__(self) -> None:
        self.spent = 0.0
        self._original = yamlio.atomic_write

    def __enter__(self) -> DiskClock:
        def timed(path: Path, text: str | bytes, what: str = "file") -> None:
            started = time.perf_counter()
            try:
                self._original(path, text, what)
            finally:
                self.spent += time.perf_counter() - started

        yamlio.atomic_write = timed  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        yamlio.atomic_write = self._original  # type: ignore[assignment]


class Silent:
    """A prompter that shows nothing: the benchmark times the step, not the terminal."""

    plain = False
    draft = None
    estimate = False

    def say(self, text: str, *, style: str | None = None) -> None:
        del text, style

    def table(self, *args: object, **kwargs: object) -> None:
        del args, kwargs


def engine_steps(catalogue: Catalogue, folder: Path) -> list[float]:
    answers = answers_file.new(catalogue, {})
    path = folder / "engine.hiap.yaml"
    times = []
    question = route(catalogue, answers.values()).next()
    while question is not None:
        started = time.perf_counter()
        answers.set(question.id, Answer(value=VALUES[question.type]))
        answers_file.save(answers, path)
        now = route(catalogue, answers.values())
        question = now.next()
        if question is not None:
            engine.outline(catalogue, answers.values())  # the count every prompt shows
        times.append(time.perf_counter() - started)
    return times


def session_steps(catalogue: Catalogue, folder: Path) -> tuple[list[float], list[float]]:
    session = Session(catalogue, Silent(), assess=lambda answers: None)  # type: ignore[arg-type,return-value]
    session.open(folder / "session.hiap.yaml")
    assert session.now is not None
    times, compute = [], []
    question = session.now.next()
    with DiskClock() as disk:
        while question is not None:
            disk.spent = 0.0
            started = time.perf_counter()
            session.record(question, VALUES[question.type])
            question = session.now.next()
            if question is not None:
                session._count()  # the count line the next prompt shows
            elapsed = time.perf_counter() - started
            times.append(elapsed)
            compute.append(elapsed - disk.spent)
    return times, compute


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"{statistics.median(ordered) * 1000:5.2f} / {p95 * 1000:5.2f}"


def main() -> int:
    print("One interview step (answer confirmed -> next prompt ready), in milliseconds: median / p95")
    print(f"{'questions':>9} {'asked':>6} | {'engine':>15} | {'session':>15} | {'session, no disk':>16}")
    for size in SIZES:
        catalogue = synthetic(size)
        with tempfile.TemporaryDirectory() as folder:
            slow = engine_steps(catalogue, Path(folder))
            fast, compute = session_steps(catalogue, Path(folder))
        if len(slow) != len(fast):
            print(f"the two ways asked different questions ({len(slow)} and {len(fast)})", file=sys.stderr)
            return 1
        print(f"{size:>9} {len(fast):>6} | {summary(slow):>15} | {summary(fast):>15} | {summary(compute):>16}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
