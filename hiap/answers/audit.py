"""The audit trail in the answers file: what happened to the assessment, when, by whom, with what.

The Brown principles ask a council to show that due regard was paid before the decision and by
whom; a reviewer and an auditor also need to know which checklist and plugin versions each step
used. These are pure functions over the answers model (no files, and the clock only when no
time is given), so the interview, ``hiap evidence`` and the tests all record events the same way.

Typical use by the interview::

    vs = audit.versions(engine.catalogue, engine.host.ok_plugins())
    audit.record(answers, "resumed", by, vs)                            # when a file is reopened
    audit.record_change(answers, qid, old_value, new_value, by, vs)   # after each answer
    audit.record(answers, "completed", by, vs)                          # when nothing is missing

Whether an assessment is closed (completed or signed off, and not reopened since) is read from
the trail, never stored beside it, so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hiap import __version__
from hiap.models.answers import Answer, AnswersFile, Event, EventKind


def now() -> str:
    from hiap.answers.answers_file import now as stamp

    return stamp()


def versions(catalogue: Any, plugins: Mapping[str, str]) -> dict[str, str]:
    """hiap's version, each checklist's and each plugin's, as one event records them.

    Checklists go under their ids (as the answers file's ``checklists`` block has them) and
    plugins under ``plugin:NAME``, because a plugin's checklist usually shares its name.
    """
    out = {"hiap": __version__}
    out.update(catalogue.origins())
    out.update({f"plugin:{name}": version or "unknown" for name, version in sorted(plugins.items())})
    return out


def version_changes(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """What changed between two version sets, in words ("core 1.0.0 → 1.1.0")."""
    out = []
    for name in dict.fromkeys([*before, *after]):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        label = f"{name.split(':', 1)[1]} plugin" if name.startswith("plugin:") else name
        if old is None:
            out.append(f"{label} {new} added")
        elif new is None:
            out.append(f"{label} {old} no longer installed")
        else:
            out.append(f"{label} {old} → {new}")
    return out


def last_event(answers: AnswersFile, kind: EventKind) -> tuple[int, Event] | None:
    """The most recent event of this kind and its position in the trail."""
    for position in range(len(answers.events) - 1, -1, -1):
        if answers.events[position].event == kind:
            return position, answers.events[position]
    return None


def _last_versions(answers: AnswersFile) -> dict[str, str] | None:
    for event in reversed(answers.events):
        if event.versions:
            return event.versions
    return None


def record(
    answers: AnswersFile,
    event: EventKind,
    by: str | None = None,
    versions: Mapping[str, str] | None = None,
    *,
    at: str | None = None,
    note: str | None = None,
) -> Event:
    """Append one event to the trail and return it.

    A ``resumed`` event without a note says which checklist or plugin versions differ from the
    last recorded ones, since the answers were given under those.
    """
    current = dict(versions or {})
    if event == "resumed" and note is None and current:
        previous = _last_versions(answers)
        changes = version_changes(previous, current) if previous is not None else []
        if changes:
            note = "Versions changed since the last session: " + "; ".join(changes)
    entry = Event(at=at or now(), event=event, by=_name(by), note=note, versions=current)
    answers.events.append(entry)
    return entry


def closed(answers: AnswersFile) -> bool:
    """Completed or signed off, and not reopened since: a change now must reopen it."""
    for entry in reversed(answers.events):
        if entry.event in ("completed", "signed_off"):
            return True
        if entry.event == "reopened":
            return False
    return False


def _name(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _value(value: Any) -> Any:
    """An answer's value with every kind of blank made ``None``."""
    if isinstance(value, Answer):
        value = value.value
    if value is None or value == [] or value == {} or (isinstance(value, str) and not value.strip()):
        return None
    return value


def _same(old: Any, new: Any) -> bool:
    """Equal values of one kind; 2 and 2.0 are the same number, but True is not the number 1."""
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return old == new
    return type(old) is type(new) and bool(old == new)


def events_for_change(
    answers: AnswersFile,
    qid: str,
    old_value: Any,
    new_value: Any,
    by: str | None,
    versions: Mapping[str, str] | None,
    *,
    at: str | None = None,
) -> list[Event]:
    """The events one changed answer calls for, without touching the file: ``reopened`` when an
    answer changes in a completed or signed-off assessment (the record the decision maker may
    have seen no longer stands as it was)."""
    if _same(_value(old_value), _value(new_value)) or not closed(answers):
        return []
    return [
        Event(
            at=at or now(),
            event="reopened",
            by=_name(by),
            note=f"'{qid}' changed after the assessment was completed",
            versions=dict(versions or {}),
        )
    ]


def record_change(
    answers: AnswersFile,
    qid: str,
    old_value: Any,
    new_value: Any,
    by: str | None,
    versions: Mapping[str, str] | None,
    *,
    at: str | None = None,
) -> list[Event]:
    """``events_for_change``, appended to the trail."""
    events = events_for_change(answers, qid, old_value, new_value, by, versions, at=at)
    answers.events.extend(events)
    return events


def changed_after_signoff(answers: AnswersFile) -> bool:
    """Whether the assessment was reopened after its last sign-off, so the sign-off is stale."""
    signed = last_event(answers, "signed_off")
    reopened = last_event(answers, "reopened")
    return signed is not None and reopened is not None and reopened[0] > signed[0]


def approved(answers: AnswersFile) -> bool:
    """Signed off, and not reopened since."""
    signed = last_event(answers, "signed_off")
    reopened = last_event(answers, "reopened")
    return signed is not None and (reopened is None or reopened[0] < signed[0])
