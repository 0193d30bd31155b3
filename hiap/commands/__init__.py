"""One module per command; each is imported only when its command runs."""

from __future__ import annotations

import importlib
from typing import Any

_MODULES = {
    "assess": "hiap.commands.assess",
    "render": "hiap.commands.render",
    "check": "hiap.commands.check",
    "checklists": "hiap.commands.listing",
    "plugins": "hiap.commands.listing",
    "config": "hiap.commands.config_cmd",
    "plugin": "hiap.commands.plugin_new",
    "evidence": "hiap.commands.evidence",
    "diff": "hiap.commands.diff",
    "portfolio": "hiap.commands.portfolio",
    "outline": "hiap.commands.outline",
}


def __getattr__(name: str) -> Any:
    if name.startswith("cmd_") and name[4:] in _MODULES:
        module = importlib.import_module(_MODULES[name[4:]])
        return getattr(module, name)
    raise AttributeError(name)
