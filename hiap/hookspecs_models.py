"""Return types of hooks that are not findings: guidance and output formats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from hiap.models.checklist import Source


class Guidance(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=3)
    text: str = Field(min_length=10)
    sources: tuple[Source, ...] = ()
    source: str = "core"


class OutputFormat(BaseModel):
    """``render(assessment, path, options)`` writes the file; ``options`` is a dict."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    suffix: str = Field(pattern=r"^\.[a-z0-9.]+$")
    description: str
    render: Callable[..., Any]
    source: str = "core"
