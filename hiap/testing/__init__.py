"""The plugin author's test kit: a pytest plugin, opt-in.

Add ``pytest_plugins = ["hiap.testing"]`` to your ``conftest.py`` and use the ``hiap_kit``
fixture::

    def test_my_questions_count(hiap_kit):
        kit = hiap_kit("housing")                     # a fresh engine with just this plugin
        kit.assert_contract()                          # loads cleanly, ids namespaced, results valid
        a = kit.assess({"housing.temporary_accommodation": "increases"}, sectors=["housing"])
        assert a.principle(4).rating == "negative"
        doc = kit.document({...})                      # the Word document, read back with python-docx

A sector plugin's usual tests are written once, in ``SectorPluginTests``: subclass it and
name the plugin, a question, its adverse and favourable answers, the principle they move, the
mitigation and the document section (see ``hiap.testing.sector``).

Nothing is imported until a test asks for the fixture, so having hiap installed never slows
or changes anyone else's test run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hiap.testing.kit import PluginKit
from hiap.testing.sector import SectorPluginTests


@pytest.fixture
def hiap_kit(tmp_path: Any) -> Callable[..., PluginKit]:
    """``hiap_kit(name)`` loads the installed plugin ``name`` (by its entry point) into a fresh
    manager with the core; ``hiap_kit(name, plugin=obj)`` registers an object directly."""

    def make(name: str, plugin: object | None = None) -> PluginKit:
        return PluginKit(name, plugin=plugin, workdir=tmp_path)

    return make


__all__ = ["PluginKit", "SectorPluginTests", "hiap_kit"]
