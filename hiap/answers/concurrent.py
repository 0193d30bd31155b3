"""Two people, one answers file: nobody's answer is lost when both save.

The design is a check before every save, not a lock held for a whole session:

- hiap remembers the text it last read from or wrote to each answers file. Before writing, it
  reads the file again. If the text is what it left, it writes as usual. If someone else saved in
  between (a colleague's interview, a clerk's hand edit in Notepad), the three versions (what it
  last saw, what is there now, what it is about to write) are merged answer by answer: a change
  made on one side only is kept, whoever made it, and both sides' audit entries are kept. Where
  both sides changed the same answer differently, the officer's own is kept (it is the one on
  their screen), the other is written into the audit trail as a ``merged`` event, and a warning
  says so; nothing is lost and the choice is visible to both.
- The read, merge and write are done under a short lock beside the file (``.NAME.lock``), held
  for milliseconds, so two saves at the same instant are taken one after the other. A lock older
  than ``STALE_AFTER_S`` or left by a process that is no longer running on this machine is stale
  (a save was killed half-way): it is removed, and a warning says whose it was.

Why not a lock for the whole session: an officer who closes a laptop mid-interview would lock
colleagues out until someone found and deleted the lock, the clerk's editor ignores it anyway,
and two officers filling different sections of one assessment at once is normal work, not an
error. The check-and-merge keeps every answer in all of these cases.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import getpass
import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hiap.errors import InputError
from hiap.models.answers import Answer, AnswersFile, Event

#: A save takes milliseconds, even of a 5 MiB file on a slow share; a lock this old was abandoned.
STALE_AFTER_S = 60.0
#: How long a save waits for another process's save to finish before saying so.
WAIT_FOR_LOCK_S = 15.0


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


def _describe(info: dict[str, Any]) -> str:
    who = info.get("user") or "someone"
    where = info.get("host") or "another computer"
    return f"hiap run by {who} on {where} (process {info.get('pid', '?')}) at {info.get('at', 'an unknown time')}"


def _read_lock(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = json.loads(handle.read(4096).decode("utf-8", "replace") or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _alive_here(info: dict[str, Any]) -> bool | None:
    """Whether the lock's process still runs: only answerable for this machine, and not on Windows,
    where ``os.kill(pid, 0)`` would end the process instead of asking about it."""
    if info.get("host") != socket.gethostname() or os.name == "nt" or not isinstance(info.get("pid"), int):
        return None
    try:
        os.kill(info["pid"], 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _stale(path: Path, info: dict[str, Any]) -> str | None:
    """Why the lock is stale, or None if it may still be in use."""
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return None
    if _alive_here(info) is False:
        return "that process is no longer running"
    if age > STALE_AFTER_S:
        return f"it is {age:.0f} seconds old and a save takes less than one"
    return None


@contextlib.contextmanager
def save_lock(target: Path, sleep: Any = time.sleep) -> Iterator[None]:
    """Hold ``.NAME.lock`` beside ``target`` while the file is read, merged and replaced."""
    from hiap.console import warn
    from hiap.safeio import shown_path

    path = lock_path(target)
    info = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "user": _user(),
        "at": dt.datetime.now().astimezone().replace(microsecond=0).isoformat(),
    }
    deadline = time.monotonic() + WAIT_FOR_LOCK_S
    held = False
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            other = _read_lock(path)
            why = _stale(path, other)
            if why is not None:
                with contextlib.suppress(OSError):
                    os.unlink(path)
                warn(f"{shown_path(path)}: removed a stale lock left by {_describe(other)}: {why}")
                continue
            if time.monotonic() >= deadline:
                raise InputError(
                    f"the answers file is being saved by {_describe(other)}",
                    file=target,
                    hint=f"try again in a moment; if no hiap is running there, delete {path.name}",
                ) from None
            sleep(0.05)
            continue
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC):
                break  # the save itself will fail and say why; no lock is needed to fail
            raise
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(info, handle)
        held = True
        break
    try:
        yield
    finally:
        if held:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):
        return "unknown"


# -- the three-way merge ------------------------------------------------------------------------


@dataclass
class Merged:
    """What a merge took from the other copy, and where both sides disagreed."""

    taken: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, Any, Any]] = field(default_factory=list)  # (id, kept, theirs)
    events: int = 0


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _dumped(answer: Answer | None) -> Any:
    return None if answer is None else answer.dump()


_TOP_FIELDS = ("created", "checklists", "plugins", "evidence", "revision_of")


def merge(base: AnswersFile, theirs: AnswersFile, ours: AnswersFile, stamp: str) -> Merged:
    """Fold the changes made in ``theirs`` since ``base`` into ``ours``, in place."""
    result = Merged()
    base_flat, their_flat, our_flat = base.flat(), theirs.flat(), ours.flat()
    for qid in dict.fromkeys([*our_flat, *their_flat, *base_flat]):
        b, t, o = (_dumped(x.get(qid)) for x in (base_flat, their_flat, our_flat))
        if _same(o, b) and not _same(t, b):
            if qid in their_flat:
                ours.set(qid, their_flat[qid].model_copy(deep=True))
            else:
                ours.remove(qid)
            result.taken.append(qid)
        elif not _same(t, b) and not _same(o, t):
            result.conflicts.append((qid, o, t))
    for name in _TOP_FIELDS:
        b, t, o = (_plain(getattr(x, name)) for x in (base, theirs, ours))
        if _same(o, b) and not _same(t, b):
            setattr(ours, name, getattr(theirs, name))
    _merge_living(base, theirs, ours)
    before = {_key(e) for e in base.events}
    there = {_key(e) for e in theirs.events}
    result.events = len(there - before)
    ours.events = [*theirs.events, *(e for e in ours.events if _key(e) not in before and _key(e) not in there)]
    for qid, kept, other in result.conflicts:
        ours.events.append(
            Event(
                at=stamp,
                event="merged",
                note=f"{qid} was changed in two places at once; kept {_short(kept)}; the other copy said {_short(other)}",
            )
        )
    return result


def _merge_living(base: AnswersFile, theirs: AnswersFile, ours: AnswersFile) -> None:
    """Review comments, progress and kept answers saved elsewhere meanwhile are kept with ours: a
    reviewer's comment made while the officer answers, progress recorded during a session.
    Progress and kept answers are only ever added, so both sides' are kept; a comment changed on
    one side takes that change, and one changed on both keeps ours with both sides' replies."""
    for name in ("progress", "kept"):
        seen = {_key(x) for x in getattr(base, name)}
        there = {_key(x) for x in getattr(theirs, name)}
        mine = [x for x in getattr(ours, name) if _key(x) not in seen and _key(x) not in there]
        setattr(ours, name, [*getattr(theirs, name), *mine])
    was = {c.id: c for c in base.comments}
    mine_by_id = {c.id: c for c in ours.comments}
    merged = []
    for comment in theirs.comments:
        own = mine_by_id.pop(comment.id, None)
        old = was.get(comment.id)
        if own is None or _key(own) == _key(comment):
            merged.append(comment)  # theirs alone, or the same on both sides
        elif old is not None and _key(own) == _key(old):
            merged.append(comment)  # changed there only
        elif old is not None and _key(comment) == _key(old):
            merged.append(own)  # changed here only
        elif old is None:  # two new comments that took the same number: both kept
            merged.append(comment)
            mine_by_id[comment.id] = own
        else:  # both changed it: ours, with every reply either side added
            replies = {_key(r): r for r in [*comment.responses, *own.responses]}
            merged.append(own.model_copy(update={"responses": sorted(replies.values(), key=lambda r: r.at)}))
    taken = {c.id for c in merged}
    for comment in mine_by_id.values():
        if comment.id in was and comment.id not in taken:
            continue  # removed there (a hand edit): not brought back
        if comment.id in taken:
            number = max(int(c.id[1:]) for c in [*merged, *mine_by_id.values()]) + 1
            comment = comment.model_copy(update={"id": f"c{number}"})
        merged.append(comment)
        taken.add(comment.id)
    ours.comments = merged


def _key(event: Any) -> str:
    return json.dumps(event.model_dump(), sort_keys=True, ensure_ascii=False)


def _plain(value: Any) -> Any:
    return value.model_dump() if hasattr(value, "model_dump") else value


def _short(value: Any) -> str:
    if value is None:
        return "no answer"
    text = json.dumps(value.get("value") if isinstance(value, dict) and "value" in value else value, ensure_ascii=False)
    return text if len(text) <= 300 else text[:297] + "..."
