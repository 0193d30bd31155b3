"""Benchmark ``hiap portfolio`` on 100, 300 and 1,000 generated answers files.

    .venv/bin/python tests/bench/bench_portfolio.py [N ...] [--keep DIR]

The files are the worked examples in ``examples/``, copied and varied (title, directorate,
dates, ratings, groups, actions, sign-off), so they have realistic sizes and every branch of the
summary is exercised; without examples they are generated from the installed checklists. Each
size is timed end to end as a user runs it (``hiap portfolio`` in a fresh process, CSV and Word),
and the reading alone in-process; the time should grow linearly with the number of files, and
1,000 files should take under 3 seconds. ``tests/test_portfolio.py`` uses ``make_portfolio``
to build its own varied portfolio.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SIZES = (100, 300, 1000)

DIRECTORATES = (
    "Place",
    "Adult Social Care",
    "Children's Services",
    "Housing",
    "Resources",
    "Public Health",
    "Regeneration and Economy",
)
OWNERS = (
    "Head of Housing Needs",
    "Public Health Principal",
    "Passenger Transport Manager",
    "Planning Policy Manager",
    "Employment and Skills Manager",
    None,
)
IMPACTS = ("major_positive", "minor_positive", "neutral", "minor_negative", "major_negative", "mixed", "uncertain")
EQUITY = ("narrows", "no_change", "widens", "unknown")
TODAY = dt.date(2026, 11, 23)

#: Broken files of every kind the portfolio must name rather than stop on: (name, text, reason fragment).
BROKEN: tuple[tuple[str, str, str], ...] = (
    ("broken-yaml.hiap.yaml", "format: 1\ndecision: [unclosed\n", "not valid YAML"),
    (
        "not-answers.hiap.yaml",
        "title: A shopping list\nitems: [milk, eggs]\n",
        "does not look like a hiap answers file",
    ),
    (
        "invalid-value.hiap.yaml",
        "format: 1\ndecision:\n  title: Bad rating\nanswers:\n  p4.effect: hugely\n",
        "is not one of the options",
    ),
    ("future-format.hiap.yaml", "format: 99\ndecision:\n  title: From the future\n", "newer hiap"),
    ("unknown-key.hiap.yaml", "format: 1\ndecison:\n  title: Misspelt\n", "decison"),
    ("empty.hiap.yaml", "", "empty"),
)


def _date(rng: random.Random, start: dt.date, days: int) -> str:
    return (start + dt.timedelta(days=rng.randint(0, days))).isoformat()


def _engine() -> Any:
    from hiap.pipeline import open_engine

    return open_engine()


def _from_checklist(engine: Any, rng: random.Random, index: int) -> Any:
    """An answers file made by answering every question that applies, as the interview would."""
    from hiap.models.answers import Answer, AnswersFile

    catalogue = engine.catalogue
    answers = AnswersFile(checklists=catalogue.origins())
    values: dict[str, Any] = {}
    for q in catalogue.questions:
        if not catalogue.applies(q, values.get) or (not q.required and rng.random() < 0.15):
            continue
        options = [o.value for o in catalogue.options(q)]
        if q.id == "decision.title":
            value: Any = f"Decision {index}: review of service {rng.randint(1, 99)}"
        elif q.id == "screening.route":
            value = rng.choice(["rapid", "full", "full", "none"])
        elif q.type == "yesno":
            value = rng.random() < 0.6
        elif q.type in ("choice", "rating"):
            value = rng.choice(options)
        elif q.type == "multi":
            value = rng.sample(options, min(len(options), rng.randint(1, 3)))
        elif q.type == "text":
            value = f"{q.text.rstrip('?')} {rng.randint(1, 1000)}"
        elif q.type == "longtext":
            value = " ".join(
                f"Sentence {n} of the officer's answer, with some detail." for n in range(rng.randint(3, 20))
            )
        elif q.type == "date":
            value = _date(rng, TODAY - dt.timedelta(days=200), 600)
        elif q.type == "number":
            value = rng.randint(int(q.minimum or 0), int(q.maximum or 100))
        else:  # records
            value = [
                {
                    f.id: (_date(rng, TODAY - dt.timedelta(days=200), 600) if f.type == "date" else f"{f.text} {n}")
                    for f in q.fields
                }
                for n in range(rng.randint(1, 4))
            ]
        values[q.id] = value
        answers.set(q.id, Answer(value=value))
    return answers


def _vary(answers: Any, rng: random.Random, index: int) -> Any:
    """A copy of a worked example, changed the way a council's portfolio differs between decisions."""
    from hiap.models.answers import Answer

    a = answers.model_copy(deep=True)
    a.set("decision.title", Answer(value=f"{a.title} – variant {index}"))
    a.set("decision.reference", Answer(value=f"HIAP/{index:04d}"))
    a.set("decision.directorate", Answer(value=rng.choice(DIRECTORATES)))
    a.set("decision.meeting_date", Answer(value=_date(rng, TODAY - dt.timedelta(days=300), 500)))
    for n in range(1, 9):
        if rng.random() < 0.5:
            a.set(f"p{n}.effect", Answer(value=rng.choice(IMPACTS)))
        if rng.random() < 0.3:
            a.set(f"p{n}.equity", Answer(value=rng.choice(EQUITY)))
        if rng.random() < 0.2:
            a.remove(f"p{n}.mitigation")
        elif rng.random() < 0.8:  # most harm is answered for, so most assessments are complete
            a.set(f"p{n}.mitigation", Answer(value=f"Mitigation for principle {n}."))
            a.set(f"p{n}.residual", Answer(value="none"))
    a.set("actions.conclusion_reason", Answer(value="The ratings are weighed against the decision's aims."))
    if rng.random() < 0.5:
        groups = ["disability", "low_income", "carers", "children_young_people", "age", "rural", "race", "sex"]
        a.set("groups.adverse", Answer(value=rng.sample(groups, rng.randint(0, 4))))
    plan = a.get("actions.plan")
    if plan is not None and isinstance(plan.value, list):
        rows = [dict(row) for row in plan.value][: rng.randint(0, len(plan.value))]
        for row in rows:
            row["due"] = _date(rng, TODAY - dt.timedelta(days=180), 360)
            owner = rng.choice(OWNERS)
            if owner is None:
                row.pop("owner", None)
            else:
                row["owner"] = owner
        a.set("actions.plan", Answer(value=rows))
    a.set("monitoring.review_date", Answer(value=_date(rng, TODAY - dt.timedelta(days=60), 400)))
    if rng.random() < 0.2:
        a.remove("signoff.approver")
    if rng.random() < 0.15:
        a.remove("groups.psed")  # a required answer left out: the assessment is a draft
    if rng.random() < 0.15:
        a.remove("actions.conclusion")  # a draft reaches no conclusion
    return a


