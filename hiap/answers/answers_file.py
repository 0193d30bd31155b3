"""Load, validate and save ``*.hiap.yaml`` answers files.

Loading never executes anything (safe YAML only) and rejects unknown or misspelt keys with a
suggestion. Saving is atomic, so a crash at any moment leaves the last good file, and checks the
file first: what someone else saved in the meantime is merged in, never overwritten
(``hiap.answers.concurrent`` says how and why).
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections import OrderedDict
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hiap import __version__, safeio, yamlio
from hiap.answers import concurrent
from hiap.answers.upgrade import carry
from hiap.answers.values import AnswerError, parse_value
from hiap.checklist.catalogue import Catalogue
from hiap.checklist.loader import pydantic_errors
from hiap.errors import InputError, InputErrors, did_you_mean
from hiap.models.answers import DECISION_FIELDS, FORMAT_VERSION, Answer, AnswersFile, Event
from hiap.yamlio import Located

SUFFIX = ".hiap.yaml"
ANSWER_KEYS: tuple[str, ...] = tuple(Answer.model_fields)
_HINTED = 50


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


#: The text this process last read from or wrote to each answers file (by its real path), so a
#: save can tell whether someone else changed the file since. Only the latest few are kept: a
#: process that saves a file has just read it, and `hiap portfolio` reads thousands.
_SEEN: OrderedDict[str, str] = OrderedDict()
_SEEN_KEPT = 16


def _remember(path: Path, text: str) -> None:
    key = _key(path)
    _SEEN[key] = text
    _SEEN.move_to_end(key)
    while len(_SEEN) > _SEEN_KEPT:
        _SEEN.popitem(last=False)


def _key(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _read(path: Path) -> Located:
    text = yamlio.read_text(path, what="answers file")
    located = yamlio.loads(text, path=str(path), what="answers file")
    located.text = text
    return located


def load(path: Path) -> AnswersFile:
    """Read the file's structure; values are checked against checklists by ``validate``."""
    located = _read(path)
    answers = parse(located)
    _remember(path, located.text)
    return answers


def load_located(path: Path) -> tuple[AnswersFile, Located]:
    """``load``, with where each key is in the file (for ``validate`` to name lines): for a
    command that checks the answers itself and then saves them."""
    located = _read(path)
    answers = parse(located)
    _remember(path, located.text)
    return answers, located


def parse(located: Located) -> AnswersFile:
    data = located.data
    version = data.get("format")
    if version is None:
        raise InputError(
            "no 'format' key: this does not look like a hiap answers file",
            file=located.path,
            line=1,
            hint="answers files start with 'format: 1'; see examples/",
        )
    if not isinstance(version, int) or isinstance(version, bool):
        raise InputError(
            f"'format' should be a whole number, not {version!r}",
            file=located.path,
            line=located.line("format"),
            field="format",
        )
    if version > FORMAT_VERSION:
        raise InputError(
            f"this file uses answers format {version}, written by a newer hiap (this one reads up to {FORMAT_VERSION})",
            file=located.path,
            line=located.line("format"),
            field="format",
            hint="upgrade hiap (see Upgrade in its README: pipx install --force with the newer release)",
        )
    if version < 1:
        raise InputError(
            f"unknown answers format {version}",
            file=located.path,
            line=located.line("format"),
            field="format",
            hint="answers files start with 'format: 1'",
        )
    for key in ("decision", "answers"):
        if key in data and data[key] is None:
            data[key] = {}
    decision = data.get("decision")
    if isinstance(decision, dict):
        for key in decision:
            if key not in DECISION_FIELDS:
                hint = (
                    did_you_mean(str(key), DECISION_FIELDS)
                    or f"the decision's fields are: {', '.join(DECISION_FIELDS)}"
                )
                raise InputError(
                    f"unknown decision field '{key}'",
                    file=located.path,
                    line=located.line("decision", key),
                    field=f"decision.{key}",
                    hint=hint,
                )
            _check_answer_keys(located, "decision", key, decision[key])
    answers = data.get("answers")
    if isinstance(answers, dict):
        for qid, entry in answers.items():
            if isinstance(qid, str) and qid.startswith("decision."):
                name = qid.split(".", 1)[1]
                raise InputError(
                    f"'{qid}' is a detail of the decision, not an answer",
                    file=located.path,
                    line=located.line("answers", qid),
                    field=f"answers.{qid}",
                    hint=f"move it under 'decision:' as '{name}'",
                )
            _check_answer_keys(located, "answers", qid, entry)
    try:
        return AnswersFile.model_validate(data)
    except ValidationError as exc:
        raise pydantic_errors(exc, located, AnswersFile) from None


