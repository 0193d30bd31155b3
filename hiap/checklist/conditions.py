"""The closed ``when`` grammar: parsed into a small tree, checked, and walked. Never ``eval``.

Allowed: comparisons (``== != < <= > >=``), ``in`` / ``not in``, ``and`` / ``or`` / ``not``,
parentheses, literals (strings, numbers, ``true``/``false``/``yes``/``no``/``null``, lists of
literals) and dotted ids of earlier questions or decision fields (``decision.kind``).
Anything else (calls, subscripts, arithmetic, lambdas, dunder names) is rejected at load time,
naming the offending part.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

MAX_LENGTH = 500

_NAMED_CONSTANTS: dict[str, Any] = {
    "true": True,
    "false": False,
    "yes": True,
    "no": False,
    "null": None,
    "none": None,
}


class ConditionError(ValueError):
    """A condition outside the grammar; the message names the offending part."""


@dataclass(frozen=True, slots=True)
class Ref:
    id: str


@dataclass(frozen=True, slots=True)
class Const:
    value: Any


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str  # "and" | "or"
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Compare:
    op: str  # "==", "!=", "<", "<=", ">", ">=", "in", "not in"
    left: Node
    right: Node


Node = Ref | Const | Not | BoolOp | Compare

_CMP_OPS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}


def parse(expression: str) -> Node:
    """Parse a condition into a tree, or raise ``ConditionError`` naming what is not allowed."""
    if not isinstance(expression, str) or not expression.strip():
        raise ConditionError('the condition is empty; write one such as: decision.kind == "policy"')
    if len(expression) > MAX_LENGTH:
        raise ConditionError(f"the condition is {len(expression)} characters long; the limit is {MAX_LENGTH}")
    text = " ".join(expression.split())
    try:
        # Python only warns about some mistakes ("1and x", "\\d" in a string) on stderr: make them errors
        with warnings.catch_warnings():
            warnings.simplefilter("error", SyntaxWarning)
            warnings.simplefilter("error", DeprecationWarning)
            tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ConditionError(f"cannot read the condition ({exc.msg})") from None
    except (RecursionError, MemoryError, ValueError):
        raise ConditionError("the condition is too deeply nested") from None
    return _convert(tree.body, text)


def _part(node: ast.AST, source: str) -> str:
    return ast.get_source_segment(source, node) or type(node).__name__


def _convert(node: ast.AST, source: str) -> Node:
    if isinstance(node, ast.BoolOp):
        op = "and" if isinstance(node.op, ast.And) else "or"
        return BoolOp(op, tuple(_convert(v, source) for v in node.values))
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            return Not(_convert(node.operand, source))
        if isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
            value = node.operand.value
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return Const(-value)
        raise ConditionError(f"'{_part(node, source)}' is not allowed: only 'not' may stand before a value")
    if isinstance(node, ast.Compare):
        parts: list[Node] = []
        left = _convert(node.left, source)
        for cmp_op, comparator in zip(node.ops, node.comparators, strict=True):
            if type(cmp_op) not in _CMP_OPS:  # 'is' and 'is not'
                raise ConditionError(f"'{_part(node, source)}' is not allowed: use == or != instead of 'is'")
            right = _convert(comparator, source)
            parts.append(Compare(_CMP_OPS[type(cmp_op)], left, right))
            left = right
        return parts[0] if len(parts) == 1 else BoolOp("and", tuple(parts))
    if isinstance(node, ast.Constant):
        if isinstance(node.value, (str, int, float, bool)) or node.value is None:
            return Const(node.value)
        raise ConditionError(f"'{_part(node, source)}' is not an allowed literal")
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        values = []
        for element in node.elts:
            converted = _convert(element, source)
            if not isinstance(converted, Const):
                raise ConditionError(f"'{_part(element, source)}' is not allowed in a list: lists hold literals only")
            values.append(converted.value)
        return Const(tuple(values))
    if isinstance(node, (ast.Name, ast.Attribute)):
        dotted = _dotted(node, source)
        if dotted.lower() in _NAMED_CONSTANTS and "." not in dotted:
            return Const(_NAMED_CONSTANTS[dotted.lower()])
        if "." not in dotted:
            raise ConditionError(
                f"'{dotted}' is not a question id: ids have a dot, such as 'decision.kind' or 'housing.tenure'"
            )
        return Ref(dotted)
    raise ConditionError(f"'{_part(node, source)}' is not allowed: {_describe(node)}")


def _dotted(node: ast.AST, source: str) -> str:
    names: list[str] = []
    current = node
    while isinstance(current, ast.Attribute):
        names.append(current.attr)
        current = current.value
    if not isinstance(current, ast.Name):
        raise ConditionError(f"'{_part(node, source)}' is not allowed: only plain dotted ids may be used")
    names.append(current.id)
    for name in names:
        if name.startswith("_"):
            raise ConditionError(f"'{_part(node, source)}' is not allowed: names may not start with '_'")
    return ".".join(reversed(names))


def _describe(node: ast.AST) -> str:
    kinds: dict[type[ast.AST], str] = {
        ast.Call: "function calls are not part of the grammar",
        ast.Subscript: "indexing is not part of the grammar",
        ast.BinOp: "arithmetic is not part of the grammar",
        ast.Lambda: "lambdas are not part of the grammar",
        ast.IfExp: "'x if y else z' is not part of the grammar",
        ast.ListComp: "comprehensions are not part of the grammar",
        ast.SetComp: "comprehensions are not part of the grammar",
        ast.DictComp: "comprehensions are not part of the grammar",
        ast.GeneratorExp: "comprehensions are not part of the grammar",
        ast.Dict: "dictionaries are not part of the grammar",
        ast.NamedExpr: "assignment is not part of the grammar",
        ast.JoinedStr: "f-strings are not part of the grammar",
        ast.Starred: "'*' is not part of the grammar",
        ast.Await: "'await' is not part of the grammar",
    }
    return kinds.get(type(node), "use comparisons, 'in', 'and', 'or', 'not' and ids only")


def references(node: Node) -> Iterator[Ref]:
    """Every id the condition reads, for the load-time check that each exists and comes earlier."""
    if isinstance(node, Ref):
        yield node
    elif isinstance(node, Not):
        yield from references(node.operand)
    elif isinstance(node, BoolOp):
        for operand in node.operands:
            yield from references(operand)
    elif isinstance(node, Compare):
        yield from references(node.left)
        yield from references(node.right)


def comparisons(node: Node) -> Iterator[Compare]:
    if isinstance(node, Compare):
        yield node
    elif isinstance(node, Not):
        yield from comparisons(node.operand)
    elif isinstance(node, BoolOp):
        for operand in node.operands:
            yield from comparisons(operand)


Lookup = Callable[[str], Any]


def evaluate(node: Node, lookup: Lookup | Mapping[str, Any]) -> bool:
    """Walk the tree against answers. Unanswered ids read as null; never raises on data."""
    get = lookup.get if isinstance(lookup, Mapping) else lookup
    return bool(_value(node, get))


def _value(node: Node, get: Lookup) -> Any:
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Ref):
        return get(node.id)
    if isinstance(node, Not):
        return not _value(node.operand, get)
    if isinstance(node, BoolOp):
        if node.op == "and":
            return all(_value(o, get) for o in node.operands)
        return any(_value(o, get) for o in node.operands)
    left = _value(node.left, get)
    right = _value(node.right, get)
    return _compare(node.op, left, right)


#: Says whether an id's value is not known yet (a question still to be answered).
Unknown = Callable[[str], bool]

_MAYBE = object()


def evaluate3(node: Node, lookup: Lookup, unknown: Unknown) -> bool | None:
    """Kleene's three-valued walk: ``None`` when the answer depends on values not known yet.

    Used to count the questions that may still come, so the figure an officer is shown only
    narrows as answers are given."""
    return _truth3(node, lookup, unknown)


def _truth3(node: Node, get: Lookup, unknown: Unknown) -> bool | None:
    if isinstance(node, Not):
        inner = _truth3(node.operand, get, unknown)
        return None if inner is None else not inner
    if isinstance(node, BoolOp):
        verdicts = [_truth3(o, get, unknown) for o in node.operands]
        if node.op == "and":
            return False if False in verdicts else (None if None in verdicts else True)
        return True if True in verdicts else (None if None in verdicts else False)
    if isinstance(node, Compare):
        left = _value3(node.left, get, unknown)
        right = _value3(node.right, get, unknown)
        if left is _MAYBE or right is _MAYBE:
            return None
        return _compare(node.op, left, right)
    value = _value3(node, get, unknown)
    return None if value is _MAYBE else bool(value)


def _value3(node: Node, get: Lookup, unknown: Unknown) -> Any:
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Ref):
        return _MAYBE if unknown(node.id) else get(node.id)
    verdict = _truth3(node, get, unknown)
    return _MAYBE if verdict is None else verdict


def _compare(op: str, left: Any, right: Any) -> bool:
    if op in ("in", "not in"):
        found = _contains(left, right)
        return found if op == "in" else not found
    if op == "==":
        return _equal(left, right)
    if op == "!=":
        return not _equal(left, right)
    try:
        if left is None or right is None or isinstance(left, (list, tuple)) or isinstance(right, (list, tuple)):
            return False
        if op == "<":
            return bool(left < right)
        if op == "<=":
            return bool(left <= right)
        if op == ">":
            return bool(left > right)
        return bool(left >= right)
    except TypeError:
        return False


def _equal(left: Any, right: Any) -> bool:
    # A multiple-choice answer equals a single value when it holds exactly that value.
    if isinstance(left, (list, tuple)) and not isinstance(right, (list, tuple)):
        return list(left) == [right]
    return bool(left == right)


def _contains(left: Any, right: Any) -> bool:
    """``x in y``: membership; with a multiple-choice answer on either side, any overlap."""
    if right is None:
        return False
    if isinstance(right, (list, tuple)):
        if isinstance(left, (list, tuple)):
            return any(item in right for item in left)
        return left in right
    if isinstance(right, str) and isinstance(left, str):
        return left in right
    return False