def make_portfolio(
    folder: Path, count: int, *, seed: int = 0, broken: bool = False, engine: Any = None, examples: Path = EXAMPLES
) -> list[Path]:
    """Write ``count`` varied answers files in sub-folders of ``folder`` (and the broken ones)."""
    from hiap.answers import answers_file
    from hiap.yamlio import dumps

    rng = random.Random(seed)
    sources = [answers_file.load(p) for p in sorted(examples.glob("*.hiap.yaml"))] if examples.is_dir() else []
    engine = engine if engine is not None or sources else _engine()
    written = []
    for index in range(count):
        if sources:
            answers = _vary(sources[index % len(sources)], rng, index)
        else:
            answers = _from_checklist(engine, rng, index)
        sub = folder / rng.choice(DIRECTORATES).lower().replace(" ", "-").replace("'", "")
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"decision-{index:04d}{answers_file.SUFFIX}"
        path.write_text(dumps(answers.dump()), encoding="utf-8")
        written.append(path)
    if broken:
        bad = folder / "broken"
        bad.mkdir(parents=True, exist_ok=True)
        for name, text, _reason in BROKEN:
            (bad / name).write_text(text, encoding="utf-8")
    return written


def _run(folder: Path, *args: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds (all processes) of one ``hiap portfolio`` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "hiap", "portfolio", str(folder), "--today", TODAY.isoformat(), *args],
        check=True,
        cwd=folder,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _read_only(folder: Path) -> float:
    """Seconds to find, read and summarise the files in this process, one worker (no start-up)."""
    import gc

    from hiap.portfolio.collect import collect, find_files

    engine = _engine()
    gc.freeze()  # as the command does once the engine is open
    start = time.perf_counter()
    collect(find_files([folder]), engine, workers=1)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    keep = None
    if "--keep" in argv:
        keep = Path(argv[argv.index("--keep") + 1])
        argv = [a for a in argv if a not in ("--keep", str(keep))]
    sizes = [int(a) for a in argv] or list(SIZES)
    source = "examples/" if EXAMPLES.is_dir() and any(EXAMPLES.glob("*.hiap.yaml")) else "the checklists"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"hiap portfolio benchmark: files varied from {source}; {cores} cores; load average {os.getloadavg()[0]:.1f}")
    print("read: in-process, one worker. csv, docx: the whole command, wall-clock (and CPU of all its processes).")
    print(
        f"{'files':>6} {'read s':>7} {'files/s':>8} {'csv s':>6} {'(cpu)':>6} {'files/s':>8} {'docx s':>7} {'files/s':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        base = keep or Path(tmp)
        for n in sizes:
            folder = base / f"portfolio-{n}"
            if not folder.is_dir():
                make_portfolio(folder, n, seed=n)
            read = _read_only(folder)
            csv, cpu = _run(folder, "--format", "csv", "-o", str(folder / "out.csv"))
            docx, _ = _run(folder, "-o", str(folder / "out.docx"))
            print(
                f"{n:>6} {read:>7.2f} {n / read:>8.0f} {csv:>6.2f} {cpu:>6.2f} {n / csv:>8.0f} {docx:>7.2f} {n / docx:>8.0f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
