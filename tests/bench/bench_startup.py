"""How long `hiap` takes to start, next to the bare interpreter.

Run from the repository: ``.venv/bin/python tests/bench/bench_startup.py [--runs N]``.
Each command runs in a fresh subprocess N times (default 20) and the median is printed beside
``python -c pass``: the target is ``hiap --version`` and ``hiap --help`` within 3 times the bare
interpreter. ``hiap checklists --json`` and ``hiap plugins --json`` (which load every checklist
and plugin) are printed for information. The regression guard in the suite is
``tests/test_cli.py::test_start_up_imports_nothing_heavy``; this script only reports.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RATIO_TARGET = 3.0


def hiap_command() -> list[str]:
    """The installed ``hiap`` script beside this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("hiap")
    return [str(script)] if script.exists() else [sys.executable, "-m", "hiap"]


def median_seconds(command: list[str], runs: int, cwd: Path) -> tuple[float, int]:
    """The median wall time of ``runs`` fresh runs, and the last run's exit code."""
    env = {**os.environ, "NO_COLOR": "1", "HIAP_CONFIG_DIR": str(cwd / "no-config")}
    env.pop("HIAP_CONFIG", None)
    times = []
    code = 0
    for _ in range(runs):
        started = time.perf_counter()
        code = subprocess.run(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ).returncode
        times.append(time.perf_counter() - started)
    return statistics.median(times), code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="fresh subprocesses per command (default 20)")
    args = parser.parse_args()
    hiap = hiap_command()
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        bare, _ = median_seconds([sys.executable, "-c", "pass"], args.runs, cwd)
        rows: list[tuple[str, float, bool | None, int]] = [("python -c pass", bare, None, 0)]
        commands: tuple[tuple[list[str], bool | None], ...] = (
            (["--version"], True),
            (["--help"], True),
            (["checklists", "--json"], False),
            (["plugins", "--json"], False),
        )
        for extra, target in commands:
            seconds, code = median_seconds(hiap + extra, args.runs, cwd)
            rows.append(("hiap " + " ".join(extra), seconds, target, code))
    print(f"Start-up, median of {args.runs} fresh subprocesses ({shutil.which(hiap[0]) or hiap[0]})")
    print(f"{'command':<24} {'ms':>8} {'x bare':>8}  target")
    missed = []
    for name, seconds, target, code in rows:
        ratio = seconds / bare
        verdict = ""
        if target:
            verdict = f"within {RATIO_TARGET:g}x: " + ("yes" if ratio <= RATIO_TARGET else "NO")
            if ratio > RATIO_TARGET:
                missed.append(name)
        elif target is False:
            verdict = "(for information)"
        if code:
            verdict += f" (exit {code}: run it to see why)"
        print(f"{name:<24} {seconds * 1000:8.1f} {ratio:8.2f}  {verdict}")
    if missed:
        print(f"Missed the {RATIO_TARGET:g}x target: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
