"""hiap.toml: where it is found, what it holds, and one-line errors that name the key to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiap import config as config_mod
from hiap.errors import InputError
from hiap.pipeline import open_engine
from tests.conftest import Run

FULL = """\
[council]
name = "Borough Council of King's Lynn and West Norfolk"
area_code = "E07000146"
area_name = "King's Lynn and West Norfolk"
appendix_letter = "C"

[plugins.evidence]
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


def test_values_origins_lines_and_paths_relative_to_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "council", FULL)
    cfg = config_mod.load(path)
    assert cfg.council["area_code"] == "E07000146" and cfg.plugins["housing"] == {"allocation_policy": "2024"}
    assert cfg.origins["plugins.evidence.indicators"] == str(path) and cfg.origins["plugins.housing"] == str(path)
    assert cfg.plugins["evidence"]["indicators"][0] == "data/fingertips.csv"  # the file's own words, for 'hiap config'
    assert (cfg.lines["plugins.evidence"], cfg.lines["plugins.evidence.assets"], cfg.lines["council.name"]) == (7, 9, 2)
    assert cfg.notices == []


def test_plugins_get_their_own_table_with_paths_made_absolute(tmp_path: Path) -> None:
    write(tmp_path, FULL)
    context = open_engine(only="", entry_points=False).context
    settings = context.settings("evidence")
    assert settings.paths("assets", must_exist=False) == [tmp_path / "asset-register.csv"]
    assert settings.paths("indicators", must_exist=False)[1] == Path("/srv/shared/wider-determinants.csv")
    assert settings.path("mapping", must_exist=False) == tmp_path / "my-mapping.yaml"
    assert context.plugin_config("housing") == {"allocation_policy": "2024"}
    assert context.council["area_name"] == "King's Lynn and West Norfolk"
    assert "evidence" not in type(context).model_fields  # a plugin's settings are its own, not the core's
    with pytest.raises(InputError) as caught:
        settings.paths("assets")
    assert caught.value.format() == (
        f"{tmp_path / 'hiap.toml'}:9: plugins.evidence.assets: no such file '{tmp_path / 'asset-register.csv'}'; "
        "check the name; paths in hiap.toml are relative to it"
    )


def test_plugin_settings_check_their_own_keys_with_lines(tmp_path: Path) -> None:
    write(tmp_path, '[plugins.libraries]\nopening = "9am"\nbranchs = ["a"]\n')
    settings = open_engine(only="", entry_points=False).context.settings("libraries")
    with pytest.raises(InputError) as caught:
        settings.check_keys({"opening": str, "branches": list})
    assert caught.value.format() == (
        f"{tmp_path / 'hiap.toml'}:3: plugins.libraries.branchs: unknown key 'branchs'; did you mean 'branches'?"
    )
    with pytest.raises(InputError, match="'opening' should be a list of file names in quotes"):
        settings.check_keys({"opening": list, "branchs": list})


def test_an_old_evidence_table_still_works_and_says_how_to_update(tmp_path: Path) -> None:
    path = write(tmp_path, '[council]\narea_code = "E07000146"\n\n[evidence]\nassets = ["a.csv"]\n')
    cfg = config_mod.load()
    assert cfg.plugins == {"evidence": {"assets": ["a.csv"]}}
    assert cfg.lines["plugins.evidence.assets"] == 5
    assert cfg.notices == [
        f"{path}:4: [evidence] is now called [plugins.evidence]; rename the table's heading (its keys stay the same)"
    ]
    write(tmp_path, '[evidence]\nassets = ["a.csv"]\n[plugins.evidence]\nassets = ["b.csv"]\n')
    with pytest.raises(InputError, match="keep only"):
        config_mod.load()


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
    assert (cfg.council, cfg.plugins, cfg.notices) == ({}, {}, [])


BAD = [
    ("[evidense]\n", 1, "evidense", "unknown table [evidense]; did you mean [plugins.evidence]?"),
    ("[councl]\n", 1, "councl", "unknown table [councl]; did you mean 'council'?"),
    ('[council]\nnmae = "x"\n', 2, "council.nmae", "unknown key 'nmae'; did you mean 'name'?"),
    ("[council]\nname = 3\n", 2, "council.name", "'name' should be text in quotes"),
    ('[council]\nname = "x"\narea_code = "E0700146"\n', 3, "council.area_code", "'E0700146' is not an ONS area code"),
    ('[council]\nname = "unclosed\n', 2, None, "not valid TOML"),
    ("plugins = 3\n", 1, "plugins", "[plugins] holds one table per plugin"),
    ("evidence = 3\n", 1, "evidence", "'evidence' should be a table, [plugins.evidence]"),
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


def test_a_template_named_in_the_configuration_that_is_missing_names_the_setting(hiap: Run, tmp_path: Path) -> None:
    """The user never typed the template's path: the message says which file and setting gave it."""
    from tests.conftest import ROOT

    (tmp_path / "hiap.toml").write_text('[council]\nname = "Test Council"\ntemplate = "report.docx"\n', "utf-8")
    done = hiap("render", str(ROOT / "examples" / "medway-telephony-contract.hiap.yaml"), "-o", "x.docx")
    assert done.returncode == 2
    assert done.stderr.strip().endswith(
        "hiap.toml: council.template: names report.docx, which does not exist; correct the path (relative to "
        "this file), or remove the line to use hiap's own template"
    ), done.stderr
    assert not (tmp_path / "x.docx").exists()
