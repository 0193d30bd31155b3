"""Say which installed releases differ from the lock, so `make test-latest` shows what it tries.

Run: ``.venv-latest/bin/python tools/lock_diff.py requirements/test.txt``. Prints one line per
package whose installed version is not the locked one (``name: locked -> installed``), or that
everything matches. Reads the lock as text: only ``name==version`` lines count. What only builds
hiap (``build.in`` beside the lock: setuptools) is left out, since the newest-releases run builds
hiap in pip's own isolated environment and the venv's copy is whatever Python came with.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path: Path) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            pins[_norm(match.group(1))] = match.group(2)
    return pins


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: lock_diff.py LOCKFILE", file=sys.stderr)
        return 2
    lock = Path(argv[0])
    pins = locked(lock)
    build = lock.with_name("build.in")
    if build.is_file():
        for line in build.read_text(encoding="utf-8").splitlines():
            name = re.split(r"[<>=!~;\[ #]", line.strip(), maxsplit=1)[0]
            if name:
                pins.pop(_norm(name), None)
    installed = {_norm(d.metadata["Name"]): d.version for d in metadata.distributions()}
    changed = [
        f"  {name}: {version} -> {installed[name]}"
        for name, version in sorted(pins.items())
        if name in installed and installed[name] != version
    ]
    if changed:
        print(f"Newest releases the ranges allow, where they differ from {argv[0]}:")
        print("\n".join(changed))
    else:
        print(f"The newest releases the ranges allow are the ones in {argv[0]}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
