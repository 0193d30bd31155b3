"""Where hiap keeps the user's cache and settings: platformdirs' folders, worked out without it on Linux.

On Linux the rule is the XDG one (``$XDG_CACHE_HOME`` or ``~/.cache``; ``$XDG_CONFIG_HOME`` or
``~/.config``), which is all platformdirs does there; importing it costs about 6 ms of every run,
and ``hiap --help`` needs the cache folder. Elsewhere (Windows, macOS) platformdirs decides.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Literal

_XDG = {"cache": ("XDG_CACHE_HOME", "~/.cache"), "config": ("XDG_CONFIG_HOME", "~/.config")}


def user_dir(kind: Literal["cache", "config"]) -> Path:
    """The folder for ``kind``, with ``hiap`` as its last part."""
    if sys.platform.startswith("linux"):
        variable, default = _XDG[kind]
        return Path(os.environ.get(variable, "").strip() or os.path.expanduser(default)) / "hiap"
    import platformdirs

    if kind == "cache":
        return Path(platformdirs.user_cache_dir("hiap", appauthor=False))
    return Path(platformdirs.user_config_dir("hiap"))
