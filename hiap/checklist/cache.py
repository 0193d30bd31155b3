"""The compiled catalogue: the validated checklists of a run, kept as JSON in the user's cache.

Parsing and validating the YAML of hiap's checklists and the plugins' takes a few hundred
milliseconds on every command; reading them back from one JSON file and validating that in
pydantic's Rust core takes a tenth of it. The cache is only ever an optimisation:

* **Keyed** by hiap's version, the size and modification time of the modules that define a
  checklist's shape (an edited install), and every source file in load order: its plugin, path,
  size, modification time (ns) and SHA-256. Every file is hashed on every run (about 1 ms for
  all of them), so an edit that keeps the size and the time stamp is still seen. The file name
  is a digest of the key, so each choice of plugins has its own file.
* **Checked** before use: the body's SHA-256 is stored beside it (a truncated or edited file
  fails it), then the body is validated by the same pydantic models as the YAML and the merge
  runs again on the result. Anything wrong (garbage, another version's file, JSON of the wrong
  shape) means the cache is ignored and rebuilt from the YAML. It is data, never code: JSON
  only, no pickle. The hash detects damage, not an attacker who can write to the user's own
  cache folder (who could change hiap's code just as well).
* **Written** atomically (a temporary file, then ``os.replace``), and only when the checklists
  read back from it equal those just built. A cache folder that cannot be written means no
  cache, never an error.

``HIAP_CACHE_DIR`` overrides the folder (tests use it); otherwise it is the user cache folder
(``hiap.userdirs``: ``~/.cache/hiap`` on Linux, platformdirs' choice elsewhere).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hiap import __version__

if TYPE_CHECKING:
    from hiap.checklist.catalogue import Catalogue
    from hiap.checklist.conditions import Node
    from hiap.models.checklist import Checklist

#: bump when the layout of the file changes
CACHE_FORMAT = 1
KIND = "hiap-compiled-catalogue"
#: the newest files kept; older ones (other plugin choices, old versions) are removed
KEEP = 16
#: a cache file larger than this is not read (the real one is well under 2 MB)
MAX_BYTES = 64 * 2**20
_HEAD = b'{"sha256":"'
_MIDDLE = b'","body":'
#: modules whose edits change what a checklist file validates to
_SHAPE_MODULES = ("models/checklist.py", "models/principles.py", "checklist/loader.py", "checklist/cache.py")

Sources = Sequence[tuple[str, Path]]


def _sha256(data: bytes) -> Any:
    """hashlib is imported here, not with the module: ``hiap --help`` only needs ``cache_dir``."""
    import hashlib

    return hashlib.sha256(data)


def cache_dir() -> Path:
    override = os.environ.get("HIAP_CACHE_DIR")
    if override:
        return Path(override).expanduser()  # a quoted '~/hiap' is still the home folder
    from hiap.userdirs import user_dir

    return user_dir("cache")


def source_key(sources: Sources) -> dict[str, Any] | None:
    """What the compiled catalogue depends on; ``None`` when a source cannot be read (the YAML
    loader then reports it as it always has)."""
    files = []
    try:
        for plugin, path in sources:
            found = _regular_file(path)
            if found is None:
                return None
            stat, data = found
            files.append(
                {
                    "plugin": plugin,
                    "path": os.path.abspath(path),
                    "size": stat.st_size,
                    "mtime_ns": stat.st_mtime_ns,
                    "sha256": _sha256(data).hexdigest(),
                }
            )
    except (OSError, ValueError):
        return None
    return {"hiap": __version__, "code": _code_stamp(), "files": files}


def _regular_file(path: Path) -> tuple[os.stat_result, bytes] | None:
    """A regular file's status and bytes; ``None`` for anything else (a named pipe, a device, a
    folder), which the YAML loader then refuses with its own message. Opened without blocking,
    so a named pipe with no writer cannot hang the run here."""
    import stat as stat_mod

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        status = os.fstat(fd)
        if not stat_mod.S_ISREG(status.st_mode) or status.st_size > MAX_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return status, handle.read(MAX_BYTES + 1)
    finally:
        os.close(fd)


def _code_stamp() -> list[list[Any]]:
    package = Path(__file__).resolve().parents[1]
    stamp: list[list[Any]] = []
    for name in _SHAPE_MODULES:
        try:
            stat = (package / name).stat()
        except OSError:
            stamp.append([name, None, None])
            continue
        stamp.append([name, stat.st_size, stat.st_mtime_ns])
    return stamp


def file_for(key: dict[str, Any], folder: Path | None = None) -> Path:
    digest = _sha256(_canonical(key)).hexdigest()[:24]
    return (folder or cache_dir()) / f"catalogue-{digest}.json"


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class Compiled:
    """What a run needs from the cache: the accepted checklists in merge order, and the plugins'
    checklist problems to report again (a rejected plugin checklist is not silently dropped)."""

    def __init__(
        self, checklists: list[Checklist], rejected: list[tuple[str, str]], conditions: dict[str, Node]
    ) -> None:
        self.checklists = checklists
        self.rejected = rejected
        #: every ``when`` condition's text -> its parsed tree (parsing them is most of a merge)
        self.conditions = conditions


def read(key: dict[str, Any] | None, folder: Path | None = None) -> Compiled | None:
    """The compiled catalogue for ``key``, or ``None`` (no file, or a file that is damaged, foreign
    or stale in any way: the caller rebuilds it)."""
    if key is None:
        return None
    try:
        found = _regular_file(file_for(key, folder))
    except OSError:
        return None
    if found is None:
        return None
    body = _unwrap(found[1])
    if body is None:
        return None
    try:
        parsed = _body_model().model_validate_json(body)
    except (ValueError, RecursionError):  # pydantic's ValidationError is a ValueError
        return None
    if parsed.kind != KIND or parsed.cache_format != CACHE_FORMAT or parsed.hiap != __version__:
        return None
    if _canonical(parsed.key) != _canonical(key):
        return None
    try:
        trees = {text: decode_node(tree) for text, tree in parsed.conditions.items()}
    except (ValueError, TypeError, RecursionError):
        return None
    return Compiled(list(parsed.checklists), [(p, m) for p, m in parsed.rejected], trees)


def _unwrap(data: bytes) -> bytes | None:
    """The body of ``{"sha256":"<hex>","body":<body>}`` if its hash matches, else ``None``."""
    start = len(_HEAD) + 64
    if len(data) > MAX_BYTES or not data.startswith(_HEAD) or data[start : start + len(_MIDDLE)] != _MIDDLE:
        return None
    digest = data[len(_HEAD) : start]
    body = data[start + len(_MIDDLE) : -1]
    if not data.endswith(b"}") or _sha256(body).hexdigest().encode("ascii") != digest:
        return None
    return body


def write(
    key: dict[str, Any] | None,
    catalogue: Catalogue,
    rejected: list[tuple[str, str]],
    folder: Path | None = None,
) -> Path | None:
    """Store the compiled catalogue; returns the file, or ``None`` when it could not be stored
    (an unwritable folder, or checklists that would not read back exactly)."""
    if key is None:
        return None
    checklists = catalogue.checklists
    trees: dict[str, Any] = {}
    for owners, found in (
        (catalogue.sections, catalogue.section_conditions),
        (catalogue.questions, catalogue.conditions),
        (catalogue.mitigations, catalogue.mitigation_conditions),
    ):
        for owner in owners:
            node = found.get(owner.id)
            if node is not None and owner.when:
                tree = encode_node(node)
                if decode_node(tree) != node:
                    return None
                trees[owner.when] = tree
    body_data = {
        "kind": KIND,
        "cache_format": CACHE_FORMAT,
        "hiap": __version__,
        "key": key,
        "checklists": [_plain(c) for c in checklists],
        "rejected": [list(r) for r in rejected],
        "conditions": trees,
    }
    try:
        body = json.dumps(body_data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
        if list(_body_model().model_validate_json(body).checklists) != list(checklists):
            return None  # a field that does not survive JSON: never cache what would read back different
    except (ValueError, TypeError, RecursionError):
        return None
    digest = _sha256(body).hexdigest().encode("ascii")
    path = file_for(key, folder)
    return path if _atomic(path, _HEAD + digest + _MIDDLE + body + b"}") else None


def _atomic(path: Path, data: bytes) -> bool:
    import tempfile

    temp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".catalogue-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
        temp = None
    except OSError:
        return False
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    _prune(path.parent, path)
    return True


def _prune(folder: Path, keep: Path) -> None:
    """Keep the newest ``KEEP`` compiled catalogues: each plugin choice or version adds one."""
    with contextlib.suppress(OSError):  # another run pruning too, or a read-only folder
        found = sorted(folder.glob("catalogue-*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in found[KEEP:]:
            if old != keep:
                old.unlink()


def _plain(value: Any) -> Any:
    """A model as JSON-ready data, every field included: the line, file and path fields that a
    normal dump leaves out are what error messages and ``hiap checklists`` show."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return {name: _plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


