"""How checking and rendering grow with the number of answers files: 100, 300 and 1,000.

Run from the repository: ``.venv/bin/python tests/bench/bench_many.py [--sizes 100,300,1000]``.
The files are copies of ``examples/*.hiap.yaml`` with varied titles. For each size it prints:

* ``check``: one ``hiap check`` over every file, in a fresh subprocess as a user runs it (start-up
  included), and the time per file once the one-file run is taken away;
* ``md`` and ``docx``: every file loaded, assessed and rendered in-process with one engine, the
  way a portfolio run or a script would; time per file.

The total should grow in proportion to the files (``x100`` near 3 and 10): the engine (plugins,
checklists, conditions) is built once per run, never per file.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from hiap import yamlio  # noqa: E402
from hiap.answers import answers_file  # noqa: E402
from hiap.errors import InputError  # noqa: E402
from hiap.pipeline import Engine, assess, open_engine, output_formats  # noqa: E402


def usable_examples(engine: Engine) -> list[Path]:
    """The examples that validate against today's checklists (one being edited is left out, and said)."""
    found = []
    for path in sorted((ROOT / "examples").glob("*.hiap.yaml")):
        try:
            answers_file.load_validated(path, engine.catalogue)
        except InputError as exc:
            print(f"(left out {path.name}: {exc.format().splitlines()[0]})", file=sys.stderr)
            continue
        found.append(path)
    return found


def copies(examples: list[Path], count: int, folder: Path) -> list[Path]:
    """``count`` answers files cycling through the examples, each with a title of its own."""
    sources = [yamlio.load(path, what="answers file").data for path in examples]
    made = []
    for index in range(count):
        data: dict[str, Any] = dict(sources[index % len(sources)])
        decision = dict(data.get("decision") or {})
        title = decision.get("title")
        title = title.get("value") if isinstance(title, dict) else title
        decision["title"] = f"{title} (copy {index + 1} of {count})"
        data["decision"] = decision
        path = folder / f"assessment-{index + 1:04d}.hiap.yaml"
        path.write_text(yamlio.dumps(data), encoding="utf-8")
        made.append(path)
    return made


def time_check(files: list[Path], folder: Path) -> float:
    env = {**os.environ, "NO_COLOR": "1", "HIAP_CONFIG_DIR": str(folder / "no-config")}
    env.pop("HIAP_CONFIG", None)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "hiap", "check", *map(str, files)], cwd=folder, env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"hiap check failed (exit {result.returncode}): {result.stderr[-500:]}")
    return elapsed


def time_render(engine: Engine, files: list[Path], fmt: str, out: Path) -> float:
    render = output_formats(engine)[fmt].render
    options: dict[str, Any] = {"template": None, "appendix": None, "council": {}}
    started = time.perf_counter()
    for path in files:
        assessment = assess(answers_file.load_validated(path, engine.catalogue), engine)
        render(assessment, out / (path.name.removesuffix(".hiap.yaml") + "." + fmt), options)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,1000", help="numbers of files, comma-separated")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    engine = open_engine()
    examples = usable_examples(engine)
    if not examples:
        print("no example validates against the installed checklists", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        one = folder / "warm"
        one.mkdir()
        copies(examples, 1, one)
        single = min(time_check(sorted(one.glob("*.hiap.yaml")), folder) for _ in range(5))  # start-up, one file
        time_render(engine, sorted(one.glob("*.hiap.yaml")), "docx", one)  # python-docx and templates loaded
        print(f"{len(examples)} example(s) copied; one engine for the in-process renders")
        print(
            f"{'files':>6} | {'check s':>8} {'ms/file':>8} | {'md s':>8} {'ms/file':>8} | {'docx s':>8} {'ms/file':>8}"
        )
        totals: dict[int, dict[str, float]] = {}
        for size in sizes:
            work = folder / f"n{size}"
            work.mkdir()
            files = copies(examples, size, work)
            out = work / "out"
            out.mkdir()
            row = totals[size] = {
                "check": time_check(files, folder),
                "md": time_render(engine, files, "md", out),
                "docx": time_render(engine, files, "docx", out),
            }
            check_per_file = (row["check"] - single) / max(1, size - 1)
            print(
                f"{size:>6} | {row['check']:8.2f} {check_per_file * 1000:8.1f} | {row['md']:8.2f} "
                f"{row['md'] / size * 1000:8.1f} | {row['docx']:8.2f} {row['docx'] / size * 1000:8.1f}"
            )
        print(f"check: one `hiap check` over all the files; start-up with one file ({single:.2f} s) is left out")
        print("of ms/file and of the growth below; md and docx: load, assess and render, in-process")
        first = sizes[0]
        for size in sizes[1:]:
            net = {n: {**totals[n], "check": totals[n]["check"] - single} for n in (first, size)}
            growth = ", ".join(f"{name} {net[size][name] / net[first][name]:.1f}x" for name in totals[size])
            print(f"{first} -> {size} files ({size / first:.1f}x as many): {growth}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
