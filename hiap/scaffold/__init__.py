"""``hiap plugin new NAME``: a sector plugin package that installs, loads and passes its tests
as generated. Files under ``template/`` use ``__NAME__``, ``__PACKAGE__``, ``__TITLE__``
and ``__TODAY__``."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from hiap.errors import InputError

TEMPLATE = Path(__file__).with_name("template")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{1,30}$")
RESERVED = {"core", "groups", "decision", "screening", "hiap"}


def render(name: str, dest_parent: Path) -> Path:
    """Write ``hiap-NAME/`` under ``dest_parent``; refuse to overwrite anything."""
    if not NAME_RE.match(name):
        raise InputError(
            f"'{name}' cannot be a plugin name",
            field="NAME",
            hint="use 2 to 31 lower-case letters, digits or underscores, starting with a letter, e.g. 'libraries'",
        )
    if name in RESERVED or re.match(r"^p[1-8]$", name):
        raise InputError(f"'{name}' is used by hiap's own checklist", field="NAME", hint="choose another name")
    dist = f"hiap-{name.replace('_', '-')}"  # the folder and the distribution, spelt alike
    dest = dest_parent / dist
    if dest.exists():
        raise InputError("the folder already exists", file=dest, hint="choose another name or remove the folder")
    words = {
        "__DIST__": dist,
        "__NAME__": name,
        "__PACKAGE__": f"hiap_{name}",
        "__TITLE__": name.replace("_", " ").capitalize(),
        "__TODAY__": dt.date.today().isoformat(),
    }
    for source in sorted(TEMPLATE.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        relative = str(source.relative_to(TEMPLATE))
        for token, value in words.items():
            relative = relative.replace(token, value)
        if relative.endswith(".tmpl"):
            relative = relative[: -len(".tmpl")]
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        for token, value in words.items():
            text = text.replace(token, value)
        target.write_text(text, encoding="utf-8")
    return dest