def _check_answer_keys(located: Located, block: str, key: Any, entry: Any) -> None:
    """An answer written out in full holds value, note and sources; say so for a misspelt key."""
    if not isinstance(entry, dict):
        return
    for name in entry:
        if name not in ANSWER_KEYS:
            hint = did_you_mean(str(name), ANSWER_KEYS) or f"an answer holds: {', '.join(ANSWER_KEYS)}"
            raise InputError(
                f"unknown key '{name}' in an answer",
                file=located.path,
                line=located.line(block, key, name),
                field=f"{block}.{key}.{name}",
                hint=hint,
            )


def validate(
    answers: AnswersFile, catalogue: Catalogue, *, path: str | None = None, located: Located | None = None
) -> list[InputError]:
    """Check every stored answer against today's checklists; normalise values in place.

    Answers for questions of a plugin that is not installed are kept and left alone (the plugin
    may be installed later); answers for unknown ids in a loaded namespace are errors with a
    suggestion, as are values that do not fit their question.
    """
    problems: list[InputError] = []
    namespaces = {q.id.split(".", 1)[0] for q in catalogue.questions}
    carry(answers, catalogue)  # answers given under an older checklist version, in today's ids
    for qid, answer in list(answers.flat().items()):
        where: tuple[str, ...] = ("decision", qid.split(".", 1)[1]) if qid.startswith("decision.") else ("answers", qid)
        line = located.line(*where) if located else None
        question = catalogue.by_id.get(qid)
        if question is None:
            # a plugin not installed here keeps its answers, but every plugin's id is 'name.question':
            # an id with no dot (a YAML 'true:' key, a typo) is no plugin's, so it is a mistake
            if "." in qid and (qid.split(".", 1)[0] not in namespaces or qid in catalogue.retired):
                continue
            # past _HINTED problems, skip the search: with thousands of bad ids it would take minutes
            suggestion = did_you_mean(qid, catalogue.by_id) if len(problems) < _HINTED else None
            hint = suggestion or "run 'hiap checklists' to list the question ids"
            problems.append(InputError(f"no question has the id '{qid}'", file=path, line=line, field=qid, hint=hint))
            continue
        try:
            value = parse_value(question, answer.value, catalogue.options(question))
        except AnswerError as exc:
            problems.append(InputError(str(exc), file=path, line=line, field=qid))
            continue
        answer.value = value
    return problems


def load_validated(path: Path, catalogue: Catalogue) -> AnswersFile:
    located = _read(path)
    answers = parse(located)
    _remember(path, located.text)
    problems = validate(answers, catalogue, path=str(path), located=located)
    if problems:
        raise InputErrors(problems)
    return answers


def new(catalogue: Catalogue, plugins: dict[str, str], by: str | None = None) -> AnswersFile:
    stamp = now()
    answers = AnswersFile(
        tool=f"hiap {__version__}", created=stamp, updated=stamp, checklists=catalogue.origins(), plugins=dict(plugins)
    )
    answers.events.append(
        Event(at=stamp, event="created", by=by, versions={"hiap": __version__, **catalogue.origins()})
    )
    return answers


