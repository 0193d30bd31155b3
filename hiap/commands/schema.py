"""``hiap schema answers|assessment|portfolio``: JSON Schema (draft 2020-12) for the formats
other systems read.

* ``answers``: the answers file (``*.hiap.yaml``, YAML that is JSON-compatible), from
  ``AnswersFile`` in validation mode, plus what the model's own validators accept that pydantic
  cannot describe: an answer given as its bare value (``title: Bus subsidy``) as well as in full
  (``{value, note, sources, estimate}``), and the ``complete`` key earlier versions wrote.
* ``assessment``: what ``hiap render --format json`` writes, from ``Assessment`` in
  serialization mode, less the fields the writer leaves out and plus those it adds.
* ``portfolio``: what ``hiap portfolio --format json`` writes, from plain records, so written
  out here (the tests hold the writer to it).

The schema describes the shape; ``hiap check`` also checks what only the checklists know (which
question ids exist, which values each allows) and the rules that link one field to another.
"""

from __future__ import annotations

import argparse
import copy
import json
from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: what ``hiap render --format json`` writes as its ``format``; the tests check the two agree
ASSESSMENT_FORMAT = "hiap-assessment/2"
KINDS = ("answers", "assessment", "portfolio")


#: the rating fields of a principle in the JSON output, and the scale each takes its values from
RATING_SCALES = {
    "effect": "impact",
    "equity": "equity",
    "likelihood": "likelihood",
    "timing": "timing",
    "confidence": "confidence",
    "residual": "residual",
}


def _body(generated: dict[str, Any]) -> dict[str, Any]:
    """The generated schema without the model's own title and docstring, which say what the class
    is for in hiap's code, not what the file is for a reader: ours stand in their place."""
    return {k: v for k, v in generated.items() if k not in ("title", "description")}


def cmd_schema(args: argparse.Namespace) -> int:
    schema = {"answers": answers_schema, "assessment": assessment_schema, "portfolio": portfolio_schema}[args.kind]()
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


def answers_schema() -> dict[str, Any]:
    from hiap import __version__
    from hiap.models.answers import DECISION_FIELDS, FORMAT_VERSION, NAME_RE, AnswersFile

    body = AnswersFile.model_json_schema(mode="validation")
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": f"urn:hiap:schema:answers:{FORMAT_VERSION}",
        "title": "hiap answers file",
        "description": (
            f"A hiap answers file (*.hiap.yaml), format {FORMAT_VERSION}, as hiap {__version__} reads it. "
            "Question ids and the values each question allows come from the checklists in use: "
            "'hiap check FILE' checks those too. See docs/answers_format.md."
        ),
        "version": FORMAT_VERSION,
        **_body(body),
    }
    props = schema["properties"]
    props["format"] = {
        "type": "integer",
        "minimum": 1,
        "maximum": FORMAT_VERSION,
        "description": f"the answers format; hiap {__version__} reads up to {FORMAT_VERSION}",
    }
    schema["required"] = sorted({*schema.get("required", []), "format"})
    names = {"type": "string", "pattern": NAME_RE.pattern}
    for key in ("checklists", "plugins"):
        props[key]["propertyNames"] = names
    # the decision block's fields are a closed list; a decision field under answers is refused
    props["decision"]["propertyNames"] = {"enum": list(DECISION_FIELDS)}
    props["answers"]["propertyNames"] = {"not": {"pattern": "^decision\\."}}
    props["complete"] = {
        "deprecated": True,
        "description": "written by earlier versions of hiap; derived from the answers, so it is read and dropped",
    }
    defs = schema["$defs"]
    full = defs["Answer"]
    # Answer's own validator: anything that is not a mapping is the value itself
    defs["Answer"] = {
        "description": full.get("description", ""),
        "anyOf": [
            {k: v for k, v in full.items() if k != "description"},
            {"not": {"type": "object"}, "description": "the value alone, with no note or sources"},
        ],
    }
    return schema


