"""Which files are versions of one decision, and which version is the one to count: the one
rule that ``hiap portfolio`` and ``hiap monitor`` both apply.

A shared folder often keeps earlier versions beside the current one (a draft, then the version
signed off; the version before a revision). Counting each file would count the decision twice
in every total, so both commands count the latest version of each decision and list the earlier
ones as superseded.

Two files are versions of one decision when (``RULE`` says it in words, for the documents):

- one says it revises the other (its ``revision_of`` link names the other file, in its folder);
- or both carry a decision reference (forward plan or report reference) and it is the same;
- or, where either has no reference, they have the same title and were started at the same
  moment (a copy made to continue the assessment keeps its ``created`` time) or are for the
  same decision maker.

The latest is the one furthest along the ``revision_of`` chain (its version number), then the
one with the last recorded event in its trail (answered, completed, signed off), then the last
saved, then the file name: never the file's modification time, which a copy or a checkout
resets. ``same_decision`` is the one place the rules live; ``latest`` applies them to a folder
in one pass and ``replaced`` gives the answer as earlier file -> the file counted.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

from hiap.portfolio.summary import Summary


@dataclass(frozen=True)
class Superseded:
    """An earlier version, and the version counted in its place."""

    summary: Summary
    by: Summary


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _path(file: str) -> str:
    return posixpath.normpath(file.replace("\\", "/"))


def linked(later: Summary, earlier: Summary) -> bool:
    """Whether ``later``'s ``revision_of`` link names ``earlier`` (resolved in later's folder)."""
    if not later.revision_of:
        return False
    folder = posixpath.dirname(_path(later.file))
    return _path(earlier.file) in (_path(posixpath.join(folder, _path(later.revision_of))), _path(later.revision_of))


def same_decision(a: Summary, b: Summary) -> bool:
    """Whether two files are versions of one decision (the rules are in the module's docstring)."""
    if linked(a, b) or linked(b, a):
        return True
    ref_a, ref_b = _norm(a.details.get("reference")), _norm(b.details.get("reference"))
    if ref_a and ref_b:
        return ref_a == ref_b
    if _norm(a.title) != _norm(b.title):
        return False
    same_start = bool(a.created) and a.created == b.created
    same_maker = _norm(a.details.get("decision_maker")) == _norm(b.details.get("decision_maker"))
    return same_start or same_maker


#: How versions are recognised and which is counted, in words: the portfolio prints it, and
#: docs/living_assessments.md says the same.
RULE = (
    "Two assessments are versions of one decision when one records that it revises the other, when "
    "they carry the same decision reference, or, without a reference, when they have the same title and "
    "were started at the same time or are for the same decision maker. The version counted is the latest: "
    "the highest version number, then the last recorded event, then the last saved."
)


def recency(summary: Summary, depth: int = 0) -> tuple[int, int, str, str, str]:
    """Later sorts higher: further along the revision chain (``depth`` within the folder, then the
    version number the file records), then the last recorded event, the last save, the file name."""
    return (depth, summary.version, summary.last_event or "", summary.updated or "", summary.file)


def latest(summaries: Sequence[Summary]) -> tuple[list[Summary], list[Superseded]]:
    """The latest version of each decision, in the files' order, and the earlier versions.

    Files are compared only within a shared title or reference and joined along ``revision_of``
    links (union-find), so a council's thousands of files are grouped in one pass."""
    parent = list(range(len(summaries)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        parent[root(i)] = root(j)

    # files can only match within a title or a reference, so only those are compared pairwise
    buckets: dict[str, list[int]] = {}
    by_path: dict[str, int] = {}
    for i, summary in enumerate(summaries):
        by_path[_path(summary.file)] = i
        for key in {f"title:{_norm(summary.title)}", f"reference:{_norm(summary.details.get('reference'))}"}:
            if not key.endswith(":"):
                buckets.setdefault(key, []).append(i)
    for members in buckets.values():
        for position, i in enumerate(members):
            for j in members[:position]:
                if root(i) != root(j) and same_decision(summaries[i], summaries[j]):
                    join(i, j)
    for i, summary in enumerate(summaries):
        for target in _targets(summary):
            if target in by_path and by_path[target] != i:
                join(i, by_path[target])
    groups: dict[int, list[int]] = {}
    for i in range(len(summaries)):
        groups.setdefault(root(i), []).append(i)
    depth = _depths(summaries, by_path)

    def later(i: int) -> tuple[int, int, str, str, str]:
        return recency(summaries[i], depth[i])

    best = {r: max(members, key=later) for r, members in groups.items()}
    current = [s for i, s in enumerate(summaries) if best[root(i)] == i]
    superseded = [
        Superseded(summaries[i], summaries[best[r]])
        for r, members in groups.items()
        for i in sorted(members, key=later, reverse=True)
        if i != best[r]
    ]
    return current, superseded


def _targets(summary: Summary) -> tuple[str, ...]:
    """The paths a file's ``revision_of`` may name: in its own folder, or as given."""
    if not summary.revision_of:
        return ()
    folder = posixpath.dirname(_path(summary.file))
    return (_path(posixpath.join(folder, _path(summary.revision_of))), _path(summary.revision_of))


def _depths(summaries: Sequence[Summary], by_path: dict[str, int]) -> list[int]:
    """How many earlier versions among ``summaries`` each file's ``revision_of`` chain passes."""
    depth: dict[int, int] = {}
    for start in range(len(summaries)):
        chain: list[int] = []
        i: int | None = start
        base = -1  # the depth below the chain: none known (its first version, or a loop)
        while i is not None and i not in chain:
            if i in depth:
                base = depth[i]
                break
            chain.append(i)
            i = next((by_path[t] for t in _targets(summaries[i]) if t in by_path and by_path[t] != i), None)
        for position, j in enumerate(reversed(chain)):
            depth[j] = base + 1 + position
    return [depth[i] for i in range(len(summaries))]


def replaced(summaries: Sequence[Summary]) -> dict[str, str]:
    """Each earlier version's file -> the file counted in its place (what ``hiap monitor`` leaves out)."""
    return {x.summary.file: x.by.file for x in latest(summaries)[1]}


__all__ = ["RULE", "Superseded", "latest", "linked", "recency", "replaced", "same_decision"]
