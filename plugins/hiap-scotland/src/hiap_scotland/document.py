"""The document's Scotland section: the Fairer Scotland Duty stage by stage (or its declaration),
the equality impact assessment, children's rights and wellbeing, and island communities.

Everything printed as the council's is the assessor's own answer, or the sign-off recorded by
``hiap review``; the rest states the law. Where an answer is still to give, the section says so.
"""

from __future__ import annotations

from typing import Any

from hiap.api import (
    Block,
    DocSection,
    Heading,
    Paragraph,
    Table,
    as_sentence,
    conclusion_words,
    group_people,
    listing,
    long_date,
)

TITLE = "Equality, Fairer Scotland and children's rights (Scotland)"
SECTION_ID = "scotland.findings"  # the principle sections point readers here by this id
NOT_GIVEN = "Not answered yet"


def _chosen(found: Any) -> list[str]:
    """The option values an answer holds (one, or a list of them)."""
    value = found.value
    if isinstance(value, list):
        return [str(v) for v in value]
    return [] if value is None else [str(value)]


def recorded_nation(a: Any) -> str | None:
    """The decision's nation as recorded (``decision.nation``), as its option value."""
    nation = a.decision_values.get("nation") or next(
        (q.value for q in a.answered if q.id == "decision.nation" and q.kept_because is None), None
    )
    return str(nation) if nation else None


def scotland_section(a: Any) -> DocSection | None:
    """The section, or None when the decision is not recorded as Scottish (the questions were not asked)."""
    given = {q.id: q for q in a.answered if q.origin == "scotland" and q.kept_because is None}
    if a.route == "none":
        if recorded_nation(a) != "scotland":
            return None
        return _section([_declaration(a, a.route_reason, screened=True)])
    gate = given.get("scotland.strategic")
    level = _chosen(gate) if gate is not None else []
    if not level:
        return None
    strategic = level == ["strategic"]
    blocks: list[Block] = [
        Paragraph(
            text="What Scottish law asks of this decision beside its health effects: the Fairer Scotland "
            "Duty, the equality impact assessment"
            + (", children's rights and wellbeing" if "scotland.crwia_rights" in given else "")
            + (" and island communities" if "scotland.island_effect" in given else "")
            + "."
        ),
        Heading(level=1, text="Fairer Scotland Duty"),
    ]
    if strategic:
        blocks += _stages(a, given)
    else:
        blocks.append(_declaration(a, _answer(given, "scotland.not_required"), screened=False))
    blocks += _equality(a, given)
    blocks += _children(given)
    blocks += _islands(given)
    if "scotland.local_plan" in given:
        blocks.append(Heading(level=1, text="Local plan to reduce health inequalities"))
        blocks.append(Paragraph(text=f"Community Planning Partnership plan: {given['scotland.local_plan'].answer}"))
        blocks += _note(given, "scotland.local_plan")
    return _section(blocks)


def _section(blocks: list[Block]) -> DocSection:
    return DocSection(id=SECTION_ID, title=TITLE, after="groups", blocks=tuple(blocks))


def _answer(given: dict[str, Any], qid: str) -> str:
    found = given.get(qid)
    return found.answer if found is not None else NOT_GIVEN


def _note(given: dict[str, Any], qid: str) -> list[Block]:
    found = given.get(qid)
    if found is None or not found.note:
        return []
    return [Paragraph(text=f"Assessor's note: {as_sentence(found.note)}")]


def _with_note(given: dict[str, Any], qid: str, text: str) -> str:
    found = given.get(qid)
    return f"{text} {as_sentence(found.note)}" if found is not None and found.note else text


def _signed(a: Any) -> str | None:
    return a.signoff.get("approver") if getattr(a, "signoff", None) else None


def _declaration(a: Any, rationale: str | None, *, screened: bool) -> Table:
    """The guidance's Annex B "assessment not required" declaration, filled from the answers."""
    approver = _signed(a)
    rows = (
        ("Policy title", a.title),
        ("Directorate", a.decision.get("directorate") or "Not recorded"),
        ("Policy lead", a.decision.get("assessor") or "Not recorded"),
        (
            "Rationale for the decision not to assess",
            (rationale or NOT_GIVEN) + (" (the reason given for screening the decision out)" if screened else ""),
        ),
        (
            "Authorised by",
            approver if approver else "Not yet authorised: the approver confirms it at sign-off",
        ),
    )
    return Table(
        caption="Fairer Scotland Duty: assessment not required declaration",
        header=("Item", "Record"),
        rows=rows,
    )


def _stages(a: Any, given: dict[str, Any]) -> list[Block]:
    evidence = given.get("scotland.evidence")
    if "scotland.improve" in given:
        improvement = given["scotland.improve"].answer
    else:
        forms = _answer(given, "scotland.disadvantage")
        improvement = f"Forms of disadvantage affected: {forms}. How it could reduce inequalities of outcome: " + (
            a.socio_economic_how or NOT_GIVEN
        )
    approver = _signed(a)
    rows = (
        ("1. Planning", _with_note(given, "scotland.strategic", "A strategic decision, so the Duty applies.")),
        ("2. Evidence", evidence.answer if evidence is not None else NOT_GIVEN),
        ("3. Assessment and improvement", improvement),
        (
            "4. Decision",
            f"Due regard confirmed at sign-off by {approver}."
            if approver
            else "Not yet confirmed: an appropriate officer confirms at sign-off that due regard has been paid.",
        ),
        ("5. Publication", _answer(given, "scotland.publication")),
    )
    return [
        Table(caption="Fairer Scotland Duty: the five stages", header=("Stage", "What the council did"), rows=rows),
        *_note(given, "scotland.evidence"),
    ]


