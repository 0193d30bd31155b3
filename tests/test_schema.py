"""`hiap schema`: valid JSON Schema (draft 2020-12), met by every example and by the JSON output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from hiap import yamlio
from hiap.models.answers import FORMAT_VERSION
from tests.conftest import ROOT, Run

EXAMPLES = sorted((ROOT / "examples").glob("*.hiap.yaml"))


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    import os
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("schema")
    env = {**os.environ, "HIAP_CONFIG_DIR": str(folder / "no-config"), "HIAP_CACHE_DIR": str(folder / "cache")}
    found = {}
    for kind in ("answers", "assessment", "portfolio"):
        out = subprocess.run(
            [sys.executable, "-m", "hiap", "schema", kind], capture_output=True, text=True, env=env, cwd=folder
        )
        assert out.returncode == 0, out.stderr
        found[kind] = json.loads(out.stdout)
    return found


def test_examples_exist() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(
    ("kind", "version", "ending"),
    [
        ("answers", FORMAT_VERSION, f"answers:{FORMAT_VERSION}"),
        ("assessment", "hiap-assessment/2", "assessment:2"),
        ("portfolio", "hiap-portfolio/2", "portfolio:2"),
    ],
)
def test_schema_is_valid_draft_2020_12_with_its_version(
    schemas: dict[str, dict[str, Any]], kind: str, version: object, ending: str
) -> None:
    schema = schemas[kind]
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:hiap:schema:") and schema["$id"].endswith(ending)
    assert schema["version"] == version


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_meets_the_answers_schema(schemas: dict[str, dict[str, Any]], example: Path) -> None:
    data = yamlio.load(example, what="answers file").data  # safe YAML; dates stay text, as hiap reads them
    errors = sorted(Draft202012Validator(schemas["answers"]).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message[:200]}" for e in errors[:5]]


def test_the_answers_schema_refuses_what_hiap_refuses(schemas: dict[str, dict[str, Any]]) -> None:
    validator = Draft202012Validator(schemas["answers"])
    good = {"format": 1, "decision": {"title": "Bus subsidy"}, "answers": {"p1.effect": {"value": "neutral"}}}
    assert validator.is_valid(good)
    assert not validator.is_valid({"decision": {"title": "no format"}})
    assert not validator.is_valid({"format": FORMAT_VERSION + 1})
    assert not validator.is_valid({"format": 1, "decison": {}})  # a misspelt key
    assert not validator.is_valid({"format": 1, "answers": {"x": {"value": 1, "colour": "red"}}})
    assert not validator.is_valid({"format": 1, "events": [{"at": "2026-01-01", "event": "exploded"}]})
    assert not validator.is_valid({"format": 1, "revision_of": {"file": "a.hiap.yaml", "version": 1, "sha256": "x"}})
    assert not validator.is_valid({"format": 1, "plugins": {"bad name!": "1.0"}})
    # the shape rules hiap checks that do not depend on the checklists
    assert not validator.is_valid({"format": 1, "decision": {"titel": "Bus subsidy"}})  # not a decision field
    assert not validator.is_valid({"format": 1, "answers": {"decision.reference": "CAB/1"}})  # belongs under decision
    assert not validator.is_valid({"format": 1, "tool": "hiap\n0.2"})  # one line
    assert not validator.is_valid({"format": 1, "tool": "x" * 501})
    assert not validator.is_valid({"format": 1, "answers": {"p1.effect": {"value": "neutral", "sources": ["ab"]}}})
    assert not validator.is_valid({"format": 1, "progress": [{"item": "review", "at": "x", "date": "1/12/2026"}]})
    assert validator.is_valid({"format": 1, "tool": "hiap 0.2.0\n"})  # a line break at the end is stripped


def test_the_schemas_describe_the_files_not_the_code(schemas: dict[str, dict[str, Any]]) -> None:
    """The descriptions are written for a reader of the file; a model's docstring (which says what
    the class does in hiap's code) must not replace them."""
    for kind, schema in schemas.items():
        assert "docs/answers_format.md" in schema["description"], kind
    assert schemas["answers"]["properties"]["created"]["anyOf"][0]["format"] == "date-time"


