"""Issue 22's speed targets, measured as whole processes side by side in one run, cold and warm.

Run from the repository: ``.venv/bin/python tests/bench/bench_targets.py [--runs N] [--files N]``.

Every figure is the median wall time of N fresh processes (default 9), each pair interleaved
(ours, theirs, ours, theirs...) so that other work on a shared machine slows both alike. "Cold"
runs start with an empty compiled-catalogue folder each time (``HIAP_CACHE_DIR``), as the first
run after installing or upgrading does; "warm" runs reuse the one the first run wrote. Printed,
never asserted (``tests/`` never times anything):

* ``hiap render`` of the largest example to Word against a python-docx one-liner writing one
  paragraph (target: within 1.5 times);
* the floor under any render, importing hiap's data models and python-docx and nothing else,
  against the same one-liner (information: no render can be quicker);
* ``hiap --help`` against ``python -c pass`` (target: within 2.5 times);
* ``hiap assess`` from start to its first prompt, through a pseudo-terminal, warm (target:
  under 300 ms), and ``hiap outline`` of the largest example;
* ``hiap portfolio`` of 1,000 answers files, CSV (target: under 3 s on two cores);
* the render's peak resident memory (``ru_maxrss`` of the child; target: under 80 MiB).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TARGETS = {"render": 1.5, "help": 2.5}
FIRST_PROMPT_MS = 300.0
PORTFOLIO_S = 3.0
MEMORY_MIB = 80.0
#: what every render imports before it reads a file: the answers, checklist and assessment models
#: (built by pydantic when imported) and python-docx
FLOOR = "import hiap.answers.answers_file, hiap.models.assessment, docx"
ONE_LINER = "from docx import Document; import sys; d = Document(); d.add_paragraph('x'); d.save(sys.argv[1])"


def hiap() -> list[str]:
    script = Path(sys.executable).with_name("hiap")
    return [str(script)] if script.exists() else [sys.executable, "-m", "hiap"]


def largest_example() -> Path:
    return max((ROOT / "examples").glob("*.hiap.yaml"), key=lambda p: p.stat().st_size)


class Runner:
    """Fresh processes in a scratch folder, with a cache folder that is kept (warm) or emptied
    before every run (cold)."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.cache = scratch / "cache"
        self.env = {
            **os.environ,
            "NO_COLOR": "1",
            "HIAP_CONFIG_DIR": str(scratch / "no-config"),
            "HIAP_CACHE_DIR": str(self.cache),
        }
        # as installed: pip and pipx compile hiap's modules to bytecode when they install it, so a
        # user's run never compiles source; a checkout (or PYTHONDONTWRITEBYTECODE) would, every run
        for name in ("HIAP_CONFIG", "HIAP_PLUGINS", "HIAP_DISABLE_PLUGINS", "HIAP_DEBUG", "PYTHONDONTWRITEBYTECODE"):
            self.env.pop(name, None)
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(ROOT / "hiap"), *map(str, ROOT.glob("plugins/*/src"))],
            check=True,
        )

    def clear(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)

    def seconds(self, command: list[str], *, cold: bool = False) -> float:
        if cold:
            self.clear()
        started = time.perf_counter()
        done = subprocess.run(
            command, cwd=self.scratch, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
        return elapsed

    def peak_mib(self, command: list[str], *, cold: bool = False) -> float:
        """The child's peak resident memory, from a wrapper process that runs only it."""
        if cold:
            self.clear()
        wrapper = (
            "import resource, subprocess, sys\n"
            "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", wrapper, *command], cwd=self.scratch, env=self.env, capture_output=True, text=True
        )
        if out.returncode != 0:
            raise SystemExit(out.stderr[-500:])
        kib = int(out.stdout.split()[-1])
        return kib / 1024 if sys.platform != "darwin" else kib / 2**20


def side_by_side(runs: int, ours: Callable[[], float], theirs: Callable[[], float]) -> tuple[float, float]:
    a, b = [], []
    for _ in range(runs):
        a.append(ours())
        b.append(theirs())
    return statistics.median(a), statistics.median(b)


