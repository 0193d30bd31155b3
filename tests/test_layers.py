"""Data flows one way: checklist -> interview -> answers -> assessment -> renderers.

A stage may import the models and the stages to its left, never those to its right, and the
assessment and renderers never touch the terminal. Checked over the source, so it cannot drift.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent / "hiap"

#: package -> packages it must never import
FORBIDDEN: dict[str, set[str]] = {
    "hiap.models": {
        "hiap.checklist",
        "hiap.interview",
        "hiap.answers",
        "hiap.assessment",
        "hiap.render",
        "hiap.commands",
        "hiap.cli",
        "hiap.pipeline",
        "questionary",
        "prompt_toolkit",
        "docx",
    },
    "hiap.checklist": {
        "hiap.interview",
        "hiap.answers",
        "hiap.assessment",
        "hiap.render",
        "hiap.commands",
        "hiap.cli",
        "questionary",
        "prompt_toolkit",
        "docx",
    },
    "hiap.answers": {
        "hiap.interview",
        "hiap.assessment",
        "hiap.render",
        "hiap.commands",
        "questionary",
        "prompt_toolkit",
        "docx",
    },
    "hiap.assessment": {"hiap.interview", "hiap.render", "hiap.commands", "hiap.cli", "questionary", "prompt_toolkit"},
    "hiap.render": {"hiap.interview", "hiap.commands", "hiap.cli", "questionary", "prompt_toolkit"},
    "hiap.interview.engine": {"questionary", "prompt_toolkit", "rich", "docx", "hiap.render"},
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


@pytest.mark.parametrize("path", sorted(ROOT.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_import_against_the_flow(path: Path) -> None:
    module = _module(path)
    for package, banned in FORBIDDEN.items():
        if module == package or module.startswith(package + "."):
            for name in _imports(path):
                for bad in banned:
                    assert not (name == bad or name.startswith(bad + ".")), f"{module} imports {name}"
