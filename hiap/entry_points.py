"""The installed plugins' entry points, remembered between runs.

Asking ``importlib.metadata`` reads the metadata of every distribution on ``sys.path``: about
60 ms, most of ``hiap --help`` (which lists plugins' commands). The answer only changes when a
distribution is installed or removed, which changes the folder it is installed into, so it is
kept in a small JSON file in hiap's cache folder, keyed by hiap's version, the interpreter and
the modification time of every folder on ``sys.path`` (for the current folder, of the
distributions in it), and by the size and time of the ``entry_points.txt`` of each distribution
that gave an entry point (an in-tree plugin's metadata edited in place changes no folder). A
missing, damaged or foreign file is ignored and rewritten; the file only names modules to
import, and only names of the shape an entry point has are accepted from it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from typing import NamedTuple

from hiap import __version__

FILE_NAME = "entry-points.json"
#: what an entry point's value may look like: ``package.module`` or ``package.module:attribute``
_VALUE = re.compile(r"^[A-Za-z_][\w.]*(:[A-Za-z_][\w.]*)?$")
_NAME = re.compile(r"^[\w.-]{1,100}$")


class Found(NamedTuple):
    name: str
    value: str
    distribution: str | None
    version: str | None


def entry_points(group: str) -> list[Found]:
    """Every entry point in ``group``, sorted by name (duplicates kept, first wins later)."""
    key = _key(group)
    cached = _read(key)
    if cached is not None:
        return cached
    from importlib import metadata

    found = []
    files: set[str] = set()
    for ep in sorted(metadata.entry_points(group=group), key=lambda ep: ep.name):
        dist = getattr(ep, "dist", None)
        found.append(Found(ep.name, ep.value, dist.metadata["Name"] if dist else None, dist.version if dist else None))
        where = getattr(dist, "_path", None)  # a PathDistribution's metadata folder
        if where is not None:
            files.add(os.path.join(str(where), "entry_points.txt"))
    _write(key, _stamps(sorted(files)), found)
    return found


def _stamps(files: list[str]) -> list[list[object]]:
    """Each file with its size and modification time (None if it is gone), to see it change."""
    out: list[list[object]] = []
    for name in files:
        try:
            info = os.stat(name)
        except OSError:
            out.append([name, None, None])
            continue
        out.append([name, info.st_mtime_ns, info.st_size])
    return out


def load(value: str) -> object:
    """What ``EntryPoint.load`` does: import the module, then follow the attribute path."""
    import importlib

    module_name, _, attributes = value.partition(":")
    target: object = importlib.import_module(module_name.strip())
    for part in filter(None, attributes.strip().split(".")):
        target = getattr(target, part)
    return target


def _key(group: str) -> list[object]:
    cwd = os.getcwd()
    stamps: list[object] = []
    for entry in sys.path:
        folder = entry or "."
        try:
            if os.path.abspath(folder) == cwd:
                stamps.append([entry, _distributions_in(folder)])
                continue
            info = os.stat(folder)
        except OSError:
            stamps.append([entry, None])
            continue
        stamps.append([entry, info.st_mtime_ns, info.st_size])
    return [__version__, sys.executable, group, stamps]


def _distributions_in(folder: str) -> list[list[object]]:
    """The current folder is on ``sys.path`` under ``python -m``; its time changes with every file
    written there (a rendered document, this cache), so only the distributions in it are compared."""
    with os.scandir(folder) as found:
        return sorted([e.name, e.stat().st_mtime_ns] for e in found if e.name.endswith((".dist-info", ".egg-info")))


def _path() -> str | None:
    try:
        from hiap.checklist.cache import cache_dir

        return os.path.join(cache_dir(), FILE_NAME)
    except Exception:  # noqa: BLE001 - no cache folder: no cache
        return None


def _read(key: list[object]) -> list[Found] | None:
    path = _path()
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read(1_000_000))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("found"), list):
        return None
    files = data.get("files")
    if not (isinstance(files, list) and len(files) <= 1000 and all(isinstance(f, list) and len(f) == 3 for f in files)):
        return None
    if not all(isinstance(f[0], str) for f in files) or _stamps([f[0] for f in files]) != files:
        return None  # a providing distribution's entry points changed in place
    out = []
    for item in data["found"]:
        if not (isinstance(item, list) and len(item) == 4):
            return None
        name, value, dist, version = item
        if not (isinstance(name, str) and _NAME.match(name) and isinstance(value, str) and _VALUE.match(value)):
            return None
        if not all(x is None or (isinstance(x, str) and len(x) < 200) for x in (dist, version)):
            return None
        out.append(Found(name, value, dist, version))
    return out


def _write(key: list[object], files: list[list[object]], found: list[Found]) -> None:
    path = _path()
    if path is None:
        return
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump({"key": key, "files": files, "found": [list(f) for f in found]}, handle)
        os.replace(temporary, path)
    except OSError:  # a read-only or full cache folder: no cache, no error
        with contextlib.suppress(OSError):
            os.unlink(temporary)
