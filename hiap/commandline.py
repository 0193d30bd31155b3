"""The pieces of the command line that hiap's own commands and plugins' commands share.

``global_options`` puts ``--debug``, ``--plugins``, ``--disable-plugin`` and
``--strict-plugins`` on a parser, so they work before or after the subcommand. ``CommandLine``
is what the ``register_commands`` hook receives: ``cli.add_command(...)`` adds a subcommand,
stamped with the plugin that added it. Imported on every run, so it imports nothing heavy.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from typing import Any

#: A command name: lower case, digits and hyphens, starting with a letter.
COMMAND_NAME = re.compile(r"^[a-z][a-z0-9-]{0,30}$")
HOOK = "register_commands"


def global_options(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    """The options every command takes. On subcommands their default is 'not given', so a value
    given before the subcommand is not reset by the subcommand's parser."""

    def default(value: Any) -> Any:
        return value if top_level else argparse.SUPPRESS

    group = parser.add_argument_group("global options (before or after the command)")
    group.add_argument(
        "--debug", action="store_true", default=default(False), help="show tracebacks and plugin details"
    )
    group.add_argument(
        "--plugins",
        metavar="NAMES",
        default=default(None),
        help="load only these plugins (comma-separated; '' for none); or set HIAP_PLUGINS",
    )
    group.add_argument(
        "--disable-plugin",
        metavar="NAMES",
        default=default(None),
        dest="disable_plugin",
        help="switch these plugins off (comma-separated); or set HIAP_DISABLE_PLUGINS",
    )
    group.add_argument(
        "--strict-plugins",
        action="store_true",
        default=default(None),
        dest="strict_plugins",
        help="treat any plugin failure as an error (exit 2), for CI; or set HIAP_STRICT_PLUGINS=1",
    )


#: The global options that take a value (to find the command word before parsing).
VALUE_OPTIONS = ("--plugins", "--disable-plugin")


class PluginCommand:
    """One command a plugin added: shown by ``hiap plugins`` and run by the CLI. (Plain classes
    here, not dataclasses: this module loads on every run, and dataclasses costs 7 ms.)"""

    def __init__(
        self,
        name: str,
        plugin: str,
        help: str,
        run: Callable[[argparse.Namespace], int | None],
        parser: argparse.ArgumentParser | None = None,
    ) -> None:
        self.name, self.plugin, self.help, self.run, self.parser = name, plugin, help, run, parser


class CommandLine:
    """Handed to ``register_commands``: ``add_command`` adds a subcommand to ``hiap``.

    ``taken`` holds the names hiap's own commands use; a plugin cannot take one of them, nor a
    name another plugin took first (the later plugin is reported and its other commands kept).
    """

    def __init__(self, subparsers: Any = None) -> None:
        self.subparsers = subparsers
        self.taken: set[str] = set()
        self.commands: dict[str, PluginCommand] = {}
        self.current = ""
        self.problems: list[tuple[str, str]] = []

    def add_command(
        self,
        name: str,
        *,
        help: str,
        run: Callable[[argparse.Namespace], int | None],
        description: str | None = None,
    ) -> argparse.ArgumentParser:
        """Add ``hiap NAME``; returns its parser, for the command's own arguments.

        ``help`` is the one line in ``hiap --help``; ``description`` opens ``hiap NAME --help``
        (default: ``help``). ``run(args)`` is called with the parsed arguments and returns the
        exit code (None for 0); raise ``hiap.api.InputError`` for bad input (exit 2, one line).
        """
        plugin = self.current
        if not isinstance(name, str) or not COMMAND_NAME.match(name):
            raise ValueError(f"'{name}' cannot be a command name: use lower-case letters, digits and hyphens")
        if not callable(run):
            raise TypeError(f"command '{name}': run must be a function taking the parsed arguments")
        if not isinstance(help, str) or not help.strip():
            raise ValueError(f"command '{name}': give a one-line help")
        if name in self.taken:
            owner = self.commands[name].plugin if name in self.commands else "hiap itself"
            self.problems.append((plugin, f"command '{name}' is already added by {owner}; this one is left out"))
            return argparse.ArgumentParser(prog=f"hiap {name}", add_help=False)  # somewhere harmless
        self.taken.add(name)
        if self.subparsers is not None:
            parser = self.subparsers.add_parser(
                name,
                help=f"{help} (from plugin '{plugin}')",
                description=description or help,
                formatter_class=argparse.RawDescriptionHelpFormatter,
            )
            global_options(parser, top_level=False)
        else:
            parser = argparse.ArgumentParser(prog=f"hiap {name}", description=description or help)
        parser.set_defaults(_plugin_command=name)
        self.commands[name] = PluginCommand(name=name, plugin=plugin, help=help, run=run, parser=parser)
        return parser


def plugin_commands(host: Any, cli: CommandLine | None = None) -> CommandLine:
    """Call every plugin's ``register_commands`` one plugin at a time, in pluggy's order, each
    guarded: a plugin that raises or returns something is reported and the others carry on."""
    cli = cli if cli is not None else CommandLine()
    caller = getattr(host.pm.hook, HOOK)
    for impl in reversed(caller.get_hookimpls()):
        cli.current = impl.plugin_name
        kwargs = {"cli": cli}
        try:
            value = impl.function(**{name: kwargs[name] for name in impl.argnames if name in kwargs})
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # noqa: BLE001 - isolate the plugin
            from hiap.errors import PluginError

            if isinstance(exc, PluginError):
                raise
            host.report(impl.plugin_name, HOOK, exc)
            continue
        if value is not None:
            host.report(
                impl.plugin_name,
                HOOK,
                f"returned the wrong shape (expected None: add commands with cli.add_command), got {type(value).__name__}",
            )
    for plugin, problem in cli.problems:
        host.report(plugin, HOOK, problem)
    cli.problems.clear()
    cli.current = ""
    return cli
