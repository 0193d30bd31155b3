"""The merged set of checklists in interview order, with every condition parsed and checked.

One forward pass decides which questions apply: a condition may read only questions that come
before it (or decision fields), so the order can be previewed, listed and replayed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from hiap.checklist import conditions
from hiap.checklist.conditions import ConditionError, Node
from hiap.checklist.roles import RoleTable
from hiap.checklist.route import SUGGESTED_CONCLUSION, is_derived
from hiap.errors import InputError, InputErrors, did_you_mean
from hiap.models.checklist import Checklist, Indicator, Mitigation, PopulationGroup, Question, Section
from hiap.models.principles import CONCLUSIONS, DECISION_KINDS, SIGNAL_VALUES

Lookup = Callable[[str], Any]

#: Past this many problems, skip the did-you-mean search: it compares a word with every id, so a
#: huge broken file (thousands of bad references) would otherwise take hours to report.
_HINTED = 50


def _suggest(errors: list[InputError], word: str, choices: Iterable[str]) -> str | None:
    return did_you_mean(word, choices) if len(errors) < _HINTED else None


@dataclass
class Catalogue:
    """Every question in interview order, with its section, conditions and roles resolved once.

    Which questions apply is decided by ``hiap.checklist.route.route``; this holds the data."""

    checklists: list[Checklist]
    sections: list[Section]
    questions: list[Question]
    by_id: dict[str, Question]
    section_of: dict[str, Section]
    groups: dict[str, PopulationGroup]
    mitigations: list[Mitigation]
    indicators: list[Indicator]
    conditions: dict[str, Node] = field(default_factory=dict)
    section_conditions: dict[str, Node] = field(default_factory=dict)
    mitigation_conditions: dict[str, Node] = field(default_factory=dict)
    #: question id -> its place in interview order
    position: dict[str, int] = field(default_factory=dict)
    #: the questions with an option that scores some principle (they feed ``signals.pN``)
    scores_any: set[str] = field(default_factory=set)
    roles: RoleTable = field(default_factory=lambda: RoleTable(()))
    #: ids earlier checklist versions asked and these no longer do -> why (their answers are kept)
    retired: dict[str, str] = field(default_factory=dict)
    _options: dict[str, tuple[Any, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.position = {q.id: i for i, q in enumerate(self.questions)}
        self.scores_any = {q.id for q in self.questions if any(o.scores for o in q.options)}
        self.roles = RoleTable(self.questions)
        self.retired = {
            qid: why
            for checklist in self.checklists
            for step in checklist.upgrades
            for qid, why in step.retired.items()
            if qid not in self.by_id
        }

    def options(self, question: Question) -> tuple[Any, ...]:
        """The options a question offers; rating and group options are built once, not per call."""
        found = self._options.get(question.id)
        if found is None:
            if question.type == "each":  # one line per item chosen in the questions it reads
                items = {o.value: o for ref in question.each for o in self.options(self.by_id[ref])}
                found = tuple(items.values())
            else:
                found = question.choice_options(self.groups)
            self._options[question.id] = found
        return found

    def row(self, question: Question) -> list[Question]:
        """The questions of ``question``'s compound row (just itself when it has none)."""
        if question.row is None:
            return [question]
        return [q for q in self.section_of[question.id].questions if q.row == question.row]

    def origins(self) -> dict[str, str]:
        return {c.id: c.version for c in self.checklists}