def assessment_schema() -> dict[str, Any]:
    from hiap import __version__
    from hiap.models.assessment import Assessment
    from hiap.models.principles import SCALES
    from hiap.wording import ROUTE_WORDS

    body = Assessment.model_json_schema(mode="serialization")
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": f"urn:hiap:schema:{ASSESSMENT_FORMAT.replace('/', ':')}",
        "title": "hiap assessment (hiap render --format json)",
        "description": (
            f"The assessment as 'hiap render --format json' writes it ({ASSESSMENT_FORMAT}, hiap {__version__}): "
            "the same facts as the Word appendix and its annex. See docs/answers_format.md."
        ),
        "version": ASSESSMENT_FORMAT,
        **_body(body),
    }
    props = schema["properties"]
    for left_out in ("mitigations", "suggested_conclusion"):
        props.pop(left_out, None)
    conclusion = copy.deepcopy(props["conclusion"])
    nullable_text = {"anyOf": [{"type": "string"}, {"type": "null"}]}
    props.update(
        {
            "format": {"const": ASSESSMENT_FORMAT, "description": "this format and its version"},
            "draft": {"type": "boolean", "description": "true until every required answer is given"},
            "conclusion": {
                **conclusion,
                "description": "the assessor's conclusion; null while the assessment is a draft",
            },
            "conclusion_answered": {**conclusion, "description": "the conclusion answered so far, even in a draft"},
            "conclusion_words": {**nullable_text, "description": "the conclusion in words; null in a draft"},
            "status": {"type": "string", "description": "approved, complete or draft, in words"},
            "sources": {
                "type": "array",
                "description": "the sources behind the answers, each once, as the appendix lists them",
                "items": {
                    "type": "object",
                    "properties": {"title": {"type": "string"}, "url": nullable_text},
                    "required": ["title", "url"],
                    "additionalProperties": False,
                },
            },
        }
    )
    schema["required"] = sorted(
        {*(r for r in schema.get("required", []) if r in props), "format", "draft", "conclusion", "status"}
    )
    score = schema["$defs"]["PrincipleScore"]
    for field, scale in RATING_SCALES.items():
        score["properties"][field] = {
            "anyOf": [{"enum": list(SCALES[scale])}, {"type": "null"}],
            "default": None,
            "description": f"the assessor's {field} rating (see docs/answers_format.md); null where not asked",
        }
    schema["properties"]["route"] = {
        "anyOf": [{"enum": list(ROUTE_WORDS)}, {"type": "null"}],
        "description": "the depth of assessment; null until it is chosen",
    }
    score["properties"]["words"] = {"type": "string", "description": "the effect in words"}
    score["properties"]["symbol"] = {"type": "string", "description": "the symbol printed beside the words"}
    score["required"] = sorted({*score.get("required", []), "words", "symbol"})
    return schema


def portfolio_schema() -> dict[str, Any]:
    """What ``hiap portfolio --format json`` writes. The portfolio is built from plain records, not
    a model, so this is written out by hand; the tests hold every field the writer sets to it
    (``additionalProperties`` is false throughout, so a field added to one and not the other fails)."""
    from hiap import __version__
    from hiap.models.principles import SCALES
    from hiap.portfolio.writers import FORMAT, NOT_ASSESSED

    text = {"type": "string"}
    maybe_text = {"anyOf": [text, {"type": "null"}]}
    day = {"anyOf": [{"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}, {"type": "null"}]}
    texts = {"type": "array", "items": text}
    count = {"type": "integer", "minimum": 0}

    def record(description: str, properties: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = {"type": "object", "description": description} if description else {"type": "object"}
        return {**found, "properties": properties, "required": sorted(properties), "additionalProperties": False}

    decision = record(
        "One decision: its newest readable version",
        {
            "file": {**text, "description": "the answers file, as the path was given"},
            "title": text,
            "reference": maybe_text,
            "conclusion": {
                "anyOf": [{"enum": list(SCALES["conclusion"])}, {"type": "null"}],
                "description": "the assessor's conclusion; null for a draft or a decision screened out",
            },
            "conclusion_words": maybe_text,
            "complete": {"type": "boolean"},
            "draft": {"type": "boolean"},
            "screened_out": {"type": "boolean"},
            "status": {**text, "description": "approved, complete or draft, in words: use the booleans to group"},
            "to_give": {**count, "description": "required answers still to give"},
            "items_to_do": {**texts, "description": "what must still be done, in words"},
            "kinds": {**texts, "description": "the kinds of decision, in words"},
            "directorate": maybe_text,
            "lead_officer": maybe_text,
            "decision_maker": maybe_text,
            "meeting_date": day,
            "review_date": day,
            "updated": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
            "ratings": {
                "type": "object",
                "description": (
                    f"principle (1 to 8) -> the assessor's effect rating, null where not yet rated, "
                    f"'{NOT_ASSESSED}' where the principle was not ticked in screening"
                ),
                "propertyNames": {"enum": [str(n) for n in range(1, 9)]},
                "additionalProperties": {"anyOf": [{"enum": [*SCALES["impact"], NOT_ASSESSED]}, {"type": "null"}]},
            },
            "groups_worse_off": {**texts, "description": "groups an assessor said are worse off"},
            "groups_mixed": {**texts, "description": "groups an assessor said are affected both ways"},
            "actions": {**count, "description": "actions in the plan"},
            "actions_overdue": {**count, "description": "actions past their due date and not done on 'today'"},
        },
    )
    return {
        "$schema": DIALECT,
        "$id": f"urn:hiap:schema:{FORMAT.replace('/', ':')}",
        "title": "hiap portfolio (hiap portfolio --format json)",
        "description": (
            f"Every decision in the folders given, as 'hiap portfolio --format json' writes it ({FORMAT}, "
            f"hiap {__version__}). See docs/answers_format.md."
        ),
        "version": FORMAT,
        **record(
            "",
            {
                "format": {"const": FORMAT, "description": "this format and its version"},
                "today": {**day["anyOf"][0], "description": "the day overdue actions are judged against"},
                "counts": record(
                    "How many of each",
                    {k: count for k in ("decisions", "complete", "drafts", "superseded", "unreadable")},
                ),
                "decisions": {"type": "array", "items": decision},
                "superseded": {
                    "type": "array",
                    "description": "earlier versions of a decision, left out of the counts",
                    "items": record(
                        "An earlier version",
                        {"file": text, "title": text, "updated": maybe_text, "superseded_by": text},
                    ),
                },
                "unreadable": {
                    "type": "array",
                    "description": "files that could not be read, and why",
                    "items": record("A file not read", {"file": text, "reason": text}),
                },
            },
        ),
    }
