"""Format-neutral document content, so one plugin section appears in Word, Markdown and JSON."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Heading(_Block):
    kind: Literal["heading"] = "heading"
    #: relative to the section: 1 is a sub-heading under the section's own title
    level: int = Field(default=1, ge=1, le=2)
    text: str = Field(min_length=1)


class Paragraph(_Block):
    kind: Literal["paragraph"] = "paragraph"
    text: str = Field(min_length=1)


class Bullets(_Block):
    kind: Literal["bullets"] = "bullets"
    items: tuple[str, ...] = Field(min_length=1)


class Table(_Block):
    """A data table: the first row is always a header row, and every cell holds text."""

    kind: Literal["table"] = "table"
    caption: str = Field(min_length=3)
    header: tuple[str, ...] = Field(min_length=1)
    rows: tuple[tuple[str, ...], ...] = ()

    @model_validator(mode="after")
    def _rectangular(self) -> Table:
        for index, row in enumerate(self.rows, start=1):
            if len(row) != len(self.header):
                raise ValueError(f"row {index} has {len(row)} cells but the header has {len(self.header)}")
        return self


class Callout(_Block):
    """A short boxed statement; its meaning is always in its words, never only its shading."""

    kind: Literal["callout"] = "callout"
    label: str = Field(min_length=1)
    text: str = Field(min_length=1)


Block = Annotated[Heading | Paragraph | Bullets | Table | Callout, Field(discriminator="kind")]


class DocSection(BaseModel):
    """A section a plugin adds to the document, placed after one of the standard sections."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_.-]*$")
    title: str = Field(min_length=3)
    #: a standard section id: summary, principles, groups, evidence, actions, monitoring, signoff
    after: Literal["summary", "principles", "groups", "evidence", "actions", "monitoring", "signoff"] = "principles"
    blocks: tuple[Block, ...] = Field(min_length=1)
    source: str = "core"
