"""How long the Word appendix takes, next to the smallest thing python-docx can do.

Run from the repository: ``.venv/bin/python tests/bench/bench_render.py [--runs N] [--scale S]``.
Prints, side by side, a large assessment's render against ``Document().add_paragraph("x"); save``,
both in fresh subprocesses (imports included, as a user running ``hiap render`` pays) and
in-process (median of N), plus peak memory. Exits 1 if a target is missed: within 1.5 times the
one-liner, and under 80 MiB.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

RATIO_TARGET = 1.5
MEMORY_TARGET_MIB = 80.0

# Each child prints {"seconds": work time including imports, "maxrss_kib": peak resident memory}.
_CHILD_ONE_LINER = """
import json, resource, sys, time
start = time.perf_counter()
from docx import Document
d = Document(); d.add_paragraph("x"); d.save(sys.argv[1])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

_CHILD_RENDER = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
from tests.docx_fixtures import make_assessment
a = make_assessment(scale=int(sys.argv[2]))
start = time.perf_counter()
from hiap.render.docx_writer import write_docx
write_docx(a, __import__("pathlib").Path(sys.argv[1]), {"template": None, "appendix": None, "council": {}})
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _fresh(code: str, args: list[str], runs: int) -> tuple[float, float, float]:
    """Median work seconds, median whole-process seconds and the largest peak RSS (MiB) over ``runs``."""
    work, wall, rss = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        wall.append(time.perf_counter() - started)
        data = json.loads(result.stdout.strip().splitlines()[-1])
        work.append(data["seconds"])
        rss.append(data["maxrss_kib"] / 1024)
    return statistics.median(work), statistics.median(wall), max(rss)


def _in_process(scale: int, runs: int) -> tuple[float, float, float]:
    """Median seconds of the render and of the one-liner, warm, and tracemalloc's peak for one render."""
    from docx import Document

    from hiap.render.docx_writer import render_docx
    from tests.docx_fixtures import make_assessment

    a = make_assessment(scale=scale)
    render_docx(a, {})  # warm caches, as the second file of a batch would be

    def one_liner() -> None:
        d = Document()
        d.add_paragraph("x")
        d.save(io.BytesIO())

    one_liner()
    ours, theirs = [], []
    for _ in range(runs):  # interleaved, so background load hits both alike
        t = time.perf_counter()
        render_docx(a, {})
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        one_liner()
        theirs.append(time.perf_counter() - t)
    tracemalloc.start()
    render_docx(a, {})
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(ours), statistics.median(theirs), peak / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="repetitions for each median (default 15)")
    parser.add_argument("--scale", type=int, default=10, help="list multiplier for the large assessment (default 10)")
    args = parser.parse_args(argv)

    from hiap.models.document import Table
    from hiap.render.content import plan
    from tests.docx_fixtures import make_assessment

    a = make_assessment(scale=args.scale)
    blocks = [b for s in plan(a) for b in s.blocks]
    rows = sum(len(b.rows) for b in blocks if isinstance(b, Table))
    print(
        f"Large assessment: scale {args.scale}, {len(blocks)} blocks, "
        f"{sum(isinstance(b, Table) for b in blocks)} tables, {rows} table rows; {args.runs} runs each"
    )

    with tempfile.TemporaryDirectory() as tmp:
        fresh_ours = _fresh(_CHILD_RENDER, [str(Path(tmp) / "a.docx"), str(args.scale), str(ROOT)], args.runs)
        fresh_theirs = _fresh(_CHILD_ONE_LINER, [str(Path(tmp) / "b.docx")], args.runs)
    warm_ours, warm_theirs, traced = _in_process(args.scale, args.runs)

    rows_out = [
        ("fresh subprocess, work incl. imports", fresh_ours[0] * 1000, fresh_theirs[0] * 1000),
        ("fresh subprocess, whole process *", fresh_ours[1] * 1000, fresh_theirs[1] * 1000),
        ("in-process, warm (median)", warm_ours * 1000, warm_theirs * 1000),
    ]
    print(f"\n{'':38} {'hiap render':>12} {'one-liner':>12} {'ratio':>7}")
    failed = False
    for label, ours, theirs in rows_out:
        ratio = ours / theirs
        informative = label.endswith("*")
        verdict = "info" if informative else ("ok" if ratio <= RATIO_TARGET else f"over {RATIO_TARGET}x")
        failed |= ratio > RATIO_TARGET and not informative
        print(f"{label:38} {ours:10.1f}ms {theirs:10.1f}ms {ratio:6.2f}x  {verdict}")
    peak = fresh_ours[2]
    print(
        f"{'peak resident memory (ru_maxrss)':38} {peak:8.1f} MiB {fresh_theirs[2]:8.1f} MiB"
        f"          {'ok' if peak < MEMORY_TARGET_MIB else 'over'} (target < {MEMORY_TARGET_MIB:.0f} MiB)"
    )
    print(f"{'python allocations during render':38} {traced:8.1f} MiB  (tracemalloc peak)")
    print("* includes starting Python, importing pydantic and building the test assessment (the input, not the render)")
    failed |= peak >= MEMORY_TARGET_MIB
    print("\nTargets " + ("missed." if failed else "met."))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
