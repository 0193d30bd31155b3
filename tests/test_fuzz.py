"""Fuzzing the readers: whatever the text, only hiap's own errors come out.

The answers loader, the checklist loader and the ``when`` grammar get random text, YAML-shaped
text and random structures dumped as YAML. Each may refuse (``InputError``, ``ConditionError``),
which the CLI turns into exit 2 and one clear line; anything else would be exit 1, a bug.
"""

from __future__ import annotations

import functools
import keyword
import re
import warnings
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, find, given, settings
from hypothesis import strategies as st

from hiap import yamlio
from hiap.answers import answers_file
from hiap.checklist import catalogue as catalogue_mod
from hiap.checklist import conditions
from hiap.checklist.catalogue import Catalogue
from hiap.checklist.conditions import BoolOp, Compare, ConditionError, Const, Node, Not, Ref
from hiap.checklist.loader import load_checklist
from hiap.errors import InputError
from hiap.models.answers import DECISION_FIELDS
from hiap.models.checklist import QUESTION_TYPES, Checklist

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def installed() -> tuple[Catalogue, tuple[Checklist, ...]]:
    """The real catalogue (core and the installed plugins), built once for every example."""
    from hiap.pipeline import open_engine

    catalogue = open_engine().catalogue
    return catalogue, tuple(catalogue.checklists)


def question_ids() -> list[str]:
    return [q.id for q in installed()[0].questions]


# -- text that looks like YAML ----------------------------------------------------------------

_YAML_BITS = [
    "\n", "  ", " ", "\t", ":", ": ", "- ", "-", "? ", "[", "]", "{", "}", ",", "#", "'", '"', "|", ">", "|-",
    "&a ", "*a", "<<: ", "!!python/object/apply:os.system ", "!!binary ", "!tag ", "!<tag:x> ", "---", "...",
    "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "~", "null", "yes", "no", "true", "1", "-1", "0x1F", "0o17", "1_000",
    "1e400", ".nan", "-.inf", "2026-13-45", "12:30:00", "\\u0000", "\ufeff", "\x85", "\u2028", "é", "🙂",
    "format", "format: 1\n", "decision", "answers", "events", "evidence", "title", "kind", "value", "note",
    "sources", "screening.reach", "p1.effect", "decision.kind", "id", "version", "sections", "questions", "type",
    "when", "options", "help", "text",
]  # fmt: skip

yaml_ish = st.lists(st.sampled_from(_YAML_BITS), max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=300), yaml_ish)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["yes", "no", "2026-03-31", "31/03/2026", "thousands", "policy", "", " ", "a\nb"]),
)


def values(keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
        max_leaves=12,
    )


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# -- the answers loader -------------------------------------------------------------------------


def load_answers(text: str) -> None:
    """What `hiap check` and `hiap render` do with an answers file, up to the assessment: every
    problem found names the file and says something."""
    located = yamlio.loads(text, path="fuzz.hiap.yaml", what="answers file")
    answers = answers_file.parse(located)
    for problem in answers_file.validate(answers, installed()[0], path="fuzz.hiap.yaml", located=located):
        assert problem.file == "fuzz.hiap.yaml" and problem.message.strip()


@FUZZ
@given(any_text)
@example("format: 1\nanswers: !!python/object/apply:os.system [echo]\n")
@example("format: 1\nanswers: " + "[" * 30_000 + "]" * 30_000)
@example("format: 1\ndecision:\n  title: &t x\n  summary: *t\n")
def test_answers_loader_on_random_text(text: str) -> None:
    try:
        load_answers(text)
    except InputError:
        pass


def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any], odds: int = 12) -> st.SearchStrategy[Any]:
    """``good``, with ``bad`` once in ``odds`` draws, so most examples get past the first check."""
    return st.integers(1, odds).flatmap(lambda n: bad if n == odds else good)


