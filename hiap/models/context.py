"""What every hook receives besides its own arguments: settings and the answers, read-only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from hiap.settings import PluginSettings


class RunContext(BaseModel):
    """Stable place for run-wide facts, so hook signatures need not change as they grow."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    interactive: bool = False
    council: dict[str, Any] = Field(default_factory=dict)
    plugin_settings: dict[str, dict[str, Any]] = Field(default_factory=dict)
    #: the ``hiap.toml`` in force (None without one), and its folder
    config_file: str | None = None
    config_dir: str | None = None
    #: the line of each table and key in that file, for messages that say where
    setting_lines: dict[str, int] = Field(default_factory=dict)

    def plugin_config(self, name: str) -> dict[str, Any]:
        """A plugin's own table from ``hiap.toml`` (``[plugins.NAME]``), or an empty dict."""
        return dict(self.plugin_settings.get(name, {}))

    def settings(self, name: str) -> PluginSettings:
        """A plugin's own table with the checks and paths plugins need (``hiap.settings``)."""
        from hiap.settings import PluginSettings

        return PluginSettings(
            name=name, values=self.plugin_config(name), file=self.config_file, lines=dict(self.setting_lines)
        )


class AnswerView(BaseModel):
    """The answers that count: only questions whose conditions hold, values already validated."""

    model_config = ConfigDict(frozen=True)

    values: dict[str, Any] = Field(default_factory=dict)
    notes: dict[str, str] = Field(default_factory=dict)
    sources: dict[str, list[str]] = Field(default_factory=dict)

    def get(self, qid: str, default: Any = None) -> Any:
        return self.values.get(qid, default)
