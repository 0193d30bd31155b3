"""Carry answers given under an earlier version of a checklist to the version installed now.

What changed between versions is data in the checklist (``upgrades``: renamed ids, mapped
options, answers merged or collected into one, retired questions), so a council's own checklist
can say it too. Nothing is dropped: a retired question's answer stays in the file under its old
id; an answer that no longer fits its question (an option removed without a mapping, a value of
the wrong shape, an id no checklist knows) moves to the file's ``kept`` block word for word,
with the reason, and its question is asked again. Both are listed by ``hiap upgrade``.

``carry`` works in memory and does not touch the recorded versions, so a document rendered from
an old file can still say which checklists its answers were given under. ``hiap assess`` and
``hiap upgrade`` then save the carried answers and record the new versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hiap.answers.values import AnswerError, parse_value, plain_value
from hiap.models.answers import Answer, AnswersFile, KeptAnswer
from hiap.models.assessment import AnsweredQuestion
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
    #: answers that no longer fit their question, moved to the file's ``kept`` block
    kept: list[KeptAnswer] = field(default_factory=list)
    #: every answer as it was before carrying (id -> answer), to say what moved in words
    given: dict[str, Answer] = field(default_factory=dict)

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
        if not report.given:
            report.given = {qid: a.model_copy(deep=True) for qid, a in answers.flat().items()}
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
    if report.changed:
        _keep_unfit(answers, catalogue, report)
    return report


def newer_than_installed(answers: AnswersFile, catalogue: Catalogue) -> list[str]:
    """A sentence for each checklist the file was answered under a newer version of than the
    one installed here: its questions may have changed, so what is shown may not be all that was
    asked; the fix is to upgrade hiap or the plugin, not the file."""
    installed = catalogue.origins()
    return [
        f"answered under {cid} {given}, newer than the {installed[cid]} installed here: some answers may not "
        "show as given; upgrade hiap or the plugin that provides it"
        for cid, given in sorted(answers.checklists.items())
        if cid in installed and version_key(given) > version_key(installed[cid])
    ]


def _owners(catalogue: Catalogue) -> dict[str, str]:
    """Question id namespace ('p4', 'housing') -> the id of the checklist that asks it."""
    return {
        q.id.split(".", 1)[0]: checklist.id
        for checklist in catalogue.checklists
        for section in checklist.sections
        for q in section.questions
    }


def _keep_unfit(answers: AnswersFile, catalogue: Catalogue, report: Carried) -> None:
    """Move answers that no longer fit their question into ``kept``, with the reason.

    Only for the answers of the checklists being carried to a newer version: an answer to a
    checklist that is already current (in this file or any other) that does not fit is a
    mistake to correct (``hiap check`` names it), not history to keep, even when another of the
    file's checklists is older. Of a multiple choice, only the options not offered now are
    kept; the rest stay the answer.
    """
    owners = _owners(catalogue)
    asked_by = {q.id: c.id for c in catalogue.checklists for section in c.sections for q in section.questions}
    # a question listing the population groups offers what every checklist defining groups says
    groups_carried = any(c.groups and c.id in report.versions for c in catalogue.checklists)

    def carried(qid: str, question: Any) -> bool:
        if asked_by.get(qid, owners.get(qid.split(".", 1)[0])) in report.versions:
            return True
        if question is None or not groups_carried:
            return False
        lists = [question, *(catalogue.by_id[ref] for ref in question.each if ref in catalogue.by_id)]
        return any(q.options_from == "groups" for q in lists)

    def under(qid: str) -> str | None:
        cid = owners.get(qid.split(".", 1)[0])
        if cid is None:
            return None
        given = report.versions.get(cid, (answers.checklists.get(cid), None))[0]
        return f"{cid} {given}" if given else cid

    for qid, answer in list(answers.flat().items()):
        if answer.value is None or qid in catalogue.retired:
            continue
        question = catalogue.by_id.get(qid)
        namespace = qid.split(".", 1)[0]
        if not carried(qid, question):
            continue  # a current checklist's answer (a mistake is named), or a plugin not installed here
        if question is None:
            if namespace not in owners:
                continue  # a plugin not installed here: left alone, it may be installed later
            cid = owners[namespace]
            why = f"no question has this id in {cid} {report.versions.get(cid, ('', catalogue.origins()[cid]))[1]}"
            _move(answers, report, qid, answer, answer.value, why, under(qid))
            continue
        options = catalogue.options(question)
        if question.type == "multi" and isinstance(answer.value, list):
            offered = {o.value for o in options} | {o.label.lower() for o in options}
            unfit = [
                v for v in answer.value if not isinstance(v, str) or (v not in offered and v.lower() not in offered)
            ]
            if unfit and len(unfit) < len(answer.value):
                rest = [v for v in answer.value if v not in unfit]
                word = "option is" if len(unfit) == 1 else "options are"
                kept = KeptAnswer(id=qid, value=unfit, why=f"the {word} not offered now", under=under(qid))
                report.kept.append(kept)
                answers.kept.append(kept)
                answers.set(qid, answer.model_copy(update={"value": rest}))
                continue
        try:
            parse_value(question, answer.value, options)
        except AnswerError as exc:
            if question.type in ("choice", "rating") and not isinstance(answer.value, (list, dict)):
                # withdrawn, or mistyped: the file cannot say which, only that it is not offered now
                why = f"the option '{answer.value}' is not offered now"
            else:  # the reason without a suggestion meant for someone typing the value now
                why = f"it no longer fits the question: {str(exc).split('; ')[0]}"
            _move(answers, report, qid, answer, answer.value, why, under(qid))


def _move(
    answers: AnswersFile, report: Carried, qid: str, answer: Answer, value: Any, why: str, under: str | None
) -> None:
    kept = KeptAnswer(id=qid, value=value, note=answer.note, sources=list(answer.sources), why=why, under=under)
    report.kept.append(kept)
    answers.kept.append(kept)
    answers.remove(qid)


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


@dataclass
class Described:
    """What an upgrade does to one file, as data (``hiap upgrade`` puts it in words)."""

    versions: dict[str, tuple[str, str]]
    notes: list[str]
    #: (how, new id, old ids, the new question's text, old values, the new answer)
    carried: list[tuple[str, str, tuple[str, ...], str, list[Any], Any]]
    #: (id, answer as given, why it is no longer asked)
    retired: list[tuple[str, Any, str]]
    #: answers that no longer fit: (id, answer as given, why)
    kept: list[tuple[str, Any, str]]
    #: questions that apply now and have not been asked: (id, text)
    to_ask: list[tuple[str, str]]
    #: answers carried with their id and value unchanged
    unchanged: int


def describe(carried: Carried, answers: AnswersFile, catalogue: Catalogue) -> Described:
    """What carrying did to this file: answers moved to new questions (and how), answers kept
    but no longer asked, answers that no longer fit, and the questions that now apply unasked."""
    from hiap.checklist.route import route

    moved = []
    touched: set[str] = set()
    for new, olds, how in carried.moved:
        question = catalogue.by_id.get(new)
        after = answers.get(new)
        before = [carried.given[o].value for o in olds if o in carried.given]
        text = " ".join(question.text.split()) if question is not None else new
        moved.append((how, new, tuple(olds), text, before, after.value if after else None))
        touched.update(olds)
        touched.add(new)
    retired = []
    for qid, why in carried.retired.items():
        answer = answers.get(qid)
        retired.append((qid, answer.value if answer else None, why))
        touched.add(qid)
    touched.update(k.id for k in carried.kept)
    now = route(catalogue, answers.values())
    return Described(
        versions=dict(carried.versions),
        notes=list(dict.fromkeys(carried.notes)),
        carried=moved,
        retired=retired,
        kept=[(k.id, k.value, k.why) for k in carried.kept],
        to_ask=[(q.id, " ".join(q.text.split())) for q in now.unasked()],
        unchanged=sum(1 for qid, a in answers.flat().items() if qid not in touched and a.value is not None),
    )


def record_upgrade(
    answers: AnswersFile, carried: Carried, by: str | None, versions: dict[str, str] | None = None
) -> None:
    """Make the carrying permanent: the file now records the installed checklists' versions,
    and the trail an ``upgraded`` event saying from which versions and what moved."""
    from hiap.answers import audit

    for cid, (_, new) in carried.versions.items():
        answers.checklists[cid] = new
    changes = "; ".join(f"{cid} {old} → {new}" for cid, (old, new) in carried.versions.items())
    kept = len(carried.retired) + len(carried.kept)
    note = (
        f"Carried from {changes}: {len(carried.moved)} answer{'s' if len(carried.moved) != 1 else ''} carried to "
        f"new questions, {kept} answer{'s' if kept != 1 else ''} kept in the file and listed"
    )
    audit.record(answers, "upgraded", by, versions, note=note)


def kept_rows(answers: AnswersFile) -> list[AnsweredQuestion]:
    """The ``kept`` answers as rows for the document's record of answers (the annex), each with
    why it no longer counts and the checklist it was given under: for ``build.record``."""
    rows = []
    for kept in answers.kept:
        why = kept.why.rstrip(".") + (f" (given under {kept.under})" if kept.under else "")
        rows.append(
            AnsweredQuestion(
                id=kept.id,
                section="Earlier checklist",
                text=kept.id,
                answer=plain_value(kept.value),
                value=kept.value,
                note=kept.note,
                sources=tuple(kept.sources),
                origin=kept.id.split(".", 1)[0],
                kept_because=why,
            )
        )
    return rows


def _joined(notes: list[str | None]) -> str | None:
    kept = [n.strip() for n in notes if n and n.strip()]
    return "\n\n".join(dict.fromkeys(kept)) or None


__all__ = [
    "Carried",
    "Described",
    "carry",
    "describe",
    "kept_rows",
    "newer_than_installed",
    "record_upgrade",
    "steps",
    "version_key",
]
