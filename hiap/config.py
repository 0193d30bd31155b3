"""``hiap.toml``: the council's settings, found in the working folder or the user's config folder.

Paths in the file are relative to the file. Unknown keys are errors, like everywhere else.
``hiap config`` shows what is in force and where each value came from.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hiap.errors import InputError, did_you_mean

FILE_NAME = "hiap.toml"
_SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "council": {"name": str, "area_code": str, "area_name": str, "template": str, "appendix_letter": str},
    "evidence": {"indicators": list, "assets": list, "mapping": str, "comparator": str},
}


@dataclass
class Config:
    path: Path | None = None
    council: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)
    plugins: dict[str, dict[str, Any]] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)

    def resolve(self, value: str) -> Path:
        """A path from the file, relative to the file's folder."""
        path = Path(value).expanduser()
        if not path.is_absolute() and self.path is not None:
            path = self.path.parent / path
        return path


def user_config_dir() -> Path:
    override = os.environ.get("HIAP_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("hiap"))


def find(cwd: Path | None = None) -> Path | None:
    explicit = os.environ.get("HIAP_CONFIG")
    if explicit:
        return Path(explicit)
    here = (cwd or Path.cwd()) / FILE_NAME
    if here.is_file():
        return here
    home = user_config_dir() / FILE_NAME
    return home if home.is_file() else None


def load(path: Path | None = None) -> Config:
    path = path or find()
    if path is None:
        return Config()
    from hiap.yamlio import read_text

    text = read_text(path, what="configuration file", max_bytes=1024 * 1024)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = None
        msg = str(exc)
        if "(at line " in msg:
            try:
                line = int(msg.split("(at line ")[1].split(",")[0])
            except ValueError:
                line = None
        raise InputError(
            f"not valid TOML: {msg.split(' (at line')[0]}", file=path, line=line, hint="check the quotes and brackets"
        ) from None
    config = Config(path=path)
    for key, value in data.items():
        if key == "plugins":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise InputError(
                    "[plugins] holds one table per plugin, such as [plugins.housing]", file=path, field="plugins"
                )
            config.plugins = value
            for name in value:
                config.origins[f"plugins.{name}"] = str(path)
            continue
        if key not in _SCHEMA:
            hint = (
                did_you_mean(key, list(_SCHEMA) + ["plugins"])
                or "the tables are [council], [evidence] and [plugins.NAME]"
            )
            raise InputError(f"unknown table [{key}]", file=path, field=key, hint=hint)
        if not isinstance(value, dict):
            raise InputError(f"'{key}' should be a table, [{key}]", file=path, field=key)
        for sub, item in value.items():
            expected = _SCHEMA[key].get(sub)
            if expected is None:
                hint = did_you_mean(sub, _SCHEMA[key]) or f"[{key}] takes: {', '.join(_SCHEMA[key])}"
                raise InputError(f"unknown key '{sub}'", file=path, field=f"{key}.{sub}", hint=hint)
            if not isinstance(item, expected):
                want = "a list of file names" if expected is list else "text in quotes"
                raise InputError(f"'{sub}' should be {want}", file=path, field=f"{key}.{sub}")
            if isinstance(item, list) and not all(isinstance(x, str) for x in item):
                raise InputError(f"'{sub}' should be a list of file names in quotes", file=path, field=f"{key}.{sub}")
            getattr(config, key)[sub] = item
            config.origins[f"{key}.{sub}"] = str(path)
    return config
