"""hiap's own commands, one module each, imported only when its command runs.

What commands share lives here: ``engine_from`` (settings, plugins and checklists for this run,
honouring the global options) and ``record_event``. The command line (``hiap.cli``) names each
command's handler by module and function, so this package never imports the CLI, nor the CLI
this package's command modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hiap.models.answers import AnswersFile
    from hiap.pipeline import Engine


def engine_from(args: Any = None, *, interactive: bool = False) -> Engine:
    """The engine for a command: the global options in ``args`` (``--plugins``,
    ``--disable-plugin``, ``--strict-plugins``, ``--debug``) choose the plugins. Configuration
    notices and plugin failures are printed on stderr, one line each."""
    from hiap.console import warn
    from hiap.pipeline import open_engine
    from hiap.plugins import print_problems

    engine = open_engine(
        only=getattr(args, "plugins", None),
        disabled=getattr(args, "disable_plugin", None),
        strict=getattr(args, "strict_plugins", None),
        debug=bool(getattr(args, "debug", False)),
        interactive=interactive,
    )
    for notice in engine.config.notices:
        warn(notice)
    print_problems(engine.host)
    return engine


def record_event(
    answers: AnswersFile, engine: Engine, event: str, note: str | None = None, by: str | None = None
) -> str:
    """Add an entry to the answers file's audit trail, with the versions of hiap and the plugins
    in use; returns its time stamp. ``event`` is one of the kinds the answers format knows."""
    from hiap import __version__
    from hiap.answers.answers_file import now
    from hiap.models.answers import Event

    stamp = now()
    versions = {"hiap": __version__, **engine.host.ok_plugins()}
    answers.events.append(
        Event.model_validate({"at": stamp, "event": event, "by": by, "note": note, "versions": versions})
    )
    return stamp


def show(text: str, **kwargs: Any) -> None:
    """Print text that may hold what a file says (a title, an action, a comment), with control
    and escape sequences shown rather than acted on by the terminal."""
    from hiap.textsafe import for_terminal

    print(for_terminal(text), **kwargs)


def install_hint(*packages: str) -> str:
    """The command that installs packages where this very hiap runs: pip in this interpreter
    (true for a venv, pipx or a system install), or uv for a uv tool environment, which has no pip."""
    import importlib.util
    import sys

    from hiap.console import quote

    words = " ".join(quote(p) for p in packages)
    if importlib.util.find_spec("pip") is None:
        return f"uv pip install --python {quote(sys.executable)} {words}"
    return f"{quote(sys.executable)} -m pip install {words}"


#: other endings people give these formats' files
SUFFIX_ALIASES = {".htm": "html", ".markdown": "md"}


def format_named_by(output: Any, suffixes: dict[str, str]) -> str | None:
    """The format whose file ending ``output`` has (``-o appendix.html``), from ``suffixes``
    (format name -> ending), or None; for ``hiap render`` and ``hiap portfolio`` alike."""
    if output is None or is_stdout(output):
        return None
    by_suffix = {**SUFFIX_ALIASES, **{suffix.lower(): name for name, suffix in suffixes.items()}}
    return by_suffix.get(output.suffix.lower())


def is_stdout(path: Any) -> bool:
    """``-o -``: the document goes to standard output."""
    return path is not None and str(path) == "-"


def write_stdout(suffix: str, write: Any) -> None:
    """Write a document to standard output: ``write(path)`` renders it into a temporary file,
    whose bytes are then copied out. A document that is not text (a Word file) is refused on a
    terminal, where it would only garble the screen."""
    import sys
    import tempfile
    from pathlib import Path

    from hiap.errors import InputError

    with tempfile.TemporaryDirectory(prefix="hiap-") as folder:
        path = Path(folder) / f"document{suffix}"
        write(path)
        data = path.read_bytes()
    if sys.stdout.isatty():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(
                f"a {suffix} document is not text, so it cannot be shown in the terminal",
                field="-o",
                hint=f"send it to a file (-o - > document{suffix}) or choose --format md",
            ) from None
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
