"""hiap.toml: where it is found, what it holds, and one-line errors that name the key to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiap import config as config_mod
from hiap.errors import InputError
from hiap.pipeline import open_engine

FULL = """\
[council]
name = "Borough Council of King's Lynn and West Norfolk"
area_code = "E07000146"
area_name = "King's Lynn and West Norfolk"
appendix_letter = "C"

[evidence]
indicators = ["data/fingertips.csv", "/srv/shared/wider-determinants.csv"]
assets = ["asset-register.csv"]
mapping = "my-mapping.yaml"
comparator = "E10000020"

[plugins.housing]
allocation_policy = "2024"
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No configuration leaks in from the developer's machine or the environment."""
    monkeypatch.delenv("HIAP_CONFIG", raising=False)
    monkeypatch.setenv("HIAP_CONFIG_DIR", str(tmp_path / "user-config"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hiap.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_values_origins_and_paths_relative_to_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "council", FULL)
    cfg = config_mod.load(path)
    assert cfg.council["area_code"] == "E07000146" and cfg.plugins == {"housing": {"allocation_policy": "2024"}}
    assert cfg.origins["evidence.indicators"] == str(path) and cfg.origins["plugins.housing"] == str(path)
    settings = cfg.evidence_settings()
    assert settings["indicators"] == [
        str(tmp_path / "council" / "data" / "fingertips.csv"),
        "/srv/shared/wider-determinants.csv",
    ]
    assert settings["assets"] == [str(tmp_path / "council" / "asset-register.csv")]
    assert settings["mapping"] == str(tmp_path / "council" / "my-mapping.yaml")
    assert settings["comparator"] == "E10000020" and settings["config_file"] == str(path)
    assert cfg.evidence["indicators"][0] == "data/fingertips.csv"  # the file's own words, for 'hiap config'


def test_plugins_receive_the_evidence_settings_in_their_context(tmp_path: Path) -> None:
    write(tmp_path, FULL)
    context = open_engine(only="", entry_points=False).context
    assert context.evidence["assets"] == [str(tmp_path / "asset-register.csv")]
    assert context.council["area_name"] == "King's Lynn and West Norfolk"


def test_found_in_the_working_folder_before_the_user_folder(tmp_path: Path) -> None:
    assert config_mod.find() is None and config_mod.load().path is None
    user = write(tmp_path / "user-config", '[council]\nname = "User folder"\n')
    assert config_mod.load().council["name"] == "User folder" and config_mod.find() == user
    here = write(tmp_path, '[council]\nname = "Working folder"\n')
    assert config_mod.find() == here and config_mod.load().council["name"] == "Working folder"


def test_hiap_config_overrides_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, '[council]\nname = "Working folder"\n')
    chosen = write(tmp_path / "elsewhere", '[council]\nname = "Named by HIAP_CONFIG"\n')
    monkeypatch.setenv("HIAP_CONFIG", str(chosen))
    assert config_mod.load().council["name"] == "Named by HIAP_CONFIG"
    monkeypatch.setenv("HIAP_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(InputError) as caught:
        config_mod.load()
    assert caught.value.format() == (
        f"{tmp_path / 'missing.toml'}: HIAP_CONFIG: HIAP_CONFIG names a configuration file that does not exist; "
        "fix the path or unset HIAP_CONFIG to use ./hiap.toml"
    )


def test_no_file_means_no_settings() -> None:
    cfg = config_mod.load()
    assert (cfg.council, cfg.evidence, cfg.plugins) == ({}, {}, {})
    assert cfg.evidence_settings() == {"config_file": None}


BAD = [
    ("[evidense]\n", 1, "evidense", "unknown table [evidense]; did you mean 'evidence'?"),
    ('[evidence]\nindicator = ["a.csv"]\n', 2, "evidence.indicator", "did you mean 'indicators'?"),
    ('[evidence]\nindicators = "a.csv"\n', 2, "evidence.indicators", "'indicators' should be a list of file names"),
    ("[evidence]\n\nassets = []\n", 3, "evidence.assets", "'assets' lists no files"),
    ('[evidence]\nassets = ["a.csv", "a.csv"]\n', 2, "evidence.assets", "'a.csv' is listed twice"),
    ('[evidence]\nassets = [""]\n', 2, "evidence.assets", "'assets' has an empty file name"),
    ("[evidence]\nassets = [3]\n", 2, "evidence.assets", "should be a list of file names in quotes"),
    ('[evidence]\nmapping = " "\n', 2, "evidence.mapping", "'mapping' is empty"),
    ('[council]\nname = "x"\narea_code = "E0700146"\n', 3, "council.area_code", "'E0700146' is not an ONS area code"),
    ('[evidence]\ncomparator = "England"\n', 2, "evidence.comparator", 'use a code such as "E07000146"'),
    (
        '[council]\nname = "x"\n[evidence]\nindicators = ["f.csv"]\n',
        1,
        "council.area_code",
        "[evidence] indicators needs the council's area code",
    ),
    (
        '[evidence]\nindicators = ["f.csv"]\n',
        None,
        "council.area_code",
        'add area_code = "E07000146" (your ONS code) under [council]',
    ),
    ('[council]\nname = "unclosed\n', 2, None, "not valid TOML"),
    ("plugins = 3\n", 1, "plugins", "[plugins] holds one table per plugin"),
]


@pytest.mark.parametrize(("text", "line", "field", "words"), BAD)
def test_bad_configuration_is_one_line_naming_file_key_and_fix(
    tmp_path: Path, text: str, line: int | None, field: str | None, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        config_mod.load()
    message = caught.value.format()
    where = f"{path}:{line}" if line else str(path)
    assert message.startswith(where + ": " + (f"{field}: " if field else "")), message
    assert words in message and "\n" not in message