answer_values = st.one_of(
    scalars,
    st.lists(st.one_of(st.text(max_size=5), st.sampled_from(["rules", "money", "housing"])), max_size=3),
    st.lists(st.dictionaries(st.sampled_from(["action", "owner", "due", "x"]), scalars, max_size=3), max_size=2),
)


@st.composite
def answers_like(draw: st.DrawFn) -> dict[Any, Any]:
    """Mostly the right shape, with random values where the answers go."""
    ids = question_ids()
    junk = values(st.text(max_size=6))
    answer = st.one_of(
        answer_values,
        st.fixed_dictionaries(
            {"value": answer_values},
            optional={"note": st.text(max_size=20), "sources": st.lists(st.text(max_size=10), max_size=2)},
        ),
    )
    data: dict[Any, Any] = {"format": draw(mostly(st.just(1), scalars))}
    fields = st.sampled_from(DECISION_FIELDS)
    data["decision"] = draw(st.dictionaries(fields, mostly(answer, junk), max_size=6))
    qids = st.sampled_from([qid for qid in ids if not qid.startswith("decision.")])
    data["answers"] = draw(st.dictionaries(qids, mostly(answer, junk), max_size=10))
    if draw(st.integers(1, 12)) == 1:
        data["answers"][draw(st.text(max_size=12))] = draw(junk)
    for key in ("complete", "events", "evidence", "checklists", "plugins", "created", "answres"):
        if draw(st.integers(1, 12)) == 1:
            data[key] = draw(junk)
    return data


@FUZZ
@given(answers_like())
def test_answers_loader_on_random_structures(data: dict[Any, Any]) -> None:
    try:
        load_answers(_dump(data))
    except InputError:
        pass


@FUZZ
@given(st.data())
def test_every_question_type_takes_any_value(data: st.DataObject) -> None:
    """One value for one real question, as the file would hold it: valid, or refused with a message."""
    question = data.draw(st.sampled_from(installed()[0].questions))
    value = data.draw(values(st.text(max_size=6)))
    block = (
        {"decision": {question.id.split(".", 1)[1]: value}}
        if question.id.startswith("decision.")
        else {"answers": {question.id: value}}
    )
    try:
        load_answers(_dump({"format": 1, **block}))
    except InputError as exc:
        assert exc.file == "fuzz.hiap.yaml" and exc.message.strip()


# -- the checklist loader -----------------------------------------------------------------------


def load_and_place(text: str) -> None:
    """What `hiap check` does with a checklist: load it, then build it into the installed catalogue."""
    located = yamlio.loads(text, path="fuzz.yaml", what="checklist")
    cid = located.data.get("id")
    plugin = isinstance(cid, str) and re.fullmatch(r"[a-z][a-z0-9_]*", cid) and cid not in ("core", "groups")
    checklist = load_checklist(located, origin=cid if plugin else "core")
    installed_lists = installed()[1]
    others = [c for c in installed_lists if c.id != checklist.id]
    catalogue_mod.build([*others, checklist])


@FUZZ
@given(any_text)
def test_checklist_loader_on_random_text(text: str) -> None:
    try:
        load_and_place(text)
    except InputError:
        pass


def _condition_text() -> st.SearchStrategy[str]:
    earlier = st.sampled_from(["libraries.q0 == yes", 'decision.kind in ["policy", "budget"]', "screening.reach"])
    return st.one_of(earlier, asts.map(unparse), st.text(max_size=40), st.just("x.y is None"))