def build(checklists: Iterable[Checklist]) -> Catalogue:
    """Merge checklists (core first, then plugins in load order) and check every reference."""
    ordered = list(checklists)
    errors: list[InputError] = []
    sections: list[Section] = []
    groups: dict[str, PopulationGroup] = {}
    mitigations: list[Mitigation] = []
    indicators: list[Indicator] = []
    for checklist in ordered:
        for group in checklist.groups:
            if group.id in groups:
                errors.append(InputError(f"population group '{group.id}' is defined twice", file=checklist.path))
            groups[group.id] = group
        mitigations.extend(checklist.mitigations)
        indicators.extend(checklist.indicators)
        if not checklist.sections:
            continue
        if checklist.origin != "core":
            _check_namespace(checklist, errors)
        anchor = (
            checklist.after if checklist.after else (_sector_anchor(sections) if checklist.origin != "core" else None)
        )
        if anchor is None:
            sections.extend(checklist.sections)
            continue
        position = _after_section(sections, anchor)
        if position is None:
            if checklist.after:
                hint = (
                    _suggest(errors, anchor, [s.id for s in sections])
                    or "use the id of a section listed by 'hiap checklists'"
                )
                errors.append(
                    InputError(f"'after: {anchor}' names no section", file=checklist.path, field="after", hint=hint)
                )
            sections.extend(checklist.sections)
        else:
            sections[position:position] = list(checklist.sections)

    by_id: dict[str, Question] = {}
    section_of: dict[str, Section] = {}
    questions: list[Question] = []
    section_ids: set[str] = set()
    for section in sections:
        if section.id in section_ids:
            errors.append(
                InputError(
                    f"section id '{section.id}' is used twice",
                    file=(section.file or _path(ordered, section.origin)),
                    line=section.line,
                    hint="section ids must be unique across every checklist and plugin",
                )
            )
        section_ids.add(section.id)
        for question in section.questions:
            if question.id in by_id:
                first = by_id[question.id]
                errors.append(
                    InputError(
                        f"question id '{question.id}' is already used (by {first.origin}, line {first.line})",
                        file=(question.file or _path(ordered, question.origin)),
                        line=question.line,
                        hint="ids must be unique across every checklist and plugin",
                    )
                )
                continue
            by_id[question.id] = question
            section_of[question.id] = section
            questions.append(question)

    catalogue = Catalogue(ordered, sections, questions, by_id, section_of, groups, mitigations, indicators)
    _check_conditions(catalogue, ordered, errors)
    _check_group_refs(catalogue, ordered, errors)
    _check_shapes(catalogue, ordered, errors)
    if errors:
        raise InputErrors(errors)
    return catalogue


def _path(checklists: list[Checklist], origin: str) -> str | None:
    for checklist in checklists:
        if checklist.origin == origin:
            return checklist.path
    return None


def _sector_anchor(sections: list[Section]) -> str:
    """Where a plugin's sections go by default: after the section that asks which sectors the
    decision touches, since that answer is what switches a sector's questions on."""
    for section in sections:
        if any(q.role == "sectors" for q in section.questions):
            return section.id
    return "screening"


def _after_section(sections: list[Section], anchor: str) -> int | None:
    for index, section in enumerate(sections):
        if section.id == anchor:
            position = index + 1
            # keep earlier plugins' sections that were placed after the same anchor before ours
            while position < len(sections) and sections[position].origin not in ("core", sections[index].origin):
                position += 1
            return position
    return None


def _check_namespace(checklist: Checklist, errors: list[InputError]) -> None:
    prefix = checklist.origin + "."
    for section in checklist.sections:
        for question in section.questions:
            if not question.id.startswith(prefix):
                errors.append(
                    InputError(
                        f"question id '{question.id}' is not in the plugin's namespace",
                        file=checklist.path,
                        line=question.line,
                        hint=f"start it with '{prefix}', for example '{prefix}{question.id.split('.')[-1]}'",
                    )
                )