_BODY: Any = None


def _body_model() -> Any:
    """The cache file's body as a pydantic model, built on first use (not on import)."""
    global _BODY
    if _BODY is None:
        from typing import Literal

        from pydantic import BaseModel, ConfigDict

        from hiap.models.checklist import Checklist  # noqa: F401 - pydantic resolves the annotation here

        class Body(BaseModel):
            model_config = ConfigDict(extra="forbid")

            kind: Literal["hiap-compiled-catalogue"]
            cache_format: int
            hiap: str
            key: dict[str, Any]
            checklists: list[Checklist]
            rejected: list[tuple[str, str]]
            conditions: dict[str, Any]

        _BODY = Body
    return _BODY


# -- condition trees as JSON: [kind, ...] lists, read back strictly ------------------------------
_BOOL_OPS = ("and", "or")
_COMPARE_OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not in")
_SCALARS = (str, int, float, bool, type(None))


def encode_node(node: Node) -> list[Any]:
    from hiap.checklist.conditions import BoolOp, Compare, Const, Not, Ref

    if isinstance(node, Ref):
        return ["ref", node.id]
    if isinstance(node, Const):
        if isinstance(node.value, tuple):
            return ["list", list(node.value)]
        return ["const", node.value]
    if isinstance(node, Not):
        return ["not", encode_node(node.operand)]
    if isinstance(node, BoolOp):
        return ["bool", node.op, [encode_node(n) for n in node.operands]]
    if isinstance(node, Compare):
        return ["compare", node.op, encode_node(node.left), encode_node(node.right)]
    raise TypeError(f"cannot cache a {type(node).__name__}")