@st.composite
def checklist_like(draw: st.DrawFn) -> dict[str, Any]:
    """A plugin checklist with random questions. Half the examples are well formed, so they reach the
    catalogue's checks (references, conditions, groups, mitigations); the other half carry junk."""
    junk = values(st.text(max_size=6))
    spoilt = draw(st.booleans())

    def maybe(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any] = junk) -> Any:
        return draw(mostly(good, bad, odds=20) if spoilt else good)

    questions = []
    for index in range(draw(st.integers(1, 5))):
        kind = maybe(st.sampled_from(QUESTION_TYPES), st.just("slider"))
        question: dict[str, Any] = {
            "id": maybe(st.just(f"libraries.q{index}"), st.sampled_from(["libraries.q0", "housing.x", "bad id"])),
            "text": maybe(st.just("Do opening hours change?")),
            "help": maybe(st.just("Opening hours decide who can use a library, and when.")),
            "type": kind,
        }
        if kind in ("choice", "multi"):
            option = st.fixed_dictionaries(
                {"value": st.sampled_from(["a", "b", "c"]), "label": st.just("An option")},
                optional={"groups": st.lists(st.sampled_from(["age", "disability", "martians"]), max_size=2)},
            )
            question["options"] = maybe(st.lists(option, min_size=1, max_size=3, unique_by=lambda o: o["value"]))
        if kind == "rating":
            question["scale"] = maybe(st.sampled_from(["impact", "equity"]), st.just("nope"))
        if kind == "records":
            question["fields"] = maybe(st.just([{"id": "action", "text": "What will be done?"}]))
        if draw(st.booleans()):
            question["when"] = maybe(_condition_text())
        if draw(st.integers(1, 4)) == 4:
            question["principles"] = maybe(st.lists(st.integers(1, 8), max_size=2), st.just([9]))
        if spoilt and draw(st.integers(1, 5)) == 5:
            question[draw(st.sampled_from(["groups", "required", "role", "minimum", "kinds", "hlep"]))] = draw(junk)
        questions.append(question)
    section: dict[str, Any] = {"id": maybe(st.just("libraries")), "title": "Libraries", "questions": questions}
    if draw(st.booleans()):
        section["when"] = maybe(_condition_text())
    return {
        "id": maybe(st.just("libraries"), st.sampled_from(["core", "Bad-Id"])),
        "version": maybe(st.just("1.0.0")),
        "title": maybe(st.just("Libraries")),
        "sections": maybe(st.just([section])),
        **({"after": maybe(st.just("screening"), st.just("nowhere"))} if draw(st.booleans()) else {}),
        **({"mitigations": draw(junk)} if spoilt and draw(st.integers(1, 8)) == 8 else {}),
    }


@FUZZ
@given(checklist_like())
def test_checklist_loader_on_random_structures(data: dict[str, Any]) -> None:
    try:
        load_and_place(_dump(data))
    except InputError:
        pass


# -- the `when` grammar ---------------------------------------------------------------------------

_PART = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(lambda s: not keyword.iskeyword(s))
refs = st.lists(_PART, min_size=2, max_size=3).map(lambda parts: Ref(".".join(parts)))
literals = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**12), max_value=10**12),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]), max_size=8),
    ),
    lambda inner: st.lists(inner, max_size=3).map(tuple),
    max_leaves=6,
)
asts: st.SearchStrategy[Node] = st.recursive(
    st.one_of(refs, literals.map(Const)),
    lambda inner: st.one_of(
        inner.map(Not),
        st.tuples(st.sampled_from(["and", "or"]), st.lists(inner, min_size=2, max_size=3).map(tuple)).map(
            lambda t: BoolOp(*t)
        ),
        st.tuples(st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in", "not in"]), inner, inner).map(
            lambda t: Compare(*t)
        ),
    ),
    max_leaves=8,
)


def _literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return repr(value)


def unparse(node: Node) -> str:
    """The condition as an author would write it, fully parenthesised."""
    if isinstance(node, Ref):
        return node.id
    if isinstance(node, Const):
        return _literal(node.value)
    if isinstance(node, Not):
        return f"not ({unparse(node.operand)})"
    if isinstance(node, BoolOp):
        return f" {node.op} ".join(f"({unparse(o)})" for o in node.operands)
    return f"({unparse(node.left)}) {node.op} ({unparse(node.right)})"


