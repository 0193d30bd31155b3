"""Carry answers given under an earlier version of a checklist to the version installed now.

What changed between versions is data in the checklist (``upgrades``: renamed ids, mapped
options, answers merged or collected into one, retired questions), so a council's own checklist
can say it too. Nothing is dropped: an answer that no longer fits stays in the file, is listed
and is printed in the document's annex.

``carry`` works in memory and does not touch the recorded versions, so a document rendered from
an old file can still say which checklists its answers were given under. ``hiap assess`` and
``hiap upgrade`` then save the carried answers and record the new versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hiap.models.answers import Answer, AnswersFile
from hiap.models.checklist import Checklist, Upgrade

if TYPE_CHECKING:
    from hiap.checklist.catalogue import Catalogue


@dataclass
class Carried:
    """What happened to the answers of one file, in terms a person can check."""

    #: checklist id -> (version the answers were given under, version installed now)
    versions: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: (new id, old ids, how): "renamed", "merged", "collected", "options" or "list"
    moved: list[tuple[str, tuple[str, ...], str]] = field(default_factory=list)
    #: old id -> why it is no longer asked (its answer stays in the file)
    retired: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.versions)


def version_key(version: str) -> tuple[int, ...]:
    """'1.10.0' sorts after '1.9.2'; anything unreadable sorts first (it is older than any release)."""
    parts = []
    for part in version.split("."):
        digits = "".join(c for c in part if c.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def steps(checklist: Checklist, recorded: str) -> list[Upgrade]:
    """The upgrade steps that apply to answers given under ``recorded``, oldest first."""
    given = version_key(recorded)
    return [step for step in checklist.upgrades if given < version_key(step.to)]


def carry(answers: AnswersFile, catalogue: Catalogue) -> Carried:
    """Carry every answer that still fits into the installed checklists' ids and values."""
    report = Carried()
    for checklist in catalogue.checklists:
        recorded = answers.checklists.get(checklist.id)
        if recorded is None or version_key(recorded) >= version_key(checklist.version):
            continue
        report.versions[checklist.id] = (recorded, checklist.version)
        for step in steps(checklist, recorded):
            if step.note:
                report.notes.append(step.note)
            _apply(step, answers, catalogue, report)
    for qid, answer in list(answers.flat().items()):
        question = catalogue.by_id.get(qid)
        if question is not None and question.type == "multi" and answer.value is not None:
            if not isinstance(answer.value, list):
                answers.set(qid, answer.model_copy(update={"value": [answer.value]}))
                report.moved.append((qid, (qid,), "list"))
        elif question is None and qid in catalogue.retired and answer.value is not None:
            report.retired[qid] = catalogue.retired[qid]
    return report


def _apply(step: Upgrade, answers: AnswersFile, catalogue: Catalogue, report: Carried) -> None:
    for old, new in step.renamed.items():
        answer = answers.get(old)
        if answer is not None and answers.get(new) is None:
            answers.remove(old)
            answers.set(new, answer)
            report.moved.append((new, (old,), "renamed"))
    for target, sources in step.collected.items():
        given = [(qid, answers.get(qid)) for qid in sources]
        present = [(qid, a) for qid, a in given if a is not None and a.value is not None]
        if not present or answers.get(target) is not None:
            continue
        chosen = [sources[qid] for qid, a in present if a.value is True or str(a.value).lower() in ("yes", "true")]
        question = catalogue.by_id.get(target)
        if not chosen and question is not None and any(o.value == "none" for o in question.options):
            chosen = ["none"]
        answers.set(target, Answer(value=chosen or None, note=_joined([a.note for _, a in present])))
        for qid, _ in present:
            answers.remove(qid)
        report.moved.append((target, tuple(qid for qid, _ in present), "collected"))
    for target, merged in step.merged.items():
        present = [(qid, a) for qid in merged if (a := answers.get(qid)) is not None and a.value is not None]
        if not present:
            continue
        question = catalogue.by_id.get(target)
        joiner = "; " if question is not None and question.type == "text" else "\n\n"
        texts = list(dict.fromkeys(str(a.value).strip() for _, a in present if str(a.value).strip()))
        sources_cited = list(dict.fromkeys(s for _, a in present for s in a.sources))
        for qid, _ in present:
            answers.remove(qid)
        answers.set(
            target,
            Answer(value=joiner.join(texts) or None, note=_joined([a.note for _, a in present]), sources=sources_cited),
        )
        if len(present) > 1 or present[0][0] != target:
            report.moved.append((target, tuple(qid for qid, _ in present), "merged"))
    for qid, mapping in step.options.items():
        answer = answers.get(qid)
        if answer is None or answer.value is None:
            continue
        value = answer.value
        mapped: Any = [mapping.get(v, v) for v in value] if isinstance(value, list) else mapping.get(value, value)
        if mapped != value:
            answers.set(qid, answer.model_copy(update={"value": mapped}))
            report.moved.append((qid, (qid,), "options"))


def _joined(notes: list[str | None]) -> str | None:
    kept = [n.strip() for n in notes if n and n.strip()]
    return "\n\n".join(dict.fromkeys(kept)) or None


__all__ = ["Carried", "carry", "steps", "version_key"]
