"""The ``hiap`` command line: the parser, the dispatch, and exit codes.

Every heavy import happens inside the command that runs, so ``hiap --version`` and
``hiap render --help`` stay as quick as the interpreter allows. Plugins are loaded here only
when their commands could be wanted: the word typed is not one of hiap's own commands, or it is
``hiap --help``, ``hiap completion`` (the ``register_commands`` hook). Each of hiap's own
commands is named by module and function and imported when it runs; ``hiap.commands`` never
imports this module.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from hiap import __version__
from hiap.commandline import VALUE_OPTIONS, CommandLine, global_options

EPILOG = """\
Start with:  hiap assess            (a guided interview; answers are saved as you go)
Then:        hiap render FILE       (the Word appendix for the committee paper)
Guides:      hiap docs              (the guides, installed with hiap: read them offline)

Exit codes: 0 done; 1 internal error; 2 bad input (the message says which file and what to do);
130 interrupted (answers so far are saved).
Environment: HIAP_PLUGINS, HIAP_DISABLE_PLUGINS, HIAP_STRICT_PLUGINS, HIAP_PLAIN, NO_COLOR.
"""

Adder = Callable[[argparse.ArgumentParser], None]


def _assess(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        nargs="?",
        type=Path,
        help="answers file to create or resume (default: a new file in ./assessments/, named after the decision title)",
    )
    p.add_argument(
        "--no-input", action="store_true", help="never prompt: fail with the list of missing answers instead"
    )
    p.add_argument(
        "--plain",
        action="store_true",
        help="screen-reader mode: numbered choices, no arrow-key lists (or HIAP_PLAIN=1)",
    )
    p.add_argument("--format", default=None, help="document format to write at the end (default: docx)")
    p.add_argument("--template", type=Path, default=None, help="the council's Word template (.docx or .dotx)")
    p.add_argument("--by", default=None, help="your name, for the audit trail")


def _render(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="the answers file (*.hiap.yaml)")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="where to write (default: beside the answers file); '-' writes to standard output",
    )
    p.add_argument(
        "--format",
        default=None,
        help="docx, md, html, pdf or json, or a format a plugin adds (default: as -o's suffix says, else docx)",
    )
    p.add_argument("--template", type=Path, default=None, help="the council's Word template (.docx or .dotx)")
    p.add_argument("--appendix", default=None, metavar="LETTER", help="the appendix letter, e.g. C (default: [X])")


def _check(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="machine-readable output: one record per file")
    p.add_argument(
        "--today", default=None, metavar="DATE", help="the date to judge past dates against (default: today)"
    )


def _json_only(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _plugins(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--all", action="store_true", help="include the built-in core plugin")


def _diff(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", type=Path, help="the earlier answers file")
    p.add_argument("new", type=Path, help="the later answers file")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _outline(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="the answers file (*.hiap.yaml)")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _schema(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "kind",
        choices=("answers", "assessment", "portfolio"),
        help="which format: the answers file, render's JSON output, or portfolio's JSON output",
    )


def _portfolio(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="folders or answers files")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="where to write the report; '-' writes md, html, csv or json to standard output",
    )
    p.add_argument("--format", default=None, help="docx (default), md, html, csv or json")
    p.add_argument("--template", type=Path, default=None, help="the council's Word template (.docx or .dotx)")
    p.add_argument("--db", type=Path, default=None, help="also write a SQLite database")
    p.add_argument("--today", default=None, help="the date to judge overdue actions against (default: today)")


def _review(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="the answers file (*.hiap.yaml) to review")
    p.add_argument("--by", default=None, help="your name and role, for the comments and the audit trail")
    p.add_argument("--plain", action="store_true", help="screen-reader mode: numbered choices (or HIAP_PLAIN=1)")
    scripted = p.add_argument_group("without prompts (for scripts)")
    scripted.add_argument(
        "--comment",
        nargs=2,
        action="append",
        metavar=("ON", "TEXT"),
        help="add a comment on a question id or a section id (repeatable)",
    )
    scripted.add_argument("--resolve", action="append", metavar="ID", help="resolve comment ID, e.g. c2 (repeatable)")
    scripted.add_argument("--return", dest="return_", action="store_true", help="return the draft to the officer")
    scripted.add_argument(
        "--approve", action="store_true", help="approve and sign off (needs --reviewer and --approver)"
    )
    scripted.add_argument("--reviewer", default=None, help="with --approve: who reviewed it (name and role)")
    scripted.add_argument("--approver", default=None, help="with --approve: who approved it (name and role)")
    scripted.add_argument("--list", action="store_true", help="print the comments and the status, and change nothing")


def _revise(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="the signed-off answers file to revise")
    p.add_argument("--reason", default=None, help="why the assessment is being revised (asked for if not given)")
    p.add_argument("--by", default=None, help="your name, for the audit trail")
    p.add_argument(
        "-o", "--output", type=Path, default=None, help="the new version's file (default: beside it, named NAME-v2)"
    )
    p.add_argument(
        "--no-input", action="store_true", help="only create the new version's file; change it later with hiap assess"
    )
    p.add_argument("--plain", action="store_true", help="screen-reader mode: numbered choices (or HIAP_PLAIN=1)")


def _upgrade(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="the answers file (*.hiap.yaml)")
    p.add_argument("--dry-run", action="store_true", help="say what would change, and write nothing")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--by", default=None, help="your name, for the audit trail")


def _monitor(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="folders or answers files")
    p.add_argument("--as-of", default=None, metavar="DATE", help="the date to judge against (default: today)")
    p.add_argument("--json", action="store_true", help="a list of objects, one per action, review and indicator")
    p.add_argument(
        "--status",
        default=None,
        metavar="LIST",
        help="only these statuses, comma-separated: overdue, due_soon, open, done",
    )


def _progress(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="the answers file (*.hiap.yaml)")
    p.add_argument("item", nargs="?", choices=("action", "review", "indicator"), help="what to record progress on")
    p.add_argument("which", nargs="?", default="", help="its number, or words from it (not for the review)")
    p.add_argument("--done", action="store_true", help="it is done (the date defaults to today)")
    p.add_argument("--not-done", action="store_true", help="it is not done after all")
    p.add_argument("--date", default=None, help="when it was done, or the date of the reading")
    p.add_argument("--note", default=None, help="what was done, or why not yet")
    p.add_argument("--value", default=None, help="an indicator's reading, e.g. '23.4%%'")
    p.add_argument("--by", default=None, help="your name, for the audit trail")
    p.add_argument("--as-of", default=None, metavar="DATE", help="with no item: the date to judge against")


def _docs(p: argparse.ArgumentParser) -> None:
    p.add_argument("guide", nargs="?", default=None, help="the guide to print, e.g. configuration (default: list them)")
    p.add_argument("--path", action="store_true", help="print where the guide's file is instead of its text")


def _completion(p: argparse.ArgumentParser) -> None:
    p.add_argument("shell", choices=("bash", "zsh", "powershell"), help="the shell to complete in")


def _plugin(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="plugin_command", metavar="ACTION", required=True)
    new = actions.add_parser(
        "new",
        allow_abbrev=False,
        help="scaffold a sector plugin package in ./hiap-NAME/",
        description="Write a plugin package that installs with pip, is listed by 'hiap plugins' "
        "and passes its own tests as generated.",
    )
    global_options(new, top_level=False)
    new.add_argument("name", metavar="NAME", help="the plugin's name and id namespace, e.g. 'libraries'")
    new.add_argument("--dir", type=Path, default=Path("."), help="folder to create it in (default: here)")


#: hiap's own commands: name -> (handler as "module:function", one-line help, description, arguments)
CORE_COMMANDS: dict[str, tuple[str, str, str, Adder | None]] = {
    "assess": (
        "hiap.commands.assess:cmd_assess",
        "guided interview: create or resume an answers file",
        "Ask the questions that apply, save after every answer, and write the document at the end.",
        _assess,
    ),
    "render": (
        "hiap.commands.render:cmd_render",
        "turn an answers file into a document",
        "Write the assessment as a Word appendix (default), a web page, PDF, Markdown or JSON, from the answers file alone.",
        _render,
    ),
    "check": (
        "hiap.commands.check:cmd_check",
        "validate answers files, checklists and Word documents",
        "Check answers files and checklist YAML (and the accessibility of .docx files); "
        "prints one line per problem and exits 2 if any file has one. Files are only read.",
        _check,
    ),
    "checklists": (
        "hiap.commands.listing:cmd_checklists",
        "list the checklists, sections and questions available",
        "List every checklist in use (hiap's own and the plugins'), its sections and questions, "
        "and where each comes from.",
        _json_only,
    ),
    "plugins": (
        "hiap.commands.listing:cmd_plugins",
        "list installed plugins, their commands, and any that failed to load",
        "List the installed plugins: version, status, the hooks each implements and the commands "
        "each adds, and why any failed or is switched off.",
        _plugins,
    ),
    "plugin": (
        "hiap.commands.plugin_new:cmd_plugin",
        "tools for plugin authors: 'hiap plugin new NAME'",
        "Tools for plugin authors. 'hiap plugin new NAME' writes a sector plugin package to start from.",
        _plugin,
    ),
    "outline": (
        "hiap.commands.outline:cmd_outline",
        "the route from here: sections, answers given and still to give, minutes",
        "Count the questions that apply to an answers file given the answers so far, as answers (one per "
        "field of a row and per item of a list), with those a later answer may still bring in.",
        _outline,
    ),
    "schema": (
        "hiap.commands.schema:cmd_schema",
        "print the JSON Schema of the answers file or of the JSON output",
        "Print JSON Schema (draft 2020-12) for the answers file ('answers') or for what "
        "'hiap render --format json' writes ('assessment'), generated from the models hiap uses, "
        "with the format version. docs/answers_format.md explains both.",
        _schema,
    ),
    "diff": (
        "hiap.commands.diff:cmd_diff",
        "what changed between two versions of an assessment, in words",
        "Compare two answers files: answers, ratings, conclusion and actions.",
        _diff,
    ),
    "review": (
        "hiap.commands.review:cmd_review",
        "review a draft: comment, return it to the officer, or approve and sign off",
        "Read the assessment section by section, comment on questions or sections, and return the draft "
        "to the officer or approve it. The officer sees open comments when they resume with 'hiap assess'.",
        _review,
    ),
    "revise": (
        "hiap.commands.revise:cmd_revise",
        "start a new version of a signed-off assessment (the signed-off file is kept as it is)",
        "Start version 2 (3, ...) of a signed-off assessment as a new file beside it, linked to it, with "
        "who revises it, when and why; then ask the answers you choose to change, and what they bring in.",
        _revise,
    ),
    "upgrade": (
        "hiap.commands.upgrade:cmd_upgrade",
        "carry an answers file to the checklists installed now, saying what changed",
        "Carry every answer that still fits to the installed checklists, keep and list those that do not, "
        "and say which questions now apply; 'hiap assess' then asks only what is new.",
        _upgrade,
    ),
    "monitor": (
        "hiap.commands.monitor:cmd_monitor",
        "actions, review dates and indicators across assessments: overdue, due soon, open, done",
        "Read every answers file under the paths and list what each promised (actions with owners and due "
        "dates, the review date, monitoring indicators) with its status on a date.",
        _monitor,
    ),
    "progress": (
        "hiap.commands.progress:cmd_progress",
        "record progress on an action, an indicator or the review (never needs a new sign-off)",
        "List what an assessment promised, or record progress on one item: done, when, a note, a reading. "
        "Progress goes into the audit trail and never reopens a signed-off assessment.",
        _progress,
    ),
    "portfolio": (
        "hiap.commands.portfolio:cmd_portfolio",
        "summarise every assessment under the paths for the board",
        "Read every answers file under the paths (recursively) and report across decisions.",
        _portfolio,
    ),
    "config": (
        "hiap.commands.config_cmd:cmd_config",
        "show the configuration in force and where it came from",
        "Show the hiap.toml in force, every value in it and the file each came from, or where hiap looked.",
        _json_only,
    ),
    "docs": (
        "hiap.commands.docs:cmd_docs",
        "read the guides installed with hiap, offline",
        "List the guides installed with hiap (configuration, local evidence, writing and testing "
        "plugins, the checklist format), or print one.",
        _docs,
    ),
    "completion": (
        "hiap.commands.completion:cmd_completion",
        "print a shell completion script (bash, zsh or powershell)",
        "Print a script that completes hiap's commands, options and file names as you press Tab. "
        "bash: add 'eval \"$(hiap completion bash)\"' to ~/.bashrc; zsh: "
        "'eval \"$(hiap completion zsh)\"' in ~/.zshrc; PowerShell: "
        "'hiap completion powershell | Out-String | Invoke-Expression' in $PROFILE.",
        _completion,
    ),
}
#: hiap's own commands that need plugins' commands too
WANTS_PLUGIN_COMMANDS = {"completion"}


def build_parser(cli: CommandLine | None = None) -> argparse.ArgumentParser:
    """hiap's own commands, then (given a ``CommandLine`` to fill) the plugins' commands."""
    parser = argparse.ArgumentParser(
        prog="hiap",
        description="Assess a council decision's effect on health and health inequalities across the eight "
        "Marmot principles, and write the Word appendix for the committee paper.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"hiap {__version__}")
    global_options(parser, top_level=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (handler, help_text, description, add) in CORE_COMMANDS.items():
        p = sub.add_parser(
            name,
            help=help_text,
            description=description,
            allow_abbrev=False,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if name != "plugin":
            global_options(p, top_level=False)
        if add is not None:
            add(p)
        p.set_defaults(_handler=handler)
    if cli is not None:
        cli.subparsers = sub
        cli.taken |= set(CORE_COMMANDS)
    return parser


def command_word(argv: Sequence[str]) -> str | None:
    """The subcommand typed: the first word that is neither an option nor a global option's value."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg == "--":
            return None
        if arg.startswith("-"):
            skip = arg in VALUE_OPTIONS
            continue
        return arg
    return None