_PY_BITS = [
    " ", "(", ")", "[", "]", "{", "}", ",", ".", ":", "'", '"', "==", "!=", "<", ">=", "in", "not", "and", "or",
    "is", "lambda", "if", "else", "for", "await", "yield", "**", "@", ":=", "*", "+", "-", "~", "__import__",
    "__class__", "_x", "decision.kind", "p1.effect", "os.system", "open", "1", "1.5", "1j", "b'x'", "...", "None",
    "true", "yes", "null", "\\", "\x00", "f'{x}'", "\n", "#",
]  # fmt: skip


@FUZZ
@given(st.one_of(st.text(max_size=200), st.lists(st.sampled_from(_PY_BITS), max_size=40).map("".join)))
@example("x.y is None")
@example("x.y is not 1")
@example("x.y == 1and x.y")
@example('x.y == "\\d"')
@example("(" * 300 + "x.y" + ")" * 300)
@example("not " * 200 + "x.y")
def test_conditions_on_random_text(text: str) -> None:
    """Refused with ConditionError or parsed, silently: a warning printed by Python's parser would
    reach the user's terminal beside hiap's own message."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            node = conditions.parse(text)
    except ConditionError:
        return
    list(conditions.references(node))
    list(conditions.comparisons(node))
    conditions.evaluate(node, {})


@FUZZ
@given(asts, st.data())
def test_conditions_round_trip_and_evaluate_on_random_trees(node: Node, data: st.DataObject) -> None:
    """Any tree the grammar can hold reads back as the same tree, and evaluates on any answers."""
    text = unparse(node)
    if len(text) > conditions.MAX_LENGTH:
        return
    parsed = conditions.parse(text)
    assert parsed == node, text
    answers = {ref.id: data.draw(answer_values) for ref in conditions.references(node)}
    assert isinstance(conditions.evaluate(parsed, answers), bool)


def _kinds(node: Node) -> set[str]:
    """Every kind of node in a tree, with the operator of each boolean or comparison."""
    seen: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        seen.add(type(item).__name__ + (f":{item.op}" if isinstance(item, (BoolOp, Compare)) else ""))
        if isinstance(item, Not):
            stack.append(item.operand)
        elif isinstance(item, BoolOp):
            stack.extend(item.operands)
        elif isinstance(item, Compare):
            stack.extend([item.left, item.right])
    return seen


@pytest.mark.parametrize(
    "kind", ["Ref", "Const", "Not", "BoolOp:and", "BoolOp:or", "Compare:==", "Compare:in", "Compare:not in"]
)
def test_the_tree_generator_makes_every_kind_of_node(kind: str) -> None:
    """A guard on the generator, so the round trip above is not vacuous: hypothesis searches for a
    tree holding each kind (an error if it cannot find one), rather than hoping a sample has it."""
    tree = find(asts, lambda node: kind in _kinds(node), settings=settings(max_examples=2000, database=None))
    assert kind in _kinds(tree)


# -- whatever check accepts, render renders (issue 18) --------------------------------------------

_AWKWARD = [
    "No", "yes", "0123", "12:30", "1_000", "0x1F", "~", "", " ", "<script>alert(1)</script>", "[x](javascript:1)",
    "# heading", "=HYPERLINK(\"http://x\")", "@SUM(A1)", "-1", "a|b", "**bold**", "\\", "é🙂", "\u202eevil",
    "ab", "abc", "a" * 300, "line\nline", "\t", "9999-12-31", "0001-01-01", "31/02/2026", "1e400", ".inf",
]  # fmt: skip
#: text without control characters (which the loader refuses anyway: they reach check's other tests)
awkward_text = st.one_of(
    st.sampled_from(_AWKWARD), st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
)


def plausible(question: Any) -> st.SearchStrategy[Any]:
    """A value a question would take (extremes included), or something awkward in its place."""
    options = [o.value for o in installed()[0].options(question)]
    kind = question.type
    if kind == "yesno":
        good: st.SearchStrategy[Any] = st.sampled_from([True, False, "yes", "no", "Y", "n"])
    elif kind in ("choice", "rating"):
        good = st.sampled_from(options)
    elif kind == "multi":
        good = st.lists(st.sampled_from(options), max_size=4)
    elif kind == "date":
        good = st.dates().map(lambda d: d.isoformat())
    elif kind == "number":
        good = st.one_of(st.integers(-(10**20), 10**20), st.floats(allow_nan=False), st.sampled_from(["1,200", "12%"]))
    elif kind == "records":
        row = st.fixed_dictionaries(
            {
                f.id: (st.sampled_from([o.value for o in f.options]) if f.options else awkward_text)
                for f in question.fields
            }
        )
        good = st.lists(row.map(lambda r: {k: v for k, v in r.items()}), max_size=4) | st.lists(
            st.dictionaries(st.sampled_from([f.id for f in question.fields]), awkward_text), max_size=3
        )
    else:
        good = awkward_text
    return mostly(good, st.one_of(awkward_text, answer_values), odds=15)


@st.composite
def accepted_like(draw: st.DrawFn) -> dict[str, Any]:
    """An answers file most of whose values fit their questions, with notes, sources, events,
    plugin names and evidence that are sometimes odd."""
    catalogue = installed()[0]
    questions = draw(st.lists(st.sampled_from(catalogue.questions), max_size=15, unique_by=lambda q: q.id))
    decision: dict[str, Any] = {"title": draw(awkward_text.filter(lambda t: t.strip() and "\n" not in t))}
    answers: dict[str, Any] = {}
    for question in questions:
        value = draw(plausible(question))
        if draw(st.integers(1, 4)) == 1:
            value = {
                "value": value,
                "note": draw(awkward_text),
                "sources": draw(st.lists(awkward_text, max_size=3)),
            }
        if question.id.startswith("decision."):
            decision[question.id.split(".", 1)[1]] = value
        else:
            answers[question.id] = value
    data: dict[str, Any] = {"format": 1, "decision": decision, "answers": answers}
    if draw(st.booleans()):
        data["plugins"] = draw(
            st.dictionaries(st.sampled_from(["housing", "transport", "x; rm", "ok-1.2"]), awkward_text)
        )
    if draw(st.booleans()):
        events = st.fixed_dictionaries(
            {"at": awkward_text, "event": st.sampled_from(["created", "resumed", "signed_off", "merged"])},
            optional={"by": awkward_text, "note": awkward_text},
        )
        data["events"] = draw(st.lists(events, max_size=4))
    return data


def render_everything(text: str) -> None:
    """What `hiap render` does after `hiap check` said OK: assess, then every built-in format."""
    from hiap.pipeline import assess
    from hiap.render.docx_writer import render_docx
    from hiap.render.json_writer import to_json
    from hiap.render.markdown_writer import to_markdown

    engine = _ENGINE()
    located = yamlio.loads(text, path="fuzz.hiap.yaml", what="answers file")
    answers = answers_file.parse(located)
    assert not answers_file.validate(answers, engine.catalogue, path="fuzz.hiap.yaml", located=located)
    assessment = assess(answers, engine)
    to_markdown(assessment, "C")
    to_json(assessment)
    render_docx(assessment, {"appendix": "C", "council": {}})


@functools.cache
def _ENGINE() -> Any:
    from hiap.pipeline import open_engine

    return open_engine()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(accepted_like())
@example(
    {
        "format": 1,
        "decision": {"title": "No"},
        "answers": {"screening.reach": {"value": "thousands", "sources": ["ab"]}},
    }
)
@example(
    {
        "format": 1,
        "decision": {"title": "x", "meeting_date": "9999-12-31"},
        "answers": {"monitoring.review_date": "0001-01-01"},
    }
)
def test_whatever_check_accepts_render_renders(data: dict[str, Any]) -> None:
    text = _dump(data)
    try:
        located = yamlio.loads(text, path="fuzz.hiap.yaml", what="answers file")
        answers = answers_file.parse(located)
        if answers_file.validate(answers, _ENGINE().catalogue, path="fuzz.hiap.yaml", located=located):
            return  # check refuses it: exit 2 with its lines
    except InputError:
        return
    render_everything(text)  # check accepted it: render must not fail
