"""Versions of one assessment: which file revises which, and how a new version is named.

A signed-off assessment is never changed in place. ``hiap revise`` starts the next version as a
new file beside it, whose ``revision_of`` block names the earlier file, its version number and
the SHA-256 of its bytes, and a copy of the folder keeps the chain (the digest matches wherever
the file is).

``is_earlier_version(a, b)`` and ``superseded(paths)`` follow that link file by file (``hiap
progress`` uses them). Which files count as one decision in the portfolio and ``hiap monitor``
(the link, or the same reference, or the same title with the same start or decision maker) is
decided in one place: ``hiap.portfolio.versions``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from hiap.errors import InputError
from hiap.models.answers import AnswersFile, RevisionOf

SUFFIX = ".hiap.yaml"
#: "-v2" at the end of a file's stem: the version a revision's name carries
_VERSION_TAIL = re.compile(r"-v(\d{1,5})$")
#: how many links a chain may have before it is taken to loop
_MAX_CHAIN = 1_000


def digest(path: Path) -> str:
    """The SHA-256 of the file's bytes, as ``revision_of.sha256`` records it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def version_number(answers: AnswersFile) -> int:
    """1 for an assessment's first file; one more than the version a revision starts from."""
    return answers.revision_of.version + 1 if answers.revision_of is not None else 1


def stem(path: Path) -> str:
    """The file name without ``.hiap.yaml`` and without a version tail ("-v2")."""
    name = path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem
    return _VERSION_TAIL.sub("", name)


def revision_path(path: Path, version: int) -> Path:
    """Where version ``version`` of the assessment in ``path`` goes: beside it, "-vN" added."""
    return path.with_name(f"{stem(path)}-v{version}{SUFFIX}")


def link_of(path: Path) -> RevisionOf | None:
    """The ``revision_of`` block of an answers file, read without checking the rest of it;
    None when there is none or the file cannot be read (it then proves no link)."""
    from hiap import yamlio

    try:
        data = yamlio.load(path, what="answers file").data
    except (InputError, OSError):
        return None
    block = data.get("revision_of") if isinstance(data, dict) else None
    if not isinstance(block, dict):
        return None
    try:
        return RevisionOf.model_validate(block)
    except ValueError:
        return None


def _digest_or_none(path: Path) -> str | None:
    try:
        return digest(path) if path.is_file() else None
    except OSError:
        return None


def links_to(link: RevisionOf, folder: Path, target: Path, target_digest: str | None) -> bool:
    """Whether ``link`` names ``target``: the same bytes (the digest), or the very file it names
    in ``folder`` (the same path, for a file edited since, which a digest no longer matches)."""
    if target_digest is not None and link.sha256 == target_digest:
        return True
    named = folder / link.file
    try:
        return named.resolve() == target.resolve()
    except OSError:
        return False


def is_earlier_version(a: Path, b: Path) -> bool:
    """Whether answers file ``a`` is an earlier version of the assessment in ``b``.

    True when ``b`` (or a version ``b`` revises, and so on back) names ``a`` in its
    ``revision_of`` block, by digest or by file name in its own folder. Files without links are
    never taken for versions of each other, whatever their titles say.
    """
    try:
        if a.resolve() == b.resolve():
            return False
    except OSError:
        return False
    target = _digest_or_none(a)
    current, seen = b, set()
    for _ in range(_MAX_CHAIN):
        link = link_of(current)
        if link is None:
            return False
        if links_to(link, current.parent, a, target):
            return True
        previous = current.parent / link.file
        key = str(previous.resolve())
        if key in seen or not previous.is_file():
            return False
        seen.add(key)
        current = previous
    return False


def superseded(paths: Sequence[Path]) -> dict[Path, Path]:
    """Among ``paths``, each file that a later version among them revises -> the latest version.

    One pass over the files' links, so a folder of hundreds is read once. A file whose later
    version is not among ``paths`` stands as the latest it has.
    """
    digests = {p: _digest_or_none(p) for p in paths}
    by_digest = {d: p for p, d in digests.items() if d is not None}
    by_path = {str(p.resolve()): p for p in paths}
    parent: dict[Path, Path] = {}  # earlier -> the file that revises it
    for path in paths:
        link = link_of(path)
        if link is None:
            continue
        earlier = by_digest.get(link.sha256) or by_path.get(str((path.parent / link.file).resolve()))
        if earlier is not None and earlier != path:
            parent[earlier] = path
    out: dict[Path, Path] = {}
    for earlier in parent:
        latest, steps = parent[earlier], 0
        while latest in parent and steps < _MAX_CHAIN:
            latest, steps = parent[latest], steps + 1
        out[earlier] = latest
    return out


def later_versions(path: Path) -> list[Path]:
    """Answers files in the same folder that revise ``path`` directly (normally none or one)."""
    target = _digest_or_none(path)
    found = []
    for candidate in sorted(path.parent.glob(f"*{SUFFIX}")):
        if candidate.name == path.name or candidate.name.startswith("."):
            continue
        link = link_of(candidate)
        if link is not None and links_to(link, candidate.parent, path, target):
            found.append(candidate)
    return found


def latest_version(path: Path) -> Path:
    """The newest version of ``path``'s assessment found in its folder (``path`` itself if none)."""
    current, seen = path, {path.resolve()}
    while True:
        later = later_versions(current)
        if not later or later[0].resolve() in seen:
            return current
        current = later[0]
        seen.add(current.resolve())


__all__ = [
    "digest",
    "is_earlier_version",
    "latest_version",
    "later_versions",
    "link_of",
    "revision_path",
    "superseded",
    "version_number",
]
