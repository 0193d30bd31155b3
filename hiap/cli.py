"""The ``hiap`` command. Every heavy import happens inside the command that needs it, so
``hiap --help`` and ``hiap --version`` stay as quick as the interpreter allows.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hiap import __version__

EPILOG = """\
Start with:  hiap assess            (a guided interview; answers are saved as you go)
Then:        hiap render FILE       (the Word appendix for the committee paper)

Exit codes: 0 done; 1 internal error; 2 bad input (the message says which file and what to do);
130 interrupted (answers so far are saved).
Environment: HIAP_PLUGINS, HIAP_DISABLE_PLUGINS, HIAP_STRICT_PLUGINS, HIAP_PLAIN, NO_COLOR.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hiap",
        description="Assess a council decision's effect on health and health inequalities across the eight "
        "Marmot principles, and write the Word appendix for the committee paper.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"hiap {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show tracebacks and plugin details")
    common.add_argument(
        "--plugins",
        metavar="NAMES",
        default=None,
        help="load only these plugins (comma-separated; '' for none); or set HIAP_PLUGINS",
    )
    common.add_argument(
        "--disable-plugin",
        metavar="NAMES",
        default=None,
        dest="disable_plugin",
        help="switch these plugins off (comma-separated); or set HIAP_DISABLE_PLUGINS",
    )
    common.add_argument(
        "--strict-plugins",
        action="store_true",
        default=None,
        dest="strict_plugins",
        help="treat any plugin failure as an error (exit 2), for CI; or set HIAP_STRICT_PLUGINS=1",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "assess",
        parents=[common],
        help="guided interview: create or resume an answers file",
        description="Ask the questions that apply, save after every answer, and write the document at the end.",
    )
    p.add_argument(
        "file", nargs="?", type=Path, help="answers file to create or resume (default: named after the decision title)"
    )
    p.add_argument(
        "--no-input", action="store_true", help="never prompt: fail with the list of missing answers instead"
    )
    p.add_argument(
        "--plain",
        action="store_true",
        help="screen-reader mode: numbered choices, no arrow-key lists (or HIAP_PLAIN=1)",
    )
    p.add_argument("--format", choices=None, default=None, help="document format to write at the end (default: docx)")
    p.add_argument("--template", type=Path, default=None, help="the council's Word template (.docx or .dotx)")
    p.add_argument("--by", default=None, help="your name, for the audit trail")

    p = sub.add_parser(
        "render",
        parents=[common],
        help="turn an answers file into a document",
        description="Write the assessment as a Word appendix (default), Markdown or JSON.",
    )
    p.add_argument("file", type=Path, help="the answers file (*.hiap.yaml)")
    p.add_argument("-o", "--output", type=Path, default=None, help="where to write (default: beside the answers file)")
    p.add_argument("--format", default=None, help="docx (default), md or json, or a format a plugin adds")
    p.add_argument("--template", type=Path, default=None, help="the council's Word template (.docx or .dotx)")
    p.add_argument("--appendix", default=None, metavar="LETTER", help="the appendix letter, e.g. C (default: [X])")

    p = sub.add_parser(
        "check",
        parents=[common],
        help="validate answers files, checklists and Word documents",
        description="Check answers files and checklist YAML (and the accessibility of .docx files); "
        "prints one line per problem.",
    )
    p.add_argument("files", nargs="+", type=Path)

    p = sub.add_parser("checklists", parents=[common], help="list the checklists, sections and questions available")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("plugins", parents=[common], help="list installed plugins and any that failed to load")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--all", action="store_true", help="include the built-in core plugin")

    p = sub.add_parser("plugin", help="tools for plugin authors: 'hiap plugin new NAME'")
    plugin_sub = p.add_subparsers(dest="plugin_command", metavar="ACTION", required=True)
    q = plugin_sub.add_parser(
        "new",
        help="scaffold a sector plugin package in ./hiap-NAME/",
        description="Write a plugin package that installs with pip, is listed by 'hiap plugins' "
        "and passes its own tests as generated.",
    )
    q.add_argument("name", metavar="NAME", help="the plugin's name and id namespace, e.g. 'libraries'")
    q.add_argument("--dir", type=Path, default=Path("."), help="folder to create it in (default: here)")

    p = sub.add_parser(
        "evidence",
        parents=[common],
        help="refresh the local-evidence snapshot in an answers file",
        description="Read the configured indicator and asset files again, store the figures for this "
        "decision in the answers file, and say what changed.",
    )
    p.add_argument("file", type=Path, help="the answers file (*.hiap.yaml)")

    p = sub.add_parser(
        "diff",
        parents=[common],
        help="what changed between two versions of an assessment, in words",
        description="Compare two answers files: answers, ratings, conclusion and actions.",
    )
    p.add_argument("old", type=Path)
    p.add_argument("new", type=Path)
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser(
        "portfolio",
        parents=[common],
        help="summarise every assessment under the paths for the board",
        description="Read every answers file under the paths (recursively) and report across decisions.",
    )
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("-o", "--output", type=Path, default=None, help="where to write the report")
    p.add_argument("--format", default=None, help="docx (default), md or csv")
    p.add_argument("--db", type=Path, default=None, help="also write a SQLite database")
    p.add_argument("--today", default=None, help="the date to judge overdue actions against (default: today)")

    p = sub.add_parser(
        "outline",
        parents=[common],
        help="the route from here: sections, answers given and still to give, minutes",
        description="Count the questions that apply to an answers file given the answers so far, as answers "
        "(one per field of a row and per item of a list), with those a later answer may still bring in.",
    )
    p.add_argument("file", type=Path, help="the answers file (*.hiap.yaml)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("config", parents=[common], help="show the configuration in force and where it came from")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    debug = bool(getattr(args, "debug", False)) or os.environ.get("HIAP_DEBUG", "") not in ("", "0")
    from hiap.console import error
    from hiap.errors import ExitCode, HiapError, InputError, Interrupted

    try:
        from hiap import commands

        handler = getattr(commands, "cmd_" + args.command.replace("-", "_"))
        return int(handler(args))
    except Interrupted as exc:
        if exc.path is not None:
            print(
                f"\nSaved: every answer you confirmed is in the file. Resume with: hiap assess {_quote(exc.path)}",
                file=sys.stderr,
            )
        return int(ExitCode.INTERRUPTED)
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except InputError as exc:
        if debug:
            import traceback

            traceback.print_exc()
        error(exc.format())
        return int(ExitCode.BAD_INPUT)
    except HiapError as exc:
        if debug:
            import traceback

            traceback.print_exc()
        error(str(exc))
        return int(exc.exit_code)
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug, said plainly
        if debug:
            import traceback

            traceback.print_exc()
        error(
            f"internal error: {type(exc).__name__}: {exc}. This is a bug in hiap; run again with --debug "
            "for the details and report it."
        )
        return int(ExitCode.BUG)


def _quote(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def engine_from(args: Any, *, interactive: bool = False) -> Any:
    from hiap.pipeline import open_engine
    from hiap.plugins import print_problems

    engine = open_engine(
        only=getattr(args, "plugins", None),
        disabled=getattr(args, "disable_plugin", None),
        strict=getattr(args, "strict_plugins", None),
        debug=getattr(args, "debug", False),
        interactive=interactive,
    )
    print_problems(engine.host)
    return engine