class SaveCache:
    """Each answer's YAML from earlier saves, so a save after one answer re-dumps one entry.

    The interview saves after every answer; dumping every answer each time grows with the file
    (about 5 ms at 1,000 answers). The text is byte-identical to a full dump: entries are dumped
    two columns narrower and indented by two, and a rare open-ended entry (a text ending in a
    blank line, after which the emitter adds a document end marker) falls back to a full dump.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Any, str, bool]] = {}

    def dumps(self, data: dict[str, Any]) -> str:
        answers = data.get("answers")
        if not answers:
            return yamlio.dumps(data)
        keys = list(data)
        split = keys.index("answers")
        head = yamlio.dumps({k: data[k] for k in keys[:split]}) if split else ""
        tail = yamlio.dumps({k: data[k] for k in keys[split + 1 :]}) if split + 1 < len(keys) else ""
        if head.endswith("\n...\n") or tail.endswith("\n...\n"):
            return yamlio.dumps(data)
        parts = [head, "answers:\n"]
        for qid, dumped in answers.items():
            entry = self._entries.get(qid)
            if entry is None or not _identical(entry[0], dumped):
                text = yamlio.dumps({qid: dumped}, width=98)
                open_ended = text.endswith("\n...\n")
                text = "".join("  " + line if line.strip() else line for line in text.splitlines(True))
                entry = (copy.deepcopy(dumped), text, open_ended)
                self._entries[qid] = entry
            if entry[2]:
                return yamlio.dumps(data)
            parts.append(entry[1])
        parts.append(tail)
        return "".join(parts)


def _identical(a: Any, b: Any) -> bool:
    """Equal as YAML would write them: same types (True is not 1) and the same key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_identical(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_identical(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


HEADER = (
    "# hiap answers file: the record of a Health in All Policies assessment.\n"
    "# Safe to read and correct by hand; run 'hiap check' on it afterwards.\n"
)


def save(answers: AnswersFile, path: Path, cache: SaveCache | None = None) -> None:
    """Write the answers, merging in whatever someone else saved since this process last looked.

    A symbolic link is saved through (the link stays, its target changes); a read-only file, a
    device or a folder is refused; the file keeps its mode, owner and group where allowed.
    """
    answers.updated = now()
    answers.tool = f"hiap {__version__}"
    try:
        target = safeio.output_target(path, "answers file")
        with concurrent.save_lock(target):
            _merge_theirs(answers, path, target)
            text = HEADER + (cache.dumps(answers.dump()) if cache else yamlio.dumps(answers.dump()))
            yamlio.atomic_write(target, text, "answers file")
            _remember(path, text)
    except InputError:
        raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(
            f"cannot save the answers ({reason})",
            file=path,
            hint="free some space or choose a folder you can write to; the last saved copy is unchanged",
        ) from None


def _merge_theirs(answers: AnswersFile, path: Path, target: Path) -> None:
    """If the file changed since this process read or wrote it, fold those changes into ``answers``."""
    from hiap.console import warn

    if not target.exists():
        return
    text = yamlio.read_text(target, what="answers file")
    seen = _SEEN.get(_key(path))
    if text == seen:
        return
    try:
        theirs = parse(yamlio.loads(text, path=str(path), what="answers file"))
    except InputError as exc:
        mine = _keep_mine(answers, target)
        raise InputError(
            f"someone changed the file while you worked and it cannot be read now ({exc.message}); "
            f"nothing was overwritten, and your answers are saved in {safeio.shown_path(mine)}",
            file=path,
            line=exc.line,
            hint="fix the file (hiap check shows what is wrong), then copy across any answers you need",
        ) from None
    base = parse(yamlio.loads(seen, path=str(path), what="answers file")) if seen else AnswersFile()
    result = concurrent.merge(base, theirs, answers, stamp=now())
    shown = safeio.shown_path(path)
    if result.taken or result.events:
        warn(
            f"{shown}: the file was changed elsewhere while you worked; kept those changes "
            f"({len(result.taken)} answer{'s' if len(result.taken) != 1 else ''}) together with yours"
        )
    for qid, _kept, _other in result.conflicts:
        warn(f"{shown}: {qid} was also changed elsewhere; kept your answer, and the other one is in the audit trail")


def _keep_mine(answers: AnswersFile, target: Path) -> Path:
    """Save the officer's answers beside a file that someone broke, under a name no command reads."""
    stamp = now().replace(":", "").replace("-", "")
    mine = target.with_name(f"{target.name}.yours-{stamp}")
    yamlio.atomic_write(mine, HEADER + yamlio.dumps(answers.dump()), "answers file")
    return mine


def default_name(title: str) -> str:
    """A file name made from the decision title: lower case words joined by hyphens, at most
    60 characters, and never a word cut in two (only a single longer word is shortened)."""
    words = "".join(c.lower() if c.isalnum() else " " for c in title).split()
    stem = words[0][:60] if words else "assessment"
    for word in words[1:]:
        if len(stem) + 1 + len(word) > 60:
            break
        stem += "-" + word
    return stem + SUFFIX
