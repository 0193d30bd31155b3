"""``hiap plugin new NAME``: scaffold a sector plugin package."""

from __future__ import annotations

import argparse
import sys

from hiap import scaffold
from hiap.commands import install_hint
from hiap.console import hiap_program, quote


def cmd_plugin(args: argparse.Namespace) -> int:
    dest = scaffold.render(args.name, args.dir)
    print(f"Created {dest}/ with a checklist, hooks, a README and tests.")
    print("Next:")
    program = hiap_program()
    steps = [
        (install_hint("-e", f"{dest}[test]"), "install it beside this hiap"),
        (f"{program} plugins", "it is listed as ok"),
        (f"cd {quote(str(dest))} && {quote(sys.executable)} -m pytest", "its tests pass as generated"),
    ]
    width = max(len(cmd) for cmd, _ in steps) + 2
    for cmd, why in steps:
        print(f"  {cmd.ljust(width)}# {why}")
    return 0
