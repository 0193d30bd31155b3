"""Data flows one way: checklist -> interview -> answers -> assessment -> renderers.

A stage may import the models and the stages to its left, never those to its right, and the
assessment and renderers never touch the terminal. Checked over the source, so it cannot drift.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent / "hiap"

#: The engine's own stages never import its default plugin: the core is shaped like any plugin.
_NOT_DEFAULTS = {"hiap.defaults"}
_TERMINAL = {"questionary", "prompt_toolkit"}

#: package -> packages it must never import
FORBIDDEN: dict[str, set[str]] = {
    "hiap.models": {
        "hiap.checklist",
        "hiap.interview",
        "hiap.answers",
        "hiap.assessment",
        "hiap.render",
        "hiap.portfolio",
        "hiap.commands",
        "hiap.cli",
        "hiap.pipeline",
        "hiap.wording",
        "docx",
        *_NOT_DEFAULTS,
        *_TERMINAL,
    },
    "hiap.checklist": {
        "hiap.interview",
        "hiap.answers",
        "hiap.assessment",
        "hiap.render",
        "hiap.portfolio",
        "hiap.commands",
        "hiap.cli",
        "hiap.pipeline",
        "hiap.wording",
        "docx",
        *_NOT_DEFAULTS,
        *_TERMINAL,
    },
    "hiap.answers": {
        "hiap.interview",
        "hiap.assessment",
        "hiap.render",
        "hiap.portfolio",
        "hiap.commands",
        "hiap.cli",
        "hiap.pipeline",
        "hiap.wording",
        "docx",
        *_NOT_DEFAULTS,
        *_TERMINAL,
    },
    "hiap.wording": {
        "hiap.checklist",
        "hiap.interview",
        "hiap.assessment",
        "hiap.render",
        "hiap.portfolio",
        "hiap.commands",
        "hiap.cli",
        "hiap.pipeline",
        *_NOT_DEFAULTS,
        *_TERMINAL,
    },
    "hiap.assessment": {
        "hiap.interview",
        "hiap.render",
        "hiap.portfolio",
        "hiap.commands",
        "hiap.cli",
        "hiap.pipeline",
        *_NOT_DEFAULTS,
        *_TERMINAL,
    },
    "hiap.interview": {
        "hiap.render",
        "hiap.portfolio",
        "hiap.commands",
        "hiap.cli",
        "hiap.pipeline",
        "docx",
        *_NOT_DEFAULTS,
    },
    "hiap.interview.engine": {"rich", *_TERMINAL},
    "hiap.render": {
        "hiap.interview",
        "hiap.portfolio",
        "hiap.commands",
        "hiap.cli",
        "hiap.pipeline",
        *_NOT_DEFAULTS,
        *_TERMINAL,
    },
    "hiap.portfolio": {"hiap.interview", "hiap.commands", "hiap.cli", *_NOT_DEFAULTS, *_TERMINAL},
    # the conversations of review and revision: the interview's prompts, never the renderers or commands
    "hiap.living": {"hiap.render", "hiap.portfolio", "hiap.commands", "hiap.cli", *_NOT_DEFAULTS},
    "hiap.defaults": {"hiap.interview", "hiap.portfolio", "hiap.commands", "hiap.cli", "hiap.pipeline", *_TERMINAL},
    "hiap.testing": {"hiap.interview", "hiap.commands", "hiap.cli", *_TERMINAL},
    "hiap.plugins": {
        "hiap.interview",
        "hiap.assessment",
        "hiap.render",
        "hiap.portfolio",
        "hiap.commands",
        "hiap.cli",
        *_TERMINAL,
    },
    "hiap.hookcall": {
        "hiap.interview",
        "hiap.assessment",
        "hiap.render",
        "hiap.portfolio",
        "hiap.commands",
        "hiap.cli",
        *_TERMINAL,
    },
    "hiap.pipeline": {"hiap.interview", "hiap.commands", "hiap.cli", *_TERMINAL},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _module(path: Path) -> str:
    return ".".join(("hiap", *path.relative_to(ROOT).with_suffix("").parts)).removesuffix(".__init__")


def test_every_subpackage_has_rules() -> None:
    """A new package or top-level module must say what it may not import."""
    covered = set(FORBIDDEN) | {"hiap", "hiap.__main__", "hiap.cli", "hiap.commands", "hiap.config", "hiap.console"}
    covered |= {"hiap.errors", "hiap.yamlio", "hiap.hookspecs", "hiap.hookspecs_models", "hiap.sector", "hiap.scaffold"}
    covered |= {"hiap.checklists", "hiap.safeio", "hiap.api"}
    for path in ROOT.rglob("*.py"):
        module = _module(path)
        if "scaffold.template" in module:
            continue
        assert any(module == c or module.startswith(c + ".") for c in covered), f"{module} has no layering rule"


@pytest.mark.parametrize("path", sorted(ROOT.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_import_against_the_flow(path: Path) -> None:
    module = _module(path)
    for package, banned in FORBIDDEN.items():
        if module == package or module.startswith(package + "."):
            for name in _imports(path):
                for bad in banned:
                    assert not (name == bad or name.startswith(bad + ".")), f"{module} imports {name}"