def decode_node(data: Any) -> Node:
    """The tree ``encode_node`` wrote; anything else raises ``ValueError``."""
    from hiap.checklist.conditions import BoolOp, Compare, Const, Not, Ref

    if not isinstance(data, list) or not data or not isinstance(data[0], str):
        raise ValueError("not a condition tree")
    kind, args = data[0], data[1:]
    if kind == "ref" and len(args) == 1 and isinstance(args[0], str):
        return Ref(args[0])
    if kind == "const" and len(args) == 1 and isinstance(args[0], _SCALARS):
        return Const(args[0])
    if kind == "list" and len(args) == 1 and isinstance(args[0], list):
        if all(isinstance(v, _SCALARS) for v in args[0]):
            return Const(tuple(args[0]))
    if kind == "not" and len(args) == 1:
        return Not(decode_node(args[0]))
    if kind == "bool" and len(args) == 2 and args[0] in _BOOL_OPS and isinstance(args[1], list) and args[1]:
        return BoolOp(args[0], tuple(decode_node(n) for n in args[1]))
    if kind == "compare" and len(args) == 3 and args[0] in _COMPARE_OPS:
        return Compare(args[0], decode_node(args[1]), decode_node(args[2]))
    raise ValueError(f"not a condition tree: {kind!r}")