#: the protected characteristics (Equality Act 2010, s4), in the Act's order, as printed
CHARACTERISTICS = (
    ("age", "Age"),
    ("disability", "Disability"),
    ("gender_reassignment", "Gender reassignment"),
    ("marriage_civil_partnership", "Marriage and civil partnership"),
    ("pregnancy_maternity", "Pregnancy and maternity"),
    ("race", "Race"),
    ("religion_belief", "Religion or belief"),
    ("sex", "Sex"),
    ("sexual_orientation", "Sexual orientation"),
)
#: groups filed elsewhere in the groups checklist, and the protected characteristic each bears on
#: (the characteristic most of the group share, or that defines it); groups with none are left to
#: the socio-economic and island parts
BEARS_ON = {
    "children_young_people": "age",
    "children_poverty": "age",
    "neet": "age",
    "older_alone": "age",
    "lone_parents": "sex",
    "limited_english": "race",
    "gypsy_roma_traveller": "race",
    "migrants_refugees": "race",
    "learning_disability_autism": "disability",
    "severe_mental_illness": "disability",
}


def _by_characteristic(groups: Any) -> str:
    """The groups the assessor named, under the protected characteristic each bears on.

    Only groups the assessor chose are named: a characteristic with none of them is left out."""
    under: dict[str, list[str]] = {}
    for g in groups:
        if (g.family or "").startswith("Protected characteristics"):
            key: str | None = g.id
        else:
            key = BEARS_ON.get(g.id)
        people = group_people(g)  # as the assessor's own line names them ("women", not "women and men")
        if key is not None and people not in under.setdefault(key, []):
            under[key].append(people)
    lines = [f"{name}: {listing(under[key])}." for key, name in CHARACTERISTICS if under.get(key)]
    if not lines:
        return "The assessor named no group sharing a protected characteristic as affected."
    return " ".join(lines)


def _equality(a: Any, given: dict[str, Any]) -> list[Block]:
    evidence = set(_chosen(given["scotland.evidence"])) if "scotland.evidence" in given else set()
    groups = _by_characteristic(a.groups)
    conclusion = conclusion_words(a.conclusion)
    rows = (
        ("People sharing a protected characteristic who are affected, by the characteristic they bear on", groups),
        (
            "Evidence from people who share the characteristics affected",
            "Used" if "protected_groups" in evidence else "Not recorded",
        ),
        ("The three needs of the general duty", a.psed or NOT_GIVEN),
        (
            "Results taken into account",
            f"Conclusion: {conclusion}; actions in the action plan." if conclusion else NOT_GIVEN,
        ),
        ("Publication of the results", _answer(given, "scotland.publication")),
        ("Review", long_date(a.review_date) if a.review_date else NOT_GIVEN),
    )
    return [
        Heading(level=1, text="Equality impact assessment"),
        Table(
            caption="Equality impact assessment under the Scottish specific duties (regulation 5)",
            header=("Stage", "What the assessment records"),
            rows=rows,
        ),
    ]


def _children(given: dict[str, Any]) -> list[Block]:
    if "scotland.crwia_rights" not in given:
        return []
    rows = [
        ("Rights engaged", given["scotland.crwia_rights"].answer),
        ("Overall impact on children's rights and wellbeing", _answer(given, "scotland.crwia_effect")),
    ]
    if "scotland.crwia_compatibility" in given:
        rows.append(("Compatibility with the UNCRC requirements", given["scotland.crwia_compatibility"].answer))
    if "scotland.crwia_views" in given:
        rows.append(("Children and young people's views", given["scotland.crwia_views"].answer))
    return [
        Heading(level=1, text="Children's rights and wellbeing"),
        Table(
            caption="Children's rights and wellbeing impact assessment", header=("Item", "Finding"), rows=tuple(rows)
        ),
        Paragraph(
            text="A children's rights and wellbeing impact assessment is a statutory duty for the Scottish "
            "Ministers only; for the council it is voluntary good practice. The council must not act "
            "incompatibly with the UNCRC requirements when exercising functions conferred by Acts of the "
            "Scottish Parliament, Scottish instruments or the common law (UNCRC (Incorporation) (Scotland) "
            "Act 2024, s6); a function under an Act of the UK Parliament is outside s6."
        ),
    ]


def _islands(given: dict[str, Any]) -> list[Block]:
    if "scotland.island_effect" not in given:
        return []
    effect = given["scotland.island_effect"]
    blocks: list[Block] = [
        Heading(level=1, text="Island communities"),
        Paragraph(text=f"Effect on island communities: {effect.answer}"),
    ]
    if _chosen(effect) == ["not_different"]:
        # the question is asked only where the assessor named island communities as affected, so
        # s8(4) bites for a relevant authority: no assessment, but an effect on an island community
        blocks.append(
            Paragraph(
                text="No island communities impact assessment was prepared, but the assessor named island "
                "communities among the groups affected. A council listed in the schedule to the Islands "
                "(Scotland) Act 2018 must publish an explanation of its reasons for not preparing one, as soon "
                "as reasonably practicable afterwards and in the manner it considers appropriate (s8(4))."
            )
        )
        blocks += _note(given, "scotland.island_effect")
    if "scotland.icia" in given:
        blocks.append(Paragraph(text=f"Island communities impact assessment: {given['scotland.icia'].answer}"))
    return blocks
