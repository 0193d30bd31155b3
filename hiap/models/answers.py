"""The answers file: the record of an assessment, and the replayable input to everything after."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from hiap.models.assessment import EvidenceItem

FORMAT_VERSION = 1

#: The decision block's fields, in the order the interview asks them (title first).
DECISION_FIELDS: tuple[str, ...] = (
    "title",
    "reference",
    "kind",
    "summary",
    "directorate",
    "lead_officer",
    "decision_maker",
    "meeting_date",
    "wards",
    "key_decision",
    "nation",
)

# -- bounds: what one answers file may hold -----------------------------------------------------
# Counts as well as bytes, so that anything `hiap check` accepts renders in seconds and a few tens
# of megabytes (figures in tests/bench/bench_bounds.py). A full assessment holds a few hundred
# answers, a dozen actions and a few dozen audit entries; each bound is far above that.

#: entries in a list answer: actions, indicators, chosen options
MAX_ITEMS = 500
#: sources cited for one answer, and the length of each
MAX_SOURCES = 50
MAX_SOURCE_CHARS = 500
#: a note, an audit entry's note, and any text in the file
MAX_TEXT_CHARS = 20_000
#: entries in the audit trail (one or two are added each time the file is opened)
MAX_EVENTS = 5_000
#: local figures and services in the evidence snapshot
MAX_EVIDENCE = 1_000
#: a plugin or checklist name as entry points and ids spell them; anything else is refused, so no
#: name from a file ever reaches a suggested command (``pip install hiap-NAME``) or a terminal
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def _line(text: str, what: str, limit: int) -> str:
    if len(text) > limit:
        raise ValueError(f"the {what} is longer than {limit:,} characters")
    if "\n" in text.strip():
        raise ValueError(f"the {what} should be a single line")
    return text


def _names(value: dict[str, str]) -> dict[str, str]:
    for name, version in value.items():
        if not NAME_RE.match(name):
            raise ValueError(f"'{name[:60]}' is not a plugin or checklist name (letters, digits, '.', '_', '-')")
        _line(version, "version", 100)
    return value


def _versions(value: dict[str, str]) -> dict[str, str]:
    for name, version in value.items():
        if not NAME_RE.match(name.removeprefix("plugin:")):
            raise ValueError(f"'{name[:60]}' is not a plugin or checklist name (letters, digits, '.', '_', '-')")
        _line(version, "version", 100)
    return value


Names = Annotated[dict[str, str], AfterValidator(_names)]
Versions = Annotated[dict[str, str], AfterValidator(_versions)]
#: one line: line breaks only at either end, which ``_line`` strips before it looks (for the schema)
ONE_LINE = r"^\s*[^\n]*\s*$"
ShortText = Annotated[
    str,
    AfterValidator(lambda text: _line(text, "text", 500)),
    Field(json_schema_extra={"maxLength": 500, "pattern": ONE_LINE}),
]


def _timestamp(text: str) -> str:
    """When something happened, as hiap writes it (``2027-02-08T09:30:00Z``): any ISO 8601 date
    and time is read, but not "last week", which an analyst's timestamp column cannot hold."""
    _line(text, "time", 100)
    moment = text.strip()
    try:
        dt.datetime.fromisoformat(moment)
        if len(moment) <= len("2027-02-08"):
            raise ValueError("a date alone has no time")
    except ValueError:
        raise ValueError(
            f"'{text[:40]}' is not a date and time; write it as in ISO 8601, such as 2027-02-08T09:30:00Z"
        ) from None
    return text


def _day_or_time(text: str) -> str:
    """When evidence was taken: a day (``2026-11-01``), as a plugin may give it, or a moment."""
    try:
        dt.date.fromisoformat(text.strip())
    except ValueError:
        return _timestamp(text)
    return text


def _day(text: str) -> str:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text[:40]}' is not a date; write it as YYYY-MM-DD, such as 2027-03-31") from None
    return text


#: a moment, as ``answers_file.now`` writes it
Timestamp = Annotated[str, AfterValidator(_timestamp), Field(json_schema_extra={"format": "date-time"})]
#: a day or a moment
DayOrTime = Annotated[
    str,
    AfterValidator(_day_or_time),
    Field(json_schema_extra={"anyOf": [{"format": "date-time"}, {"format": "date"}]}),
]
#: a day, YYYY-MM-DD
Day = Annotated[
    str, AfterValidator(_day), Field(json_schema_extra={"format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"})
]

