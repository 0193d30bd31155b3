"""``hiap.toml``: the council's settings, found in the working folder or the user's config folder.

Paths in the file are relative to the file. Unknown keys are errors, like everywhere else; a
plugin's own table, ``[plugins.NAME]``, is checked by that plugin (``hiap.settings``).
``hiap config`` shows what is in force and where each value came from.
"""

from __future__ import annotations

import difflib
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
}
#: Tables that moved under [plugins.NAME] when their settings became a plugin's own. An old file
#: keeps working, with one warning line saying how to update it.
MOVED = {"evidence": "plugins.evidence"}


@dataclass
class Config:
    path: Path | None = None
    council: dict[str, Any] = field(default_factory=dict)
    #: each plugin's own table, ``[plugins.NAME]``, as written (plugins check their own keys)
    plugins: dict[str, dict[str, Any]] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    #: the line of every table and key (``plugins.evidence.assets``), for messages that say where
    lines: dict[str, int] = field(default_factory=dict)
    #: things to tell the user on every command (an old table name), one line each
    notices: list[str] = field(default_factory=list)

    def resolve(self, value: str) -> Path:
        """A path from the file, relative to the file's folder."""
        path = Path(value).expanduser()
        if not path.is_absolute() and self.path is not None:
            path = self.path.parent / path
        return path


def user_config_dir() -> Path:
    override = os.environ.get("HIAP_CONFIG_DIR")
    if override:
        return Path(override).expanduser()  # a quoted '~/hiap' is still the home folder
    from hiap.userdirs import user_dir

    return user_dir("config")


def find(cwd: Path | None = None) -> Path | None:
    explicit = os.environ.get("HIAP_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    here = (cwd or Path.cwd()) / FILE_NAME
    if _is_file(here):
        return here
    home = user_config_dir() / FILE_NAME
    return home if _is_file(home) else None


def _is_file(path: Path) -> bool:
    """A configuration file that is there; one in a folder this user may not read is not."""
    try:
        return path.is_file()
    except OSError:
        return False


def load(path: Path | None = None) -> Config:
    explicit = path is None and bool(os.environ.get("HIAP_CONFIG"))
    path = path or find()
    if path is None:
        return Config()
    if explicit and not os.path.lexists(path):  # anything else there is read, and refused if not a file
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
    config = Config(path=path, lines=key_lines(text))
    try:
        _read(config, data, path)
    except InputError as exc:
        if exc.line is None and exc.field:
            exc.line = config.lines.get(exc.field) or config.lines.get(exc.field.split(".")[0])
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
            for name, table in value.items():
                _plugin_table(config, path, name, table)
            continue
        if key in MOVED:
            _moved_table(config, path, key, value)
            continue
        if key not in _SCHEMA:
            moved = difflib.get_close_matches(key, list(MOVED), n=1, cutoff=0.6)
            hint = (
                f"did you mean [{MOVED[moved[0]]}]?"
                if moved
                else did_you_mean(key, list(_SCHEMA) + ["plugins"]) or "the tables are [council] and [plugins.NAME]"
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
                raise InputError(f"'{sub}' should be text in quotes", file=path, field=f"{key}.{sub}")
            _check_value(path, key, sub, item)
            getattr(config, key)[sub] = item
            config.origins[f"{key}.{sub}"] = str(path)


def _plugin_table(config: Config, path: Path, name: str, table: dict[str, Any]) -> None:
    if name in config.plugins:
        raise InputError(
            f"[plugins.{name}] is set twice (once as [{MOVED_FROM.get(name, name)}])",
            file=path,
            field=f"plugins.{name}",
            hint=f"keep only [plugins.{name}]",
        )
    config.plugins[name] = dict(table)
    config.origins[f"plugins.{name}"] = str(path)
    for key in table:
        config.origins[f"plugins.{name}.{key}"] = str(path)


#: the old table name of each moved plugin table
MOVED_FROM = {new.split(".", 1)[1]: old for old, new in MOVED.items()}


def _moved_table(config: Config, path: Path, key: str, value: Any) -> None:
    """An old table, read as its new name, with a line saying how to update the file."""
    new = MOVED[key]
    name = new.split(".", 1)[1]
    if not isinstance(value, dict):
        raise InputError(f"'{key}' should be a table, [{new}]", file=path, field=key)
    if name in config.plugins:
        raise InputError(
            f"[{key}] and [{new}] are both set", file=path, field=key, hint=f"keep only [{new}] (the new name)"
        )
    for old_key, number in list(config.lines.items()):
        if old_key == key or old_key.startswith(key + "."):
            config.lines.setdefault("plugins." + name + old_key[len(key) :], number)
    _plugin_table(config, path, name, value)
    heading = config.lines.get(key)
    config.notices.append(
        f"{path}{f':{heading}' if heading else ''}: [{key}] is now called [{new}]; rename the table's heading "
        "(its keys stay the same)"
    )


def key_lines(text: str) -> dict[str, int]:
    """The line of each table heading and key in TOML text (``plugins.evidence.assets`` -> 9):
    tomllib keeps no positions, and a message that says where is the difference between a fix
    and a hunt. Good enough for hand-written files; a key it cannot place simply has no line."""
    lines: dict[str, int] = {}
    current = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        heading = re.match(r"^\[+\s*([^\]]+?)\s*\]+", line)
        if heading:
            current = ".".join(part.strip().strip('"').strip("'") for part in heading.group(1).split("."))
            lines.setdefault(current, number)
            continue
        key = re.match(r"^([A-Za-z0-9_\-\.\"' ]+?)\s*=", line)
        if key:
            name = ".".join(part.strip().strip('"').strip("'") for part in key.group(1).split("."))
            lines.setdefault(f"{current}.{name}" if current else name, number)
    return lines


def _check_value(path: Path, table: str, key: str, value: Any) -> None:
    """Mistakes worth catching when the file is read, rather than when a later command trips on them."""
    if key == "area_code" and not _AREA_CODE.match(value):
        raise InputError(
            f"'{value}' is not an ONS area code",
            file=path,
            field=f"{table}.{key}",
            hint='use a code such as "E07000146"',
        )
    if table == "council" and key == "nation" and value not in NATIONS:
        hint = did_you_mean(value.lower(), NATIONS) or f"use one of: {', '.join(NATIONS)}"
        raise InputError(f"'{value}' is not a nation hiap knows", file=path, field=f"{table}.{key}", hint=hint)
