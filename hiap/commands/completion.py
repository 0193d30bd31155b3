"""``hiap completion SHELL``: a completion script for bash, zsh or PowerShell.

Generated from the command line's own parser (plugins' commands included), so it never drifts
from the commands it completes. A static script rather than a library such as argcomplete:
nothing more to install on a council laptop, no Python start-up on every Tab press (slow on
Windows), and PowerShell completed natively. Completes commands, options, the values of
options that have a fixed set (``--format``, the shells, the guides) and file names elsewhere.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import Any

from hiap import __version__
from hiap.commandline import VALUE_OPTIONS


@dataclass
class Spec:
    """What can follow within one command: its options, the fixed values of some options, and
    the fixed words its positional arguments take (an empty list means file names)."""

    options: list[str] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _spec(parser: argparse.ArgumentParser, extra_words: list[str] | None = None) -> Spec:
    spec = Spec(words=list(extra_words or []))
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            spec.words.extend(action.choices)
        elif action.option_strings:
            spec.options.extend(
                o for o in action.option_strings if o.startswith("--") or len(action.option_strings) == 1
            )
            if action.nargs != 0 and action.choices:
                for option in action.option_strings:
                    spec.values[option] = [str(c) for c in action.choices]
        elif action.choices:
            spec.words.extend(str(c) for c in action.choices)
    return spec


def specs(parser: argparse.ArgumentParser) -> dict[str, Spec]:
    """'' for the top level, then one per command (``plugin new`` as ``plugin``'s action)."""
    from hiap.commands.docs import guides

    out = {"": _spec(parser)}
    for name, sub in _subparsers(parser).items():
        out[name] = _spec(sub, list(guides()) if name == "docs" else None)
    return out


def _words(items: list[str]) -> str:
    return " ".join(sorted(dict.fromkeys(items)))


def bash(table: dict[str, Spec], *, zsh: bool = False) -> str:
    cases = []
    for name, spec in table.items():
        values = "".join(
            f'                {option}) COMPREPLY=($(compgen -W "{_words(choices)}" -- "$cur")); return;;\n'
            for option, choices in spec.values.items()
        )
        cases.append(
            f'        "{name}")\n'
            f'            case "$prev" in\n{values}'
            f"                {'|'.join(VALUE_OPTIONS)}) COMPREPLY=(); return;;\n"
            f"            esac\n"
            f'            opts="{_words(spec.options)}"; words="{_words(spec.words)}";;\n'
        )
    register = (
        "complete -o default -F _hiap_complete hiap"
        if zsh
        else "complete -o filenames -o bashdefault -o default -F _hiap_complete hiap"
    )
    head = (
        "(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }\n"
        "autoload -U +X bashcompinit && bashcompinit\n"
        if zsh
        else ""
    )
    return f"""# hiap {__version__} completion for {"zsh" if zsh else "bash"}: eval "$(hiap completion {"zsh" if zsh else "bash"})"
{head}_hiap_complete() {{
    local cur prev cmd word i opts words
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    cmd=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${{COMP_WORDS[i]}}"
        case "$word" in
            {"|".join(VALUE_OPTIONS)}) ((i++));;
            -*) ;;
            *) cmd="$word"; break;;
        esac
    done
    case "$cmd" in
{"".join(cases)}        *) return;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    elif [[ -n "$words" ]]; then
        COMPREPLY=($(compgen -W "$words" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}}
{register}
"""


def powershell(table: dict[str, Spec]) -> str:
    def array(items: list[str]) -> str:
        return "@(" + ", ".join(f"'{i}'" for i in sorted(dict.fromkeys(items))) + ")"

    entries = []
    for name, spec in table.items():
        values = "; ".join(f"'{option}' = {array(choices)}" for option, choices in spec.values.items())
        entries.append(
            f"    '{name}' = @{{ options = {array(spec.options)}; words = {array(spec.words)}; values = @{{ {values} }} }}"
        )
    return f"""# hiap {__version__} completion for PowerShell: hiap completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName hiap, hiap.exe -ScriptBlock {{
    param($wordToComplete, $commandAst, $cursorPosition)
    $table = @{{
{chr(10).join(entries)}
    }}
    $valueOptions = {array(list(VALUE_OPTIONS))}
    $elements = @($commandAst.CommandElements | ForEach-Object {{ $_.ToString() }})
    if ($wordToComplete -ne '' -and $elements.Count -gt 1) {{ $elements = $elements[0..($elements.Count - 2)] }}
    $cmd = ''
    for ($i = 1; $i -lt $elements.Count; $i++) {{
        $word = $elements[$i]
        if ($valueOptions -contains $word) {{ $i++; continue }}
        if ($word.StartsWith('-')) {{ continue }}
        $cmd = $word; break
    }}
    if (-not $table.ContainsKey($cmd)) {{ return }}
    $spec = $table[$cmd]
    $prev = if ($elements.Count -gt 1) {{ $elements[-1] }} else {{ '' }}
    if ($spec.values.ContainsKey($prev)) {{ $candidates = $spec.values[$prev] }}
    elseif ($valueOptions -contains $prev) {{ return }}
    elseif ($wordToComplete.StartsWith('-')) {{ $candidates = $spec.options }}
    else {{ $candidates = $spec.words }}
    # nothing offered: PowerShell completes file names itself
    $candidates | Where-Object {{ $_ -like "$wordToComplete*" }} | ForEach-Object {{
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }}
}}
"""


def cmd_completion(args: argparse.Namespace) -> int:
    parser: Any = args._hiap_parser  # set by the command line, plugins' commands included
    table = specs(parser)
    script = {
        "bash": lambda: bash(table),
        "zsh": lambda: bash(table, zsh=True),
        "powershell": lambda: powershell(table),
    }
    print(script[args.shell](), end="")
    return 0
