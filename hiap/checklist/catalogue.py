"""The merged set of checklists in interview order, with every condition parsed and checked.

One forward pass decides which questions apply: a condition may read only questions that come
before it (or decision fields), so the order can be previewed, listed and replayed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hiap.checklist import conditions
from hiap.checklist.conditions import ConditionError, Node
from hiap.errors import InputError, InputErrors, did_you_mean
from hiap.models.checklist import Checklist, Indicator, Mitigation, PopulationGroup, Question, Section
from hiap.models.principles import DECISION_KINDS, SIGNAL_VALUES, roll_up_impacts

Lookup = Callable[[str], Any]

#: Past this many problems, skip the did-you-mean search: it compares a word with every id, so a
#: huge broken file (thousands of bad references) would otherwise take hours to report.
_HINTED = 50


def _suggest(errors: list[InputError], word: str, choices: Iterable[str]) -> str | None:
    return did_you_mean(word, choices) if len(errors) < _HINTED else None


@dataclass
class Catalogue:
    checklists: list[Checklist]
    sections: list[Section]
    questions: list[Question]
    by_id: dict[str, Question]
    section_of: dict[str, Section]
    groups: dict[str, PopulationGroup]
    mitigations: list[Mitigation]
    indicators: list[Indicator]
    conditions: dict[str, Node] = field(default_factory=dict)
    #: questions whose conditions (or whose section's) read ``signals.pN``
    reads_signals: set[str] = field(default_factory=set)
    _options: dict[str, tuple[Any, ...]] = field(default_factory=dict, repr=False)
    section_conditions: dict[str, Node] = field(default_factory=dict)
    mitigation_conditions: dict[str, Node] = field(default_factory=dict)

    # -- which questions apply -------------------------------------------------------------
    def section_applies(self, section: Section, get: Lookup) -> bool:
        if section.kinds and get("decision.kind") not in section.kinds:
            return False
        node = self.section_conditions.get(section.id)
        return node is None or conditions.evaluate(node, get)

    def applies(self, question: Question, get: Lookup, sections: dict[str, bool] | None = None) -> bool:
        """Whether a question is asked, given the answers so far (its section's rules included).

        ``sections`` caches each section's verdict during one forward pass: a section's
        condition reads only questions before it, so it cannot change within the section.
        """
        if question.id in self.reads_signals:
            get = self.with_signals(get)
        section = self.section_of[question.id]
        verdict = sections.get(section.id) if sections is not None else None
        if verdict is None:
            verdict = self.section_applies(section, get)
            if sections is not None:
                sections[section.id] = verdict
        if not verdict:
            return False
        if question.kinds and get("decision.kind") not in question.kinds:
            return False
        node = self.conditions.get(question.id)
        return node is None or conditions.evaluate(node, get)

    def with_signals(self, get: Lookup) -> Lookup:
        """A lookup that also answers ``signals.pN``: what scored answers so far suggest."""

        def lookup(key: str) -> Any:
            if key.startswith("signals.p") and key[9:].isdigit():
                return self.signal(int(key[9:]), get)
            return get(key)

        return lookup

    def scored_answers(self, principle: int, get: Lookup) -> list[tuple[Question, Any]]:
        """(question, chosen option) for every answer whose option scores this principle."""
        found: list[tuple[Question, Any]] = []
        for question in self.questions:
            if question.type not in ("choice", "multi"):
                continue
            chosen = get(question.id)
            if chosen is None:
                continue
            chosen = chosen if isinstance(chosen, list) else [chosen]
            found.extend((question, o) for o in question.options if o.value in chosen and principle in o.scores)
        return found

    def signal(self, principle: int, get: Lookup) -> str | None:
        impacts = [option.scores[principle] for _, option in self.scored_answers(principle, get)]
        return roll_up_impacts(impacts)[0] if impacts else None

    def active(self, get: Lookup) -> list[Question]:
        return [q for q in self.questions if self.applies(q, get)]

    def options(self, question: Question) -> tuple[Any, ...]:
        """The options a question offers; rating and group options are built once, not per call."""
        found = self._options.get(question.id)
        if found is None:
            found = self._options[question.id] = question.choice_options(self.groups)
        return found

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
        anchor = checklist.after if checklist.after else ("screening" if checklist.origin != "core" else None)
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
    if errors:
        raise InputErrors(errors)
    return catalogue


def _path(checklists: list[Checklist], origin: str) -> str | None:
    for checklist in checklists:
        if checklist.origin == origin:
            return checklist.path
    return None


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
            section_node = catalogue.section_conditions.get(section.id)
            for tree in (catalogue.conditions.get(question.id), section_node):
                if tree is not None and any(_is_signal(r.id) for r in conditions.references(tree)):
                    catalogue.reads_signals.add(question.id)
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


def _parse(text: str, path: str | None, line: int | None, where: str, errors: list[InputError]) -> Node | None:
    try:
        return conditions.parse(text)
    except ConditionError as exc:
        errors.append(InputError(str(exc), file=path, line=line, field=where))
        return None


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
        if ref.id in allowed or _is_signal(ref.id):
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
        if _is_signal(ref_side.id):
            for value in values:
                if value is not None and value not in SIGNAL_VALUES:
                    suggestion = (
                        _suggest(errors, str(value), SIGNAL_VALUES) or f"its values are: {', '.join(SIGNAL_VALUES)}"
                    )
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
        if question.id == "decision.kind":
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


def _is_signal(ref: str) -> bool:
    return ref.startswith("signals.p") and ref[9:].isdigit() and 1 <= int(ref[9:]) <= 8


def lookup_from(values: Mapping[str, Any]) -> Lookup:
    return values.get