def first_prompt(runner: Runner, runs: int, *, cold: bool) -> float | None:
    """Median seconds from starting ``hiap assess NEW`` in a pty to its first question on screen."""
    try:
        import pexpect
    except ImportError:
        return None
    times = []
    for index in range(runs):
        if cold:
            runner.clear()
        target = runner.scratch / f"interview-{index}.hiap.yaml"
        env = {**runner.env, "TERM": "xterm-256color", "HIAP_PLUGINS": "", "PROMPT_TOOLKIT_NO_CPR": "1"}
        started = time.perf_counter()
        child = pexpect.spawn(
            hiap()[0],
            [*hiap()[1:], "assess", str(target)],
            cwd=str(runner.scratch),
            env=env,
            encoding="utf-8",
            dimensions=(40, 120),
            timeout=60,
        )
        try:
            child.expect_exact("title of the decision")
            times.append(time.perf_counter() - started)
        finally:
            child.kill(9)
            child.close(force=True)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="fresh processes per median (default 9)")
    parser.add_argument("--files", type=int, default=1000, help="answers files in the portfolio (default 1000)")
    args = parser.parse_args(argv)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    example = largest_example()
    print(
        f"Whole processes, median of {args.runs}, interleaved; {cores} cores, load average "
        f"{os.getloadavg()[0]:.1f} at the start (a shared machine inflates both columns alike)."
    )
    print(f"Largest example: {example.name} ({example.stat().st_size // 1024} KiB)\n")
    rows: list[tuple[str, float, float | None, str]] = []

    with tempfile.TemporaryDirectory(prefix="hiap-bench-") as folder:
        runner = Runner(Path(folder))
        out = str(Path(folder) / "out.docx")
        render = [*hiap(), "render", str(example), "-o", out]
        docx_one = [sys.executable, "-c", ONE_LINER, str(Path(folder) / "one.docx")]
        bare = [sys.executable, "-c", "pass"]
        runner.seconds(render)  # the warm runs' cache, and the files read once

        for label, cold in (("cold", True), ("warm", False)):
            ours, theirs = side_by_side(
                args.runs, lambda c=cold: runner.seconds(render, cold=c), lambda: runner.seconds(docx_one)
            )
            rows.append((f"hiap render (largest) vs python-docx one-liner, {label}", ours, theirs, "render"))
        # the floor under any render: importing the data models (pydantic) and python-docx, then
        # stopping. No render can be quicker than this; information, not a target
        floor = [sys.executable, "-c", FLOOR]
        ours, theirs = side_by_side(args.runs, lambda: runner.seconds(floor), lambda: runner.seconds(docx_one))
        rows.append(("floor: import hiap's models and python-docx, nothing else", ours, theirs, "floor"))
        runner.seconds(render)
        ours, theirs = side_by_side(
            args.runs, lambda: runner.seconds([*hiap(), "--help"]), lambda: runner.seconds(bare)
        )
        rows.append(("hiap --help vs python -c pass", ours, theirs, "help"))

        print(f"{'':62} {'hiap':>9} {'baseline':>9} {'ratio':>6}  target")
        for label, ours, theirs, target in rows:
            assert theirs is not None
            ratio = ours / theirs
            if target not in TARGETS:
                print(f"{label:62} {ours * 1000:7.0f}ms {theirs * 1000:7.0f}ms {ratio:5.2f}x  (information)")
                continue
            verdict = "met" if ratio <= TARGETS[target] else "missed"
            print(
                f"{label:62} {ours * 1000:7.0f}ms {theirs * 1000:7.0f}ms {ratio:5.2f}x  "
                f"<= {TARGETS[target]}x: {verdict}"
            )

        print()
        outline = [*hiap(), "outline", str(example)]
        cold_outline, warm_outline = side_by_side(  # interleaved: each warm run follows a run that wrote the cache
            args.runs, lambda: runner.seconds(outline, cold=True), lambda: runner.seconds(outline)
        )
        for label, cold in (("cold", True), ("warm", False)):
            prompt = first_prompt(runner, args.runs, cold=cold)
            shown = f"{prompt * 1000:7.0f}ms" if prompt is not None else "  (no pexpect)"
            verdict = "" if prompt is None else ("met" if prompt * 1000 < FIRST_PROMPT_MS else "missed")
            note = f"< {FIRST_PROMPT_MS:.0f} ms warm: {verdict}" if not cold else "(information)"
            print(f"{'hiap assess: start to first prompt (pty), ' + label:62} {shown}   {note}")
        for label, seconds in (("cold", cold_outline), ("warm", warm_outline)):
            print(f"{'hiap outline (largest), ' + label:62} {seconds * 1000:7.0f}ms")

        print()
        for label, cold in (("cold", True), ("warm", False)):
            if not cold:
                runner.seconds(render)
            peak = max(runner.peak_mib(render, cold=cold) for _ in range(min(args.runs, 3)))
            verdict = "met" if peak < MEMORY_MIB else "missed"
            print(
                f"{'hiap render peak resident memory, ' + label:62} {peak:6.1f} MiB  < {MEMORY_MIB:.0f} MiB: {verdict}"
            )

        from tests.bench.bench_portfolio import TODAY, make_portfolio

        files = Path(folder) / "portfolio"
        make_portfolio(files, args.files, seed=args.files)
        command = [*hiap(), "portfolio", str(files), "--today", TODAY.isoformat(), "--format", "csv", "-o"]
        print()
        for label, cold in (("cold", True), ("warm", False)):
            if not cold:
                runner.seconds(render)
            runs = max(3, args.runs // 3)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall = statistics.median(
                runner.seconds([*command, str(Path(folder) / f"p{i}.csv")], cold=cold) for i in range(runs)
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / runs
            verdict = "met" if wall < PORTFOLIO_S else "missed"
            print(
                f"{f'hiap portfolio, {args.files:,} files, csv, ' + label:62} {wall:7.2f}s  "
                f"(cpu {cpu:.2f}s, median of {runs})  < {PORTFOLIO_S:.0f} s: {verdict}"
            )
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
