"""The closed `when` grammar: what it accepts, everything it rejects, and how it evaluates."""

from __future__ import annotations

import pytest

from hiap.checklist import conditions
from hiap.checklist.conditions import BoolOp, Compare, ConditionError, Const, Not, Ref


def ev(expr: str, **answers: object) -> bool:
    values = {k.replace("__", "."): v for k, v in answers.items()}
    return conditions.evaluate(conditions.parse(expr), values)


def test_parses_into_a_tree_not_code() -> None:
    node = conditions.parse('decision.kind == "policy" and not p1.relevant')
    assert node == BoolOp("and", (Compare("==", Ref("decision.kind"), Const("policy")), Not(Ref("p1.relevant"))))


@pytest.mark.parametrize(
    ("expr", "answers", "expected"),
    [
        ('decision.kind == "policy"', {"decision__kind": "policy"}, True),
        ('decision.kind != "policy"', {"decision__kind": "policy"}, False),
        ('decision.kind in ["policy", "strategy"]', {"decision__kind": "strategy"}, True),
        ('decision.kind not in ["policy", "strategy"]', {"decision__kind": "budget"}, True),
        ('"housing" in screening.sectors', {"screening__sectors": ["housing", "transport"]}, True),
        ('"housing" in screening.sectors', {"screening__sectors": ["transport"]}, False),
        ('"housing" in screening.sectors', {}, False),
        ('screening.sectors in ["housing", "employment"]', {"screening__sectors": ["transport", "employment"]}, True),
        ("p1.relevant == yes", {"p1__relevant": True}, True),
        ("p1.relevant == no", {"p1__relevant": True}, False),
        ("p1.relevant", {"p1__relevant": True}, True),
        ("not p1.relevant", {}, True),
        ("groups.share >= 20", {"groups__share": 35}, True),
        ("groups.share < 20", {"groups__share": 35}, False),
        ("groups.share < 20", {}, False),
        ("groups.share > -1", {"groups__share": 0}, True),
        ('groups.share < "x"', {"groups__share": 3}, False),
        ("(a.b == 1 or a.c == 2) and not a.d", {"a__b": 0, "a__c": 2}, True),
        ("1 < a.b < 3", {"a__b": 2}, True),
        ("1 < a.b < 3", {"a__b": 3}, False),
        ("a.b == null", {}, True),
        ('p4.effect == "mixed"', {"p4__effect": ["mixed"]}, True),
    ],
)
def test_evaluates(expr: str, answers: dict[str, object], expected: bool) -> None:
    assert ev(expr, **answers) is expected


@pytest.mark.parametrize(
    ("expr", "offending"),
    [
        ("__import__('os').system('id')", "__import__('os').system('id')"),
        ("open('x')", "open('x')"),
        ("a.b.__class__", "names may not start with '_'"),
        ("a.b[0] == 1", "a.b[0]"),
        ("a.b + 1 == 2", "a.b + 1"),
        ("(lambda: 1)() == 1", "lambda"),
        ("[x for x in a.b]", "comprehensions"),
        ("a.b if a.c else a.d", "'x if y else z'"),
        ("{'a': 1} == a.b", "dictionaries"),
        ("(a.b := 1)", "assignment"),
        ("f'{a.b}' == 'x'", "f-strings"),
        ("a.b == b'x'", "literal"),
        ("a.b in [a.c]", "lists hold literals only"),
        ("~a.b", "only 'not' may stand"),
        ("a.b.c()", "function calls"),
        ("foo == 1", "not a question id"),
        ("a.b == 1; import os", "cannot read"),
        ("", "empty"),
        ("a.b == 1 " + "or a.b == 1 " * 60, "limit"),
        ("a.b ==", "cannot read"),
    ],
)
def test_rejects_everything_outside_the_grammar(expr: str, offending: str) -> None:
    with pytest.raises(ConditionError) as info:
        conditions.parse(expr)
    assert offending in str(info.value)


def test_references_lists_every_id() -> None:
    node = conditions.parse('a.b == 1 and ("x" in c.d or not e.f)')
    assert [r.id for r in conditions.references(node)] == ["a.b", "c.d", "e.f"]


def test_named_constants_are_not_ids() -> None:
    assert conditions.parse("a.b == yes") == Compare("==", Ref("a.b"), Const(True))
    assert conditions.parse("a.b == null") == Compare("==", Ref("a.b"), Const(None))