def _early_options(argv: Sequence[str]) -> argparse.Namespace:
    """The global options, wherever they are, before the full parser exists (it depends on them)."""
    early = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    global_options(early, top_level=True)
    options, _ = early.parse_known_args(list(argv))
    return options


def _load_plugins(argv: Sequence[str]) -> Any:
    """The plugins this run would load, chosen by the global options typed, without hiap's own
    engine (only their commands are wanted here). A plugin's command opens the engine itself,
    which loads them again from the modules already imported: a fresh host, in the same order
    as every other command's, so the same file always gives the same document."""
    from hiap.plugins import build

    options = _early_options(argv)
    return build(
        only=options.plugins,
        disabled=options.disable_plugin,
        strict=options.strict_plugins,
        debug=options.debug,
        core=False,
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        code = _main(argv)
    except SystemExit:  # argparse's --help and usage errors
        failed = _flush()
        if failed is not None:
            return failed
        raise
    failed = _flush()
    return code if failed is None else failed


def _flush() -> int | None:
    """Write out what is still buffered, so that a full disk does not pass for success after the
    command has ended; the exit code to return instead, if it failed."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()
    except OSError as exc:
        return _exit_code(exc, False, None)
    return None


def _main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _safe_streams()
    word = command_word(argv)
    if word is None and "--version" in argv and not {"-h", "--help"} & set(argv):
        print(f"hiap {__version__}")  # before the parser is built: nothing else is needed
        return 0
    debug = "--debug" in argv or os.environ.get("HIAP_DEBUG", "") not in ("", "0")
    host: Any = None
    cli: CommandLine | None = None
    plugin_command = None
    try:
        wants_plugins = word in WANTS_PLUGIN_COMMANDS or (
            word not in CORE_COMMANDS and not (word is None and "--version" in argv)
        )
        if wants_plugins:
            host, cli = _load_plugins(argv), CommandLine()
        parser = build_parser(cli)
        if cli is not None:
            from hiap.commandline import HOOK, plugin_commands
            from hiap.plugins import print_problems

            plugin_commands(host, cli)
            # only the commands' problems: a plugin that failed to load is reported by the command
            # that opens the engine ('hiap plugins' says why), not twice
            host.problems = [p for p in host.problems if p.hook == HOOK]
            print_problems(host)
        if word is not None and word not in CORE_COMMANDS and (cli is None or word not in cli.commands):
            from hiap.console import error

            error(_unknown_command(word, cli, host))
            return 2
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 0
        args._hiap_parser = parser
        args._hiap_commands = cli
        if getattr(args, "_plugin_command", None) and cli is not None:
            plugin_command = cli.commands[args._plugin_command]
            return int(plugin_command.run(args) or 0)
        return int(_handler(args._handler)(args) or 0)
    except BaseException as exc:  # noqa: BLE001 - every way out gets its exit code here
        if isinstance(exc, SystemExit):
            raise
        return _exit_code(exc, debug, plugin_command)


def _handler(reference: str) -> Callable[[argparse.Namespace], int | None]:
    import importlib

    module, _, function = reference.partition(":")
    handler: Callable[[argparse.Namespace], int | None] = getattr(importlib.import_module(module), function)
    return handler


def _unknown_command(word: str, cli: CommandLine | None, host: Any) -> str:
    from hiap.errors import did_you_mean

    names = list(CORE_COMMANDS) + (list(cli.commands) if cli else [])
    hint = did_you_mean(word, names) or "run 'hiap --help' for the list"
    message = f"unknown command '{word}'; {hint}"
    off = sorted(n for n, r in (host.records.items() if host else []) if r.status == "disabled")
    if off:
        message += f" (plugins switched off now, with their commands: {', '.join(off)})"
    return message


#: errors in writing standard output that are the machine's state, not hiap's fault
_OUTPUT_ERRORS = {
    errno.ENOSPC: "no space left on the disk",
    errno.EDQUOT: "the disk quota is used up",
    errno.EBADF: "standard output is closed",
}
_OUTPUT_FIX = "free some space, or write to a file with -o where the command has it"


def _exit_code(exc: BaseException, debug: bool, plugin_command: Any) -> int:
    from hiap.console import error, resume_command
    from hiap.errors import ExitCode, HiapError, InputError, Interrupted

    if isinstance(exc, Interrupted):
        if exc.path is not None:
            print(
                f"\nSaved: every answer you confirmed is in the file. Resume with: {resume_command(exc.path)}",
                file=sys.stderr,
            )
        return int(ExitCode.INTERRUPTED)
    if isinstance(exc, KeyboardInterrupt):
        print("\nInterrupted.", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    if isinstance(exc, BrokenPipeError):
        _quiet_broken_pipe()
        return 0
    if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRORS:
        # hiap's own files are written through safeio, which names them; what reaches here
        # unnamed is standard output: a full disk or quota is the user's to fix, not a bug
        error(f"could not write the output ({_OUTPUT_ERRORS[exc.errno]}); {_OUTPUT_FIX}")
        if debug:
            import traceback

            traceback.print_exception(exc)
        return int(ExitCode.BAD_INPUT)
    if debug:
        import traceback

        traceback.print_exception(exc)
    if isinstance(exc, InputError):
        error(exc.format())
        return int(ExitCode.BAD_INPUT)
    if isinstance(exc, HiapError):
        error(str(exc))
        return int(exc.exit_code)
    if not isinstance(exc, Exception):
        raise exc
    if plugin_command is not None:
        error(
            f"the '{plugin_command.name}' command (from plugin '{plugin_command.plugin}') failed: "
            f"{type(exc).__name__}: {exc}. This is a bug in that plugin; run again with --debug for the "
            "details and report it to its authors."
        )
        return int(ExitCode.BUG)
    error(
        f"internal error: {type(exc).__name__}: {exc}. This is a bug in hiap; run again with --debug "
        "for the details and report it."
    )
    return int(ExitCode.BUG)


def _safe_streams() -> None:
    """Never fail on a character the console cannot show (a Windows code page): text sent to a
    file or a pipe is UTF-8; a terminal that cannot show a character gets a '?' instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if reconfigure is None or encoding in ("utf8", "utf8sig"):
            continue
        try:
            reconfigure(errors="replace") if stream.isatty() else reconfigure(encoding="utf-8", errors="replace")
        except (OSError, ValueError):  # a closed or detached stream: nothing to protect
            continue


def _quiet_broken_pipe() -> None:
    """The reader went away (``hiap checklists | head``): stop quietly, without Python's own
    'Exception ignored' line when it flushes stdout at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