def test_the_assessment_schema_lists_each_rating_scale(
    hiap: Run, schemas: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    from hiap.models.principles import SCALES

    score = schemas["assessment"]["$defs"]["PrincipleScore"]["properties"]
    assert score["effect"]["anyOf"][0]["enum"] == list(SCALES["impact"])
    assert score["confidence"]["anyOf"][0]["enum"] == ["high", "medium", "low"]
    example = next(e for e in EXAMPLES if "coventry" in e.name)
    result = hiap("render", str(example), "--format", "json", "-o", "-", env={"HIAP_CACHE_DIR": str(tmp_path / "c")})
    data = json.loads(result.stdout)
    validator = Draft202012Validator(schemas["assessment"])
    assert validator.is_valid(data)
    rated = next(p for p in data["principles"] if p["confidence"])
    for field, wrong in (("confidence", "very"), ("effect", "terrible"), ("residual", "some")):
        changed = {**data, "principles": [{**rated, field: wrong}]}
        assert not validator.is_valid(changed), field
    assert not validator.is_valid({**data, "route": "medium"})


def test_a_drafts_json_output_meets_the_assessment_schema(
    hiap: Run, schemas: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    """A draft started a minute ago has no depth, conclusion or ratings yet: null, and valid."""
    path = tmp_path / "draft.hiap.yaml"
    path.write_text("format: 1\ndecision:\n  title: Library opening hours\n", encoding="utf-8")
    result = hiap("render", str(path), "--format", "json", "-o", "-", env={"HIAP_CACHE_DIR": str(tmp_path / "c")})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["route"] is None and data["draft"] is True
    errors = list(Draft202012Validator(schemas["assessment"]).iter_errors(data))
    assert not errors, [f"{list(e.path)}: {e.message[:200]}" for e in errors[:5]]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_json_output_meets_the_assessment_schema(
    hiap: Run, schemas: dict[str, dict[str, Any]], example: Path, tmp_path: Path
) -> None:
    result = hiap("render", str(example), "--format", "json", "-o", "-", env={"HIAP_CACHE_DIR": str(tmp_path / "c")})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == schemas["assessment"]["version"]
    errors = list(Draft202012Validator(schemas["assessment"]).iter_errors(data))
    assert not errors, [f"{list(e.path)}: {e.message[:200]}" for e in errors[:5]]


def test_the_assessment_schema_names_every_field_the_output_has(schemas: dict[str, dict[str, Any]]) -> None:
    props = schemas["assessment"]["properties"]
    assert {"format", "draft", "conclusion", "conclusion_words", "status", "sources", "principles"} <= set(props)
    assert "mitigations" not in props and "suggested_conclusion" not in props
    assert schemas["assessment"]["additionalProperties"] is False


def test_unknown_kind_is_bad_input(hiap: Run) -> None:
    result = hiap("schema", "checklist")
    assert result.returncode == 2
    assert "answers" in result.stderr and "assessment" in result.stderr


def test_the_portfolio_json_meets_its_schema(hiap: Run, schemas: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    """Every example in one portfolio (with an earlier version and an unreadable file beside them),
    and every field the writer sets named by the schema: it is written by hand, so this holds them
    together."""
    folder = tmp_path / "all"
    folder.mkdir()
    for example in EXAMPLES:
        (folder / example.name).write_bytes(example.read_bytes())
    (folder / "broken.hiap.yaml").write_text("format: 1\ndecision: [\n", encoding="utf-8")
    result = hiap("portfolio", str(folder), "--format", "json", "-o", "-", "--today", "2027-03-01")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == schemas["portfolio"]["version"]
    assert data["superseded"] and data["unreadable"]
    validator = Draft202012Validator(schemas["portfolio"])
    errors = list(validator.iter_errors(data))
    assert not errors, [f"{list(e.path)}: {e.message[:200]}" for e in errors[:5]]
    ratings = {value for d in data["decisions"] for value in d["ratings"].values()}
    assert "not_assessed" in ratings and "not_affected" not in ratings
    wrong = {**data, "decisions": [{**data["decisions"][0], "ratings": {"1": "not_affected"}}]}
    assert not validator.is_valid(wrong)


@pytest.mark.parametrize("kind", ["answers", "assessment", "portfolio"])
def test_the_guide_names_every_top_level_field(schemas: dict[str, dict[str, Any]], kind: str) -> None:
    guide = (ROOT / "docs" / "answers_format.md").read_text(encoding="utf-8")
    assert "hiap schema answers" in guide and "hiap schema assessment" in guide
    missing = [name for name in schemas[kind]["properties"] if f"`{name}`" not in guide]
    assert not missing, f"docs/answers_format.md does not describe: {missing}"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_read_the_same_in_a_yaml_1_1_loader(example: Path) -> None:
    """An analyst's tools mostly read YAML 1.1, where a plain ``no`` is false and a plain date a
    date object: the examples quote such values, so every loader reads what hiap reads."""
    import yaml

    assert yaml.safe_load(example.read_text(encoding="utf-8")) == yamlio.load(example, what="answers file").data