EventKind = Literal[
    "created",
    "resumed",
    "answered",
    "completed",
    "reviewed",
    "signed_off",
    "reopened",
    "evidence_refreshed",
    "upgraded",
    "merged",
    # living assessments: review comments and replies, a new version, progress on what was promised
    "commented",
    "responded",
    "resolved",
    "revised",
    "progress",
]


class Answer(BaseModel):
    """One answer, with the officer's note and the evidence behind it."""

    model_config = ConfigDict(extra="forbid")

    value: Any = None
    note: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    sources: list[str] = Field(
        default_factory=list,
        max_length=MAX_SOURCES,
        json_schema_extra={
            "items": {"type": "string", "minLength": 3, "maxLength": MAX_SOURCE_CHARS, "pattern": ONE_LINE}
        },
    )
    #: a number the officer marked as an estimate ("about 35")
    estimate: bool = False

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        # ``p1.relevant: yes`` is shorthand for ``{value: yes}``; a list is a multi/records value
        if isinstance(data, dict):
            return data
        return {"value": data}

    @field_validator("value")
    @classmethod
    def _bounded(cls, value: Any) -> Any:
        if isinstance(value, list) and len(value) > MAX_ITEMS:
            raise ValueError(f"the answer lists {len(value):,} entries; the limit is {MAX_ITEMS:,}")
        return value

    @field_validator("sources")
    @classmethod
    def _sources(cls, sources: list[str]) -> list[str]:
        """A source is a title (and perhaps a link) that the document lists: one line, long enough
        to mean something (the documents' own rule for a source's title)."""
        for index, source in enumerate(sources):
            text = " ".join(source.split())
            if len(text) < 3:
                raise ValueError(f"source {index + 1} ('{source}') is too short to name a source; give its title")
            _line(source, f"source {index + 1}", MAX_SOURCE_CHARS)
        return sources

    def dump(self) -> Any:
        if self.note is None and not self.sources and not self.estimate and not isinstance(self.value, dict):
            return self.value
        out: dict[str, Any] = {"value": self.value}
        if self.estimate:
            out["estimate"] = True
        if self.note:
            out["note"] = self.note
        if self.sources:
            out["sources"] = list(self.sources)
        return out


class Event(BaseModel):
    """An entry in the audit trail (Brown principles: show regard was paid, and when)."""

    model_config = ConfigDict(extra="forbid")

    at: Timestamp
    event: EventKind
    by: ShortText | None = None
    note: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    versions: Versions = Field(default_factory=dict)


class EvidenceSnapshot(BaseModel):
    """Local figures captured when the interview used them, so rendering stays offline."""

    model_config = ConfigDict(extra="forbid")

    taken: DayOrTime | None = None
    area_code: ShortText | None = None
    area_name: ShortText | None = None
    items: list[EvidenceItem] = Field(default_factory=list, max_length=MAX_EVIDENCE)
    assets: list[EvidenceItem] = Field(default_factory=list, max_length=MAX_EVIDENCE)


# -- living assessments: review comments, progress on what was promised, versions, kept answers --
#: bounds on the blocks below, far above any real assessment's
MAX_COMMENTS = 1_000
MAX_PROGRESS = 5_000
MAX_COMMENT_CHARS = MAX_TEXT_CHARS


class Reply(BaseModel):
    """One entry in a comment's thread: the officer's response or the reviewer's follow-up."""

    model_config = ConfigDict(extra="forbid")

    at: Timestamp
    by: ShortText | None = None
    text: str = Field(min_length=1, max_length=MAX_COMMENT_CHARS)


