"""A plugin's own settings: its ``[plugins.NAME]`` table in ``hiap.toml``, and the checks every
plugin would otherwise write again.

Public API (``context.settings("NAME")`` gives one). hiap does not know a plugin's keys, so the
plugin checks them, and the errors it raises look exactly like hiap's own: the file, the line,
the key, what is wrong and what to do, with the nearest valid key suggested::

    settings = context.settings("evidence")
    settings.check_keys({"indicators": list, "assets": list, "mapping": str})
    exports = settings.paths("indicators")        # absolute, each checked to be a file
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hiap.errors import InputError, did_you_mean


@dataclass(frozen=True)
class PluginSettings:
    """One plugin's table, with the configuration file and the line of each key."""

    name: str
    values: Mapping[str, Any] = field(default_factory=dict)
    file: str | None = None
    lines: Mapping[str, int] = field(default_factory=dict)

    def __contains__(self, key: str) -> bool:
        return key in self.values

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    @property
    def table(self) -> str:
        return f"plugins.{self.name}"

    def error(self, key: str | None, message: str, hint: str | None = None) -> InputError:
        """An InputError naming the file, the key's line and the key (raise it)."""
        where = f"{self.table}.{key}" if key else self.table
        line = self.lines.get(where) or self.lines.get(self.table)
        if self.file is None:  # no hiap.toml at all: say so, and where one would be read
            from hiap.config import FILE_NAME, user_config_dir

            looked = f"no {FILE_NAME} was found (in this folder or {user_config_dir()}, or named by HIAP_CONFIG)"
            return InputError(f"{message}: {looked}", field=where, hint=hint)
        return InputError(message, file=self.file, line=line, field=where, hint=hint)

    def check_keys(self, allowed: Mapping[str, type | tuple[type, ...]]) -> None:
        """Every key is one of ``allowed`` and of its type (list means a list of text)."""
        for key, value in self.values.items():
            expected = allowed.get(key)
            if expected is None:
                hint = did_you_mean(key, allowed) or f"[{self.table}] takes: {', '.join(allowed)}"
                raise self.error(key, f"unknown key '{key}'", hint)
            if not isinstance(value, expected):
                want = "a list of file names in quotes" if expected is list else "text in quotes"
                raise self.error(key, f"'{key}' should be {want}")
            if isinstance(value, list) and not all(isinstance(item, str) for item in value):
                raise self.error(key, f"'{key}' should be a list of file names in quotes")

    def resolve(self, value: str) -> Path:
        """A file name from the table, relative to the configuration file's folder, made absolute
        (plugins run from any folder)."""
        path = Path(value).expanduser()
        if not path.is_absolute() and self.file:
            path = Path(self.file).parent / path
        return path.absolute()

    def path(self, key: str, *, must_exist: bool = True) -> Path | None:
        """The file named by ``key`` (None when unset)."""
        value = self.values.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"'{key}' is empty", "name a file or remove the key")
        path = self.resolve(value)
        if must_exist and not path.is_file():
            raise self.error(key, f"no such file '{path}'", "check the name; paths in hiap.toml are relative to it")
        return path

    def paths(self, key: str, *, must_exist: bool = True) -> list[Path]:
        """The files listed under ``key``: at least one, none empty, none twice."""
        value = self.values.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(key, f"'{key}' should be a list of file names in quotes")
        if not value:
            raise self.error(key, f"'{key}' lists no files", "name at least one file or remove the key")
        if any(not item.strip() for item in value):
            raise self.error(key, f"'{key}' has an empty file name", "remove the empty entry")
        twice = next((item for i, item in enumerate(value) if item in value[:i]), None)
        if twice is not None:
            raise self.error(key, f"'{twice}' is listed twice", "list each file once")
        out = [self.resolve(item) for item in value]
        for path in out:
            if must_exist and not path.is_file():
                raise self.error(key, f"no such file '{path}'", "check the name; paths in hiap.toml are relative to it")
        return out


#: the first letter of an ONS area code names the nation
_AREA_NATIONS = {"E": "england", "W": "wales", "S": "scotland", "N": "northern_ireland"}


def council_nation(council: Mapping[str, Any] | None) -> str | None:
    """The council's nation in ``hiap.toml``: ``[council] nation``, else the first letter of its
    ONS ``area_code``; None if neither says."""
    council = council or {}
    nation = council.get("nation")
    if isinstance(nation, str) and nation:
        return nation
    code = council.get("area_code")
    return _AREA_NATIONS.get(code[:1]) if isinstance(code, str) and code else None