def _check_conditions(catalogue: Catalogue, checklists: list[Checklist], errors: list[InputError]) -> None:
    seen: set[str] = set()
    for section in catalogue.sections:
        path = section.file or _path(checklists, section.origin)
        if section.when:
            node = _parse(section.when, path, section.line, f"section '{section.id}': when", errors)
            if node is not None:
                _check_refs(node, seen, catalogue, path, section.line, f"section '{section.id}': when", errors)
                catalogue.section_conditions[section.id] = node
        for question in section.questions:
            if question.when:
                where = f"question '{question.id}': when"
                node = _parse(question.when, path, question.line, where, errors)
                if node is not None:
                    _check_refs(node, seen, catalogue, path, question.line, where, errors)
                    catalogue.conditions[question.id] = node
            seen.add(question.id)
    everything = set(catalogue.by_id)
    for mitigation in catalogue.mitigations:
        if mitigation.when:
            path = mitigation.file or _path(checklists, mitigation.origin)
            where = f"mitigation '{mitigation.id}': when"
            node = _parse(mitigation.when, path, mitigation.line, where, errors)
            if node is not None:
                _check_refs(node, everything, catalogue, path, mitigation.line, where, errors)
                catalogue.mitigation_conditions[mitigation.id] = node


#: conditions already parsed, text -> tree: the compiled catalogue seeds it (``hiap.checklist.cache``),
#: and each build of a run (one per plugin checklist) reuses the trees of the builds before it
parsed: dict[str, Node] = {}
_PARSED_MAX = 20_000


def _parse(text: str, path: str | None, line: int | None, where: str, errors: list[InputError]) -> Node | None:
    node = parsed.get(text)
    if node is not None:
        return node
    try:
        node = conditions.parse(text)
    except ConditionError as exc:
        errors.append(InputError(str(exc), file=path, line=line, field=where))
        return None
    if len(parsed) >= _PARSED_MAX:
        parsed.clear()
    parsed[text] = node
    return node


def _check_refs(
    node: Node,
    allowed: set[str],
    catalogue: Catalogue,
    path: str | None,
    line: int | None,
    where: str,
    errors: list[InputError],
) -> None:
    for ref in conditions.references(node):
        if ref.id in allowed or is_derived(ref.id):
            continue
        if ref.id in catalogue.by_id:
            errors.append(
                InputError(
                    f"'{ref.id}' is asked later, so it cannot decide whether this is asked",
                    file=path,
                    line=line,
                    field=where,
                    hint="refer only to earlier questions",
                )
            )
        else:
            hint = _suggest(errors, ref.id, allowed) or "use the id of an earlier question"
            errors.append(InputError(f"'{ref.id}' is not a question id", file=path, line=line, field=where, hint=hint))
    for compare in conditions.comparisons(node):
        _check_values(compare, catalogue, path, line, where, errors)


def _check_values(
    compare: conditions.Compare,
    catalogue: Catalogue,
    path: str | None,
    line: int | None,
    where: str,
    errors: list[InputError],
) -> None:
    """A comparison with a value that the question can never hold is a typo, caught now."""
    for ref_side, value_side in ((compare.left, compare.right), (compare.right, compare.left)):
        if not isinstance(ref_side, conditions.Ref) or not isinstance(value_side, conditions.Const):
            continue
        values = value_side.value if isinstance(value_side.value, tuple) else (value_side.value,)
        if is_derived(ref_side.id):
            known: tuple[str, ...] = tuple(CONCLUSIONS) if ref_side.id == SUGGESTED_CONCLUSION else SIGNAL_VALUES
            for value in values:
                if value is not None and value not in known:
                    suggestion = _suggest(errors, str(value), known) or f"its values are: {', '.join(known)}"
                    errors.append(
                        InputError(
                            f"'{ref_side.id}' can never be {value!r}",
                            file=path,
                            line=line,
                            field=where,
                            hint=suggestion,
                        )
                    )
            continue
        question = catalogue.by_id.get(ref_side.id)
        if question is None:
            continue
        if question.type == "multi" and compare.op in ("==", "!=") and ref_side is compare.left:
            errors.append(
                InputError(
                    f"'{question.id}' can hold several answers, so '{compare.op}' compares the whole list",
                    file=path,
                    line=line,
                    field=where,
                    hint=f"write '\"value\" in {question.id}' (or 'not in')",
                )
            )
            continue
        if question.role == "kind":
            allowed = list(DECISION_KINDS)
        elif question.type in ("choice", "multi", "rating"):
            allowed = [o.value for o in catalogue.options(question)]
        elif question.type == "yesno":
            allowed = [True, False, None]  # type: ignore[list-item]
        else:
            continue
        for value in values:
            if value is None or value in allowed:
                continue
            hint = _suggest(errors, str(value), [str(a) for a in allowed]) if isinstance(value, str) else None
            errors.append(
                InputError(
                    f"'{ref_side.id}' can never be {value!r}",
                    file=path,
                    line=line,
                    field=where,
                    hint=hint or f"its values are: {', '.join(str(a) for a in allowed)}",
                )
            )


