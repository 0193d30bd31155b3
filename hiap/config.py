"""``hiap.toml``: the council's settings, found in the working folder or the user's config folder.

Paths in the file are relative to the file. Unknown keys are errors, like everywhere else.
``hiap config`` shows what is in force and where each value came from.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hiap.errors import InputError, did_you_mean

FILE_NAME = "hiap.toml"
#: An ONS area code: a letter for the nation and eight digits (E07000146, E92000001).
_AREA_CODE = re.compile(r"^[EWSNK]\d{8}$")
#: Keys naming files, resolved against the file's folder before plugins see them.
_PATH_LISTS = ("indicators", "assets")
#: The nations whose law a council works under; nation plugins (hiap-wales, hiap-scotland) read it.
NATIONS = ("england", "wales", "scotland", "northern_ireland")
_SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "council": {
        "name": str,
        "area_code": str,
        "area_name": str,
        "template": str,
        "appendix_letter": str,
        "nation": str,
    },
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

    def evidence_settings(self) -> dict[str, Any]:
        """[evidence] as plugins need it: file names made absolute (plugins run from any folder)
        and the configuration file itself, so their errors can point at the key to fix."""
        settings: dict[str, Any] = dict(self.evidence)
        for key in _PATH_LISTS:
            if key in settings:
                settings[key] = [str(self.resolve(item).absolute()) for item in settings[key]]
        if "mapping" in settings:
            settings["mapping"] = str(self.resolve(settings["mapping"]).absolute())
        settings["config_file"] = str(self.path) if self.path else None
        return settings


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
    explicit = path is None and bool(os.environ.get("HIAP_CONFIG"))
    path = path or find()
    if path is None:
        return Config()
    if explicit and not path.is_file():
        raise InputError(
            "HIAP_CONFIG names a configuration file that does not exist",
            file=path,
            field="HIAP_CONFIG",
            hint="fix the path or unset HIAP_CONFIG to use ./hiap.toml",
        )
    from hiap.yamlio import read_text

    text = read_text(path, what="configuration file", max_bytes=1024 * 1024)
    if not text.strip():
        raise InputError(
            "the configuration file is empty",
            file=path,
            hint="add a [council] table (see the README) or delete the file",
        )
    try:
        data = tomllib.loads(text)
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        raise InputError("the TOML is nested too deeply", file=path, hint="check the brackets") from None
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
    try:
        _read(config, data, path)
    except InputError as exc:
        if exc.line is None and exc.field:
            exc.line = _line_of(text, exc.field)
            exc.args = (exc.format(),)
        raise
    return config


def _read(config: Config, data: dict[str, Any], path: Path) -> None:
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
            _check_value(path, key, sub, item)
            getattr(config, key)[sub] = item
            config.origins[f"{key}.{sub}"] = str(path)
    if config.evidence.get("indicators") and not config.council.get("area_code"):
        raise InputError(
            "[evidence] indicators needs the council's area code to pick its rows from the exports",
            file=path,
            field="council.area_code",
            hint='add area_code = "E07000146" (your ONS code) under [council]',
        )


def _line_of(text: str, field: str) -> int | None:
    """The line of ``table.key`` (or of the table's heading) in the TOML text: tomllib keeps no
    positions, and a message that says where is the difference between a fix and a hunt."""
    table, _, key = field.partition(".")
    current: str | None = None
    heading: int | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        match = re.match(r"^\[+\s*([^\]]+?)\s*\]+", line)
        if match:
            current = match.group(1).split(".")[0].strip()
            if current == table and heading is None:
                heading = number
            continue
        name = key if current == table else table if current is None else None
        if name and re.match(rf"^{re.escape(name)}\s*=", line):
            return number
    return heading


def _check_value(path: Path, table: str, key: str, value: Any) -> None:
    """Mistakes worth catching when the file is read, rather than when a later command trips on them."""
    where = f"{table}.{key}"
    if key in ("area_code", "comparator") and not _AREA_CODE.match(value):
        raise InputError(
            f"'{value}' is not an ONS area code", file=path, field=where, hint='use a code such as "E07000146"'
        )
    if table == "council" and key == "nation" and value not in NATIONS:
        hint = did_you_mean(value.lower(), NATIONS) or f"use one of: {', '.join(NATIONS)}"
        raise InputError(f"'{value}' is not a nation hiap knows", file=path, field=where, hint=hint)
    if table == "evidence" and key in _PATH_LISTS:
        if not value:
            raise InputError(
                f"'{key}' lists no files", file=path, field=where, hint="name at least one file or remove the key"
            )
        if any(not item.strip() for item in value):
            raise InputError(f"'{key}' has an empty file name", file=path, field=where, hint="remove the empty entry")
        twice = next((item for i, item in enumerate(value) if item in value[:i]), None)
        if twice is not None:
            raise InputError(f"'{twice}' is listed twice", file=path, field=where, hint="list each file once")
    if table == "evidence" and key == "mapping" and not value.strip():
        raise InputError("'mapping' is empty", file=path, field=where, hint="name a YAML file or remove the key")
