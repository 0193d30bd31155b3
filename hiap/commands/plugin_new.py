"""``hiap plugin new NAME``: scaffold a sector plugin package."""

from __future__ import annotations

import argparse

from hiap import scaffold


def cmd_plugin(args: argparse.Namespace) -> int:
    dest = scaffold.render(args.name, args.dir)
    print(f"Created {dest}/ with a checklist, hooks, a README and tests.")
    print("Next:")
    steps = [
        (f"pip install -e '{dest}[test]'", "install it beside hiap"),
        ("hiap plugins", "it is listed as ok"),
        (f"cd {dest} && pytest", "its tests pass as generated"),
    ]
    width = max(len(cmd) for cmd, _ in steps) + 2
    for cmd, why in steps:
        print(f"  {cmd.ljust(width)}# {why}")
    return 0