class Comment(BaseModel):
    """A reviewer's comment on one question or a whole section (``on: section:ID``), and its thread.

    ``open`` waits for the officer, ``answered`` for the reviewer, ``resolved`` is settled."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^c[1-9][0-9]{0,5}$")
    on: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=MAX_COMMENT_CHARS)
    by: ShortText | None = None
    at: Timestamp
    status: Literal["open", "answered", "resolved"] = "open"
    responses: list[Reply] = Field(default_factory=list, max_length=MAX_COMMENTS)


class Progress(BaseModel):
    """Progress on something the assessment promised: an action done, an indicator read, the
    review held. Recorded after sign-off without reopening it: it is not an answer."""

    model_config = ConfigDict(extra="forbid")

    item: Literal["action", "review", "indicator"]
    #: the action or indicator as the plan words it (empty for the review)
    text: str = Field(default="", max_length=MAX_COMMENT_CHARS)
    done: bool = False
    #: when it was done, or when the reading was taken (YYYY-MM-DD)
    date: Day | None = None
    #: an indicator's reading, as the officer gives it
    value: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, max_length=MAX_COMMENT_CHARS)
    by: ShortText | None = None
    at: Timestamp


class RevisionOf(BaseModel):
    """The signed-off version a revision starts from, kept unchanged beside it."""

    model_config = ConfigDict(extra="forbid")

    #: its file name, in the same folder
    file: str = Field(min_length=1, max_length=255)
    #: its version number (this file is the next)
    version: int = Field(ge=1, le=10_000)
    #: the SHA-256 of its bytes, so a copy or a later edit is recognised
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class KeptAnswer(BaseModel):
    """An answer that no longer fits its question after a checklist upgrade, kept word for word."""

    model_config = ConfigDict(extra="forbid")

    id: ShortText
    value: Any = None
    note: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    sources: list[str] = Field(default_factory=list, max_length=MAX_SOURCES)
    why: str = Field(max_length=MAX_TEXT_CHARS)
    #: the checklist and version it was given under ("core 1.0.0")
    under: ShortText | None = None


class AnswersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: int = FORMAT_VERSION
    tool: ShortText | None = None
    created: Timestamp | None = None
    updated: Timestamp | None = None
    checklists: Names = Field(default_factory=dict)
    plugins: Names = Field(default_factory=dict)
    decision: dict[str, Answer] = Field(default_factory=dict)
    answers: dict[str, Answer] = Field(default_factory=dict)
    evidence: EvidenceSnapshot | None = None
    events: list[Event] = Field(default_factory=list, max_length=MAX_EVENTS)
    revision_of: RevisionOf | None = None
    kept: list[KeptAnswer] = Field(default_factory=list, max_length=MAX_EVIDENCE)
    comments: list[Comment] = Field(default_factory=list, max_length=MAX_COMMENTS)
    progress: list[Progress] = Field(default_factory=list, max_length=MAX_PROGRESS)

    @model_validator(mode="before")
    @classmethod
    def _derived_fields(cls, data: Any) -> Any:
        # hiap 1.0 wrote ``complete:``, which is derived from the answers; it is read and dropped
        # so the file holds only what people said (and a value typed there can never disagree)
        if isinstance(data, dict) and "complete" in data:
            data = {k: v for k, v in data.items() if k != "complete"}
        return data

    # -- flat view: decision fields as ``decision.<field>`` beside the other answers ----------
    def flat(self) -> dict[str, Answer]:
        merged = {f"decision.{k}": v for k, v in self.decision.items()}
        merged.update(self.answers)
        return merged

    def values(self) -> dict[str, Any]:
        """Question id -> value (``None`` where the question was asked and skipped): what
        ``hiap.checklist.route.route`` reads."""
        return {k: a.value for k, a in self.flat().items()}

    def get(self, qid: str) -> Answer | None:
        if qid.startswith("decision."):
            return self.decision.get(qid.split(".", 1)[1])
        return self.answers.get(qid)

    def set(self, qid: str, answer: Answer) -> None:
        if qid.startswith("decision."):
            self.decision[qid.split(".", 1)[1]] = answer
        else:
            self.answers[qid] = answer

    def remove(self, qid: str) -> None:
        if qid.startswith("decision."):
            self.decision.pop(qid.split(".", 1)[1], None)
        else:
            self.answers.pop(qid, None)

    @property
    def title(self) -> str:
        answer = self.decision.get("title")
        return str(answer.value) if answer and answer.value else "Untitled decision"

    def dump(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": self.format,
            "tool": self.tool,
            "created": self.created,
            "updated": self.updated,
            "checklists": dict(self.checklists),
            "plugins": dict(self.plugins),
            "decision": {k: self.decision[k].dump() for k in _decision_order(self.decision)},
            "answers": {k: v.dump() for k, v in self.answers.items()},
        }
        if self.revision_of is not None:
            out["revision_of"] = self.revision_of.model_dump()
        for block in ("kept", "comments", "progress"):
            if getattr(self, block):
                out[block] = [item.model_dump(exclude_none=True) for item in getattr(self, block)]
        if self.evidence is not None:
            out["evidence"] = self.evidence.model_dump(exclude_none=True, exclude_defaults=True)
        if self.events:
            out["events"] = [e.model_dump(exclude_none=True, exclude_defaults=False) for e in self.events]
        return out


def _decision_order(decision: dict[str, Answer]) -> list[str]:
    known = [f for f in DECISION_FIELDS if f in decision]
    return known + [k for k in decision if k not in DECISION_FIELDS]