def _check_group_refs(catalogue: Catalogue, checklists: list[Checklist], errors: list[InputError]) -> None:
    if not catalogue.groups:
        return
    known = set(catalogue.groups)

    def check(ids: Iterable[str], path: str | None, line: int | None, where: str) -> None:
        for gid in ids:
            if gid not in known:
                hint = _suggest(errors, gid, known) or "use a group id listed by 'hiap checklists'"
                errors.append(
                    InputError(f"unknown population group '{gid}'", file=path, line=line, field=where, hint=hint)
                )

    for question in catalogue.questions:
        path = question.file or _path(checklists, question.origin)
        check(question.groups, path, question.line, f"question '{question.id}': groups")
        for option in question.options:
            check(option.groups, path, question.line, f"question '{question.id}': option '{option.value}': groups")
            where = f"question '{question.id}': option '{option.value}': rules_out"
            check(option.rules_out, path, question.line, where)
    for mitigation in catalogue.mitigations:
        check(
            mitigation.groups,
            (mitigation.file or _path(checklists, mitigation.origin)),
            mitigation.line,
            f"mitigation '{mitigation.id}': groups",
        )
    mitigation_ids = {m.id for m in catalogue.mitigations}
    for question in catalogue.questions:
        for option in question.options:
            for mid in option.suggests:
                if mid not in mitigation_ids:
                    hint = (
                        _suggest(errors, mid, mitigation_ids)
                        or "use the id of a mitigation in a checklist's 'mitigations'"
                    )
                    errors.append(
                        InputError(
                            f"unknown mitigation '{mid}'",
                            file=(question.file or _path(checklists, question.origin)),
                            line=question.line,
                            field=f"question '{question.id}': option '{option.value}': suggests",
                            hint=hint,
                        )
                    )


def _check_shapes(catalogue: Catalogue, checklists: list[Checklist], errors: list[InputError]) -> None:
    """Compound rows sit together in one section; 'each' reads earlier multiple-choice questions."""
    for section in catalogue.sections:
        closed: set[str] = set()
        current: str | None = None
        for question in section.questions:
            if question.row != current and current is not None:
                closed.add(current)
            current = question.row
            if question.row is not None and question.row in closed:
                errors.append(
                    InputError(
                        f"question '{question.id}' is in row '{question.row}', whose other questions come earlier",
                        file=question.file or _path(checklists, question.origin),
                        line=question.line,
                        field=f"question '{question.id}': row",
                        hint="keep the questions of a row next to each other",
                    )
                )
    for question in catalogue.questions:
        for ref in question.each:
            source = catalogue.by_id.get(ref)
            where = f"question '{question.id}': each"
            path = question.file or _path(checklists, question.origin)
            if source is None or catalogue.position[ref] >= catalogue.position[question.id]:
                hint = (
                    _suggest(errors, ref, list(catalogue.by_id)) or "use the id of an earlier multiple-choice question"
                )
                errors.append(
                    InputError(
                        f"'{ref}' is not an earlier question", file=path, line=question.line, field=where, hint=hint
                    )
                )
            elif source.type != "multi":
                errors.append(
                    InputError(
                        f"'{ref}' is a {source.type} question; 'each' needs a multiple-choice one",
                        file=path,
                        line=question.line,
                        field=where,
                    )
                )
