"""What every hook receives besides its own arguments: settings and the answers, read-only."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class RunContext(BaseModel):
    """Stable place for run-wide facts, so hook signatures need not change as they grow."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    interactive: bool = False
    council: dict[str, Any] = Field(default_factory=dict)
    plugin_settings: dict[str, dict[str, Any]] = Field(default_factory=dict)
    #: ``[evidence]`` from ``hiap.toml`` with file names made absolute, plus ``config_file``
    evidence: dict[str, Any] = Field(default_factory=dict)
    config_dir: str | None = None

    def plugin_config(self, name: str) -> dict[str, Any]:
        """A plugin's own table from ``hiap.toml`` (``[plugins.NAME]``), or an empty dict."""
        return dict(self.plugin_settings.get(name, {}))


class AnswerView(BaseModel):
    """The answers that count: only questions whose conditions hold, values already validated."""

    model_config = ConfigDict(frozen=True)

    values: dict[str, Any] = Field(default_factory=dict)
    notes: dict[str, str] = Field(default_factory=dict)
    sources: dict[str, list[str]] = Field(default_factory=dict)

    def get(self, qid: str, default: Any = None) -> Any:
        return self.values.get(qid, default)

    @property
    def decision_kind(self) -> str | None:
        kind = self.values.get("decision.kind")
        return str(kind) if kind is not None else None
