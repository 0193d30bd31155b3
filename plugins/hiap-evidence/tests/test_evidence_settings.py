"""[plugins.evidence]: the plugin checks its own table as every command starts, with hiap's
one-line errors (file, line, key, what is wrong, what to do)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hiap.api import InputError

NAME = "evidence"
BAD = [
    (
        '[plugins.evidence]\nindicator = ["a.csv"]\n',
        2,
        "indicator",
        "unknown key 'indicator'; did you mean 'indicators'?",
    ),
    ('[plugins.evidence]\nindicators = "a.csv"\n', 2, "indicators", "'indicators' should be a list of file names"),
    ("[plugins.evidence]\n\nassets = []\n", 3, "assets", "'assets' lists no files"),
    ('[plugins.evidence]\nassets = ["a.csv", "a.csv"]\n', 2, "assets", "'a.csv' is listed twice"),
    ('[plugins.evidence]\nassets = [""]\n', 2, "assets", "'assets' has an empty file name"),
    ("[plugins.evidence]\nassets = [3]\n", 2, "assets", "should be a list of file names in quotes"),
    ('[plugins.evidence]\nmapping = " "\n', 2, "mapping", "'mapping' is empty"),
    ('[plugins.evidence]\ncomparator = "England"\n', 2, "comparator", 'use a code such as "E92000001"'),
    (
        '[council]\nname = "x"\n[plugins.evidence]\nindicators = ["f.csv"]\n',
        4,
        "indicators",
        'indicators need the council\'s area code to pick its rows from the exports; add area_code = "E07000146"',
    ),
    ('[evidence]\nindicator = ["a.csv"]\n', 2, "indicator", "did you mean 'indicators'?"),  # the old name too
]


@pytest.mark.parametrize(("text", "line", "key", "words"), BAD)
def test_a_mistake_is_one_line_naming_file_line_and_key(
    hiap_kit: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, line: int, key: str, words: str
) -> None:
    config = tmp_path / "hiap.toml"
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("HIAP_CONFIG", str(config))
    monkeypatch.setenv("HIAP_CONFIG_DIR", str(tmp_path / "no-user-config"))
    with pytest.raises(InputError) as caught:
        hiap_kit(NAME)
    message = caught.value.format()
    assert message.startswith(f"{config}:{line}: plugins.evidence.{key}: "), message
    assert words in message and "\n" not in message


def test_a_good_table_and_none_at_all_both_load(hiap_kit: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIAP_CONFIG_DIR", str(tmp_path / "no-user-config"))
    monkeypatch.chdir(tmp_path)
    assert hiap_kit(NAME).problems == []
    config = tmp_path / "hiap.toml"
    config.write_text(
        '[council]\narea_code = "E07000146"\n[plugins.evidence]\nindicators = ["not-yet.csv"]\ncomparator = "E12000006"\n',
        encoding="utf-8",
    )
    assert hiap_kit(NAME).problems == []  # a file that is not there yet is said when it is read
