"""hiap local evidence plugin: the council's own figures and services, beside each principle.

Reads the OHID Fingertips CSV exports and the asset register named under ``[plugins.evidence]``
in ``hiap.toml`` and offers them through the ``local_evidence`` hook. That hook runs only in the
interview and in ``hiap evidence`` (a command this plugin adds through ``register_commands``),
whose results are stored in the answers file; rendering reads that snapshot, so a document made
next year shows the figures the decision saw.

A file that cannot be read raises ``InputError`` naming the file and row: hiap reports it
against this plugin, and ``hiap evidence`` stops with exit 2 and leaves the snapshot alone.
It imports only ``hiap.api``, hiap's public API, as any third party's plugin would.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hiap import hookimpl

HIAP_HOOK_API = 1
__version__ = "1.1.0"
NAME = "evidence"
#: The keys of [plugins.evidence] and what each holds.
SETTINGS: dict[str, type] = {"indicators": list, "assets": list, "mapping": str, "comparator": str}
#: An ONS area code: a letter for the nation and eight digits (E07000146, E92000001).
AREA_CODE = re.compile(r"^[EWSNK]\d{8}$")


def read_settings(context: Any) -> Any:
    """``[plugins.evidence]``, checked: known keys of the right type, an ONS comparator, and
    the council's area code wherever indicators are named."""
    settings = context.settings(NAME)
    settings.check_keys(SETTINGS)
    for key in ("indicators", "assets"):
        settings.paths(key, must_exist=False)  # the list's shape; that the files exist is checked on reading
    settings.path("mapping", must_exist=False)
    comparator = settings.get("comparator")
    if comparator is not None and not AREA_CODE.match(comparator):
        raise settings.error("comparator", f"'{comparator}' is not an ONS area code", 'use a code such as "E92000001"')
    if settings.get("indicators") is not None and not context.council.get("area_code"):
        raise settings.error(
            "indicators",
            "indicators need the council's area code to pick its rows from the exports",
            'add area_code = "E07000146" (your ONS code) under [council]',
        )
    return settings


def gather(context: Any, known_groups: set[str]) -> list[Any]:
    """Every figure and service the configured files give, in a stable order."""
    from hiap_evidence.assets import read_assets
    from hiap_evidence.fingertips import ENGLAND, read_indicators
    from hiap_evidence.mapping import load_mapping

    settings = read_settings(context)
    indicators, assets = settings.paths("indicators"), settings.paths("assets")
    if not indicators and not assets:
        return []
    mapping_file = settings.path("mapping")
    mapping = load_mapping(str(mapping_file) if mapping_file else None, known_groups)
    items: list[Any] = []
    if indicators:
        comparator = settings.get("comparator") or ENGLAND
        items.extend(read_indicators(indicators, context.council["area_code"], mapping, comparator=comparator))
    for path in assets:
        items.extend(read_assets(path, mapping, known_groups))
    return items


@hookimpl
def check_settings(context: Any) -> None:
    """A mistake in [plugins.evidence] stops every command (exit 2), as before the table was ours."""
    read_settings(context)


@hookimpl
def local_evidence(catalogue: Any, context: Any) -> list[Any] | None:
    return gather(context, set(catalogue.groups)) or None


@hookimpl
def register_commands(cli: Any) -> None:
    """``hiap evidence FILE``. Only its name and arguments are set here: the code that runs it
    (and the models it needs) is imported when it runs, so ``hiap --help`` stays instant."""
    command = cli.add_command(
        "evidence",
        help="refresh the local-evidence snapshot in an answers file",
        description="Read the indicator and asset files named under [plugins.evidence] in hiap.toml again, "
        "store the figures for this decision in the answers file, and say what changed.",
        run=_run_evidence,
    )
    command.add_argument("file", type=Path, help="the answers file (*.hiap.yaml)")


def _run_evidence(args: Any) -> int:
    from hiap_evidence.command import run

    return run(args)
