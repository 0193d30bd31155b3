"""Console output: one place for rich (imported lazily), NO_COLOR, error lines and the resume hint."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

_console: Any = None
_err_console: Any = None


def no_style() -> bool:
    """NO_COLOR (https://no-color.org) or plain mode: no colour, and no bold, dim or other
    terminal styling either, since screen readers and log files get only the codes."""
    return bool(os.environ.get("NO_COLOR")) or plain_mode()


def console(stderr: bool = False) -> Any:
    """A rich Console, made on first use so ``hiap --help`` never imports rich."""
    global _console, _err_console
    from rich.console import Console

    # color_system=None makes rich write no escape codes at all (no_color alone keeps bold and dim)
    styling: dict[str, Any] = {"color_system": None, "no_color": True} if no_style() else {}
    if stderr:
        if _err_console is None:
            _err_console = Console(stderr=True, highlight=False, soft_wrap=True, **styling)
        return _err_console
    if _console is None:
        _console = Console(highlight=False, soft_wrap=False, **styling)
    return _console


def plain_mode() -> bool:
    """Screen-reader friendly output: numbered choices, no redrawing, no colour."""
    return os.environ.get("HIAP_PLAIN", "") not in ("", "0", "false", "no")


def error(message: str) -> None:
    for line in message.splitlines() or [message]:
        print(f"hiap: error: {line}", file=sys.stderr)


def warn(message: str) -> None:
    print(f"hiap: warning: {message}", file=sys.stderr)


def quote(text: str) -> str:
    """A word as the user's shell needs it: POSIX quoting, or double quotes on Windows."""
    if os.name == "nt":
        import subprocess

        return subprocess.list2cmdline([text])
    import shlex

    return shlex.quote(text)


def resume_command(path: Path) -> str:
    """The command that resumes this answers file, as it works where the user is.

    ``HIAP_RESUME_COMMAND`` (``make run`` sets it to ``make run FILE={file}``) wins; otherwise
    ``hiap assess FILE`` when ``hiap`` on the PATH is the one running, else the program exactly
    as it was started (``.venv/bin/hiap``, ``python -m hiap``); ``--plain`` if it was given.
    """
    template = os.environ.get("HIAP_RESUME_COMMAND")
    if template and "{file}" in template:
        return template.replace("{file}", quote(str(path)))
    # a screen-reader user who started in plain mode resumes in it
    plain = " --plain" if "--plain" in sys.argv[1:] else ""
    return f"{hiap_program()} assess {quote(str(path))}{plain}"


def hiap_program() -> str:
    """How to run this hiap again from here: 'hiap' if the PATH finds this very program (or a
    link to it, as pipx and uv make), else the script or interpreter that is running."""
    exe_dir = Path(os.path.abspath(sys.executable)).parent
    started = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    found = shutil.which("hiap")
    if found:
        on_path = Path(os.path.abspath(found))
        if exe_dir in (on_path.parent, on_path.resolve().parent) or (
            started is not None and started.exists() and on_path.resolve() == started.resolve()
        ):
            return "hiap"
    if started is not None and started.stem.lower() == "hiap" and started.exists():
        return quote(str(started))
    python = shutil.which(Path(sys.executable).name)
    same = python is not None and os.path.abspath(python) == os.path.abspath(sys.executable)
    return f"{quote(Path(sys.executable).name if same else sys.executable)} -m hiap"
