"""The answers file: the record of an assessment, and the replayable input to everything after."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
)

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
    note: str | None = None
    sources: list[str] = Field(default_factory=list)
    #: a number the officer marked as an estimate ("about 35")
    estimate: bool = False

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        # ``p1.relevant: yes`` is shorthand for ``{value: yes}``; a list is a multi/records value
        if isinstance(data, dict):
            return data
        return {"value": data}

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

    at: str
    event: EventKind
    by: str | None = None
    note: str | None = None
    versions: dict[str, str] = Field(default_factory=dict)


class EvidenceSnapshot(BaseModel):
    """Local figures captured when the interview used them, so rendering stays offline."""

    model_config = ConfigDict(extra="forbid")

    taken: str | None = None
    area_code: str | None = None
    area_name: str | None = None
    items: list[EvidenceItem] = Field(default_factory=list)
    assets: list[EvidenceItem] = Field(default_factory=list)


# -- living assessments: review comments, progress on what was promised, versions, kept answers --
#: bounds on the blocks below, far above any real assessment's
MAX_COMMENTS = 1_000
MAX_PROGRESS = 5_000
MAX_COMMENT_CHARS = 20_000


class Reply(BaseModel):
    """One entry in a comment's thread: the officer's response or the reviewer's follow-up."""

    model_config = ConfigDict(extra="forbid")

    at: str
    by: str | None = None
    text: str = Field(min_length=1, max_length=MAX_COMMENT_CHARS)


class Comment(BaseModel):
    """A reviewer's comment on one question or a whole section (``on: section:ID``), and its thread.

    ``open`` waits for the officer, ``answered`` for the reviewer, ``resolved`` is settled."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^c[1-9][0-9]{0,5}$")
    on: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=MAX_COMMENT_CHARS)
    by: str | None = None
    at: str
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
    date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    #: an indicator's reading, as the officer gives it
    value: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, max_length=MAX_COMMENT_CHARS)
    by: str | None = None
    at: str


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

    id: str
    value: Any = None
    note: str | None = None
    sources: list[str] = Field(default_factory=list)
    why: str
    #: the checklist and version it was given under ("core 1.0.0")
    under: str | None = None


class AnswersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: int = FORMAT_VERSION
    tool: str | None = None
    created: str | None = None
    updated: str | None = None
    checklists: dict[str, str] = Field(default_factory=dict)
    plugins: dict[str, str] = Field(default_factory=dict)
    decision: dict[str, Answer] = Field(default_factory=dict)
    answers: dict[str, Answer] = Field(default_factory=dict)
    evidence: EvidenceSnapshot | None = None
    events: list[Event] = Field(default_factory=list)
    revision_of: RevisionOf | None = None
    kept: list[KeptAnswer] = Field(default_factory=list)
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
