"""Render and check at the bounds: the largest answers files hiap accepts, timed and measured.

Issue 18 asks that anything `hiap check` accepts renders and checks in under 5 s and 200 MiB.
Each shape below is built as large as the bounds allow (5 MiB, 150,000 values, 500 entries per
list answer, 50 sources per answer, 5,000 audit entries, 20,000 characters per text), checked to
be accepted, then `hiap check` and `hiap render` (Word and Markdown) run as subprocesses; the
wall time and peak memory (ru_maxrss of the child) are printed, never asserted.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hiap import yamlio
from hiap.models.answers import MAX_EVENTS, MAX_ITEMS, MAX_SOURCES
from hiap.pipeline import open_engine

LIMIT = 5 * 1024 * 1024 - 64 * 1024


def _value(question: Any, catalogue: Any, text: int) -> Any:
    if question.type == "text":
        return ("A long single line " * 2000)[:text]
    if question.type == "longtext":
        return ("A long paragraph of evidence and reasoning. " * 500)[:text]
    if question.type == "date":
        return "2026-03-31"
    if question.type == "number":
        return int(question.minimum) if question.minimum is not None else 1
    if question.type == "yesno":
        return True
    if question.type == "each":  # one line for every item the questions it reads can hold
        items = {o.value for ref in question.each for o in catalogue.options(catalogue.by_id[ref])}
        return {item: ("One line on how this group is affected. " * 20)[: min(text, 300)] for item in items}
    options = catalogue.options(question)
    if question.type in ("choice", "rating"):
        return options[0].value
    if question.type == "multi":
        return [o.value for o in options]
    rows = []
    for index in range(MAX_ITEMS):
        row = {}
        for field in question.fields:
            if field.type == "date":
                row[field.id] = "2026-03-31"
            elif field.type == "number":
                row[field.id] = index
            elif field.options:
                row[field.id] = field.options[0].value
            else:
                row[field.id] = f"Entry {index}: " + "words " * 20
        rows.append(row)
    return rows


def everything(catalogue: Any) -> dict[str, Any]:
    """Every question answered as fully as the bounds allow, 5,000 audit entries, 50 sources on
    every answer, then text answers grown until the file is just under 5 MiB."""
    answers: dict[str, Any] = {}
    decision: dict[str, Any] = {}
    sources = [f"Source {i}: " + "a published report with a long title " * 12 for i in range(MAX_SOURCES)]
    for index, question in enumerate(catalogue.questions):
        cited = list(sources) if index < 20 else sources[:3]  # every answer with 50 would pass 5 MiB alone
        entry = {"value": _value(question, catalogue, 200), "note": "A note. " * 50, "sources": cited}
        if question.id.startswith("decision."):
            decision[question.id.split(".", 1)[1]] = entry["value"]
        else:
            answers[question.id] = entry
    events = [{"at": "2026-03-31T10:00:00Z", "event": "resumed", "by": f"Officer {i}"} for i in range(MAX_EVENTS)]
    data = {"format": 1, "decision": decision, "answers": answers, "events": events}
    texts = [q for q in catalogue.questions if q.type == "longtext" and not q.id.startswith("decision.")]
    size = len(yamlio.dumps(data))
    assert size < LIMIT, f"the fixed part alone is {size} bytes"
    for question in texts:  # each grown text adds about 20 KB
        if size + 21_000 > LIMIT:
            break
        answers[question.id]["value"] = _value(question, catalogue, 20_000)
        size += 20_000
    size = len(yamlio.dumps(data))
    while size > LIMIT and events:  # then drop audit entries, a batch at a time, until it fits
        per = 70
        del events[-((size - LIMIT) // per + 1) :]
        size = len(yamlio.dumps(data))
    return data


def unknown_plugin(catalogue: Any) -> dict[str, Any]:
    """Answers for a plugin that is not installed are kept, unchecked: as many values as allowed."""
    per = MAX_ITEMS
    count = (yamlio.MAX_NODES - 200) // (per + 2)
    answers = {f"notinstalled.q{i}": [f"v{j}" for j in range(per)] for i in range(count)}
    return {"format": 1, "decision": {"title": "Library opening hours", "kind": "service_change"}, "answers": answers}


def long_records(catalogue: Any) -> dict[str, Any]:
    """Every table answer (actions, indicators) at 500 rows of long text, up to 5 MiB: the shape
    that once took 16 s and 1.5 GB to render at 100,000 actions."""
    tables = [q for q in catalogue.questions if q.type == "records"]
    per_cell = LIMIT // (len(tables) * MAX_ITEMS * max(len(q.fields) for q in tables)) - 40
    answers: dict[str, Any] = {}
    for question in tables:
        rows = _value(question, catalogue, 0)
        for row in rows:
            for field in question.fields:
                if field.type == "text":
                    row[field.id] = ("An action with a long description. " * 100)[:per_cell]
        answers[question.id] = rows
    decision = {"title": "Library opening hours", "kind": "service_change"}
    return {"format": 1, "decision": decision, "answers": answers}


SHAPES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "everything": everything,
    "long-records": long_records,
    "unknown-plugin": unknown_plugin,
}

_MEASURED = (
    "import resource, runpy, sys\n"
    "sys.argv = ['hiap', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('hiap', run_name='__main__')\n"
    "finally:\n"
    "    print('hiap-peak-kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def run(folder: Path, *args: str) -> tuple[int, float, float, float, str]:
    """Exit code, wall time, CPU time (user + system: what the run costs whatever else the machine
    is doing), peak memory in MiB, and the last lines of stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, *args], cwd=folder, capture_output=True, text=True, timeout=300
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = done.stderr.splitlines()
    peak = int(lines.pop().split()[1]) / 1024 if lines and lines[-1].startswith("hiap-peak-kb") else float("nan")
    return done.returncode, elapsed, cpu, peak, "\n".join(lines[-2:])


def main() -> None:
    catalogue = open_engine().catalogue
    print(f"{'shape':16} {'size':>8} {'lines':>8}  {'command':20} {'exit':>4} {'wall':>7} {'cpu':>7} {'peak':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, make in SHAPES.items():
            text = yamlio.dumps(make(catalogue))
            path = folder / f"{name}.hiap.yaml"
            path.write_text(text, encoding="utf-8")
            lines = text.count("\n")
            for command in (("check",), ("render", "--format", "md"), ("render",)):
                args = (command[0], path.name, *command[1:])
                code, elapsed, cpu, peak, err = run(folder, *args)
                label = " ".join(command)
                print(
                    f"{name:16} {len(text) / 2**20:6.2f}MB {lines:8}  {label:20} {code:4} "
                    f"{elapsed:6.2f}s {cpu:6.2f}s {peak:7.1f}MiB"
                )
                if code not in (0,):
                    print("   ", err)
    print("(wall: elapsed time; cpu: user + system time of the run; peak: its largest resident size)")


if __name__ == "__main__":
    main()
