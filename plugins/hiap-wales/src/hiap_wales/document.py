"""The document's Wales section: the answers read back as a Welsh integrated impact assessment.

Everything printed as the council's is the assessor's own answer; the rest is what the law says,
stated as law ("The duty applies to decisions of a strategic nature"). Where an answer is still
to give, the section says so rather than filling the gap.
"""

from __future__ import annotations

from typing import Any

from hiap.api import Block, DocSection, Heading, Paragraph, Table, as_sentence

TITLE = "Integrated Impact Assessment (Wales)"
SECTION_ID = "wales.findings"  # the principle sections point readers here by this id
NOT_GIVEN = "Not answered yet"

GOALS = (
    ("prosperous", "A prosperous Wales"),
    ("resilient", "A resilient Wales"),
    ("healthier", "A healthier Wales"),
    ("more_equal", "A more equal Wales"),
    ("cohesive", "A Wales of cohesive communities"),
    ("culture_language", "A Wales of vibrant culture and thriving Welsh language"),
    ("globally_responsible", "A globally responsible Wales"),
)
WAYS = (
    ("long_term", "Long term"),
    ("prevention", "Prevention"),
    ("integration", "Integration"),
    ("collaboration", "Collaboration"),
    ("involvement", "Involvement"),
)
_HIA = {
    "strategic_hia": (
        "Yes: a decision of a strategic nature taken after the Regulations start; this assessment "
        "is intended as the health impact assessment they require, to be published and taken into "
        "account (Public Health (Wales) Act 2017, s109). It meets them only if it follows the method the "
        "Regulations prescribe (s108(3)(b)): confirm this, with WHIASU's national guidance, before the decision"
    ),
    "strategic": (
        "Not yet: approved by the Senedd in November 2025, the Regulations apply from April 2027. "
        "This assessment was carried out as good practice"
    ),
    "not_strategic": "No: the Regulations apply to decisions of a strategic nature, and this is not one",
}


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


def wales_section(a: Any) -> DocSection | None:
    """The section, or None when the decision is not recorded as Welsh (the questions were not asked)."""
    given = {q.id: q for q in a.answered if q.origin == "wales" and q.kept_because is None}
    if a.route == "none":
        return _screened(given) if recorded_nation(a) == "wales" else None
    gate = given.get("wales.strategic")
    if gate is None or not _chosen(gate):
        return None
    level = _chosen(gate)[0]
    strategic = level in ("strategic_hia", "strategic")
    blocks: list[Block] = [
        Paragraph(
            text="What Welsh law asks of this decision beside its health effects, set out as in a Welsh "
            "integrated impact assessment. The health findings above are the health impact assessment."
        ),
        _duties(a, given, level),
        *_note(given, "wales.strategic"),
        *_goals(a, given),
        *_socio_economic(a, given, strategic),
        *_language(given),
        *_children(given),
        *_hia(a, given, level),
    ]
    return DocSection(id=SECTION_ID, title=TITLE, after="groups", blocks=tuple(blocks))


def _answer(given: dict[str, Any], qid: str) -> str:
    found = given.get(qid)
    return found.answer if found is not None else NOT_GIVEN


def _note(given: dict[str, Any], qid: str) -> list[Block]:
    found = given.get(qid)
    if found is None or not found.note:
        return []
    return [Paragraph(text=f"Assessor's note: {as_sentence(found.note)}")]


def _duties(a: Any, given: dict[str, Any], level: str) -> Table:
    strategic = level in ("strategic_hia", "strategic")
    children = given.get("wales.children_rights")
    rows = [
        (
            "Public Sector Equality Duty and the Welsh specific duties (2011)",
            "Yes: an assessment showing a substantial impact must be published (regulation 8)",
            "Population groups, above",
        ),
        (
            "Socio-economic duty (Equality Act 2010, s1)",
            "Yes: a decision of a strategic nature" if strategic else "No: not a decision of a strategic nature",
            "Socio-economic duty, below" if strategic else "-",
        ),
        ("Well-being of Future Generations (Wales) Act 2015", "Yes", "Well-being goals, below"),
        ("Welsh language standards (policy making)", "Yes", "Welsh language, below"),
        (
            "Children's rights (UN Convention on the Rights of the Child)",
            children.answer if children is not None else "Not asked: the decision does not touch children",
            "Children's rights, below" if children is not None else "-",
        ),
        ("Health Impact Assessment (Wales) Regulations 2025", _HIA[level], "Health impact assessment, below"),
    ]
    return Table(
        caption="Duties considered in this assessment",
        header=("Duty", "Applies to this decision", "Where it is answered"),
        rows=tuple(rows),
    )


def _goals(a: Any, given: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = [Heading(level=1, text="Well-being goals")]
    found = given.get("wales.goals")
    if found is None:
        return blocks + [Paragraph(text=f"The well-being goals: {NOT_GIVEN.lower()}.")]
    chosen = set(_chosen(found))
    rows = []
    for key, goal in GOALS:
        up, down = f"advances_{key}" in chosen, f"sets_back_{key}" in chosen
        effect = {
            (True, True): "Advances, and could set it back",
            (True, False): "Advances",
            (False, True): "Could set back",
            (False, False): "No material effect recorded",
        }[(up, down)]
        rows.append((goal, effect))
    blocks.append(
        Table(
            caption="Contribution to the seven well-being goals", header=("Well-being goal", "Effect"), rows=tuple(rows)
        )
    )
    blocks += _note(given, "wales.goals")
    if a.route == "full":
        ways = given.get("wales.ways_of_working")
        taken = set(_chosen(ways)) if ways is not None else set()
        blocks.append(Heading(level=1, text="The five ways of working"))
        blocks.append(
            Table(
                caption="How the five ways of working shaped the proposal",
                header=("Way of working", "Shaped the proposal"),
                rows=tuple(
                    (
                        label,
                        NOT_GIVEN if ways is None else ("Yes" if key in taken else "Not recorded: a gap to explain"),
                    )
                    for key, label in WAYS
                ),
            )
        )
        blocks += _note(given, "wales.ways_of_working")
        blocks.append(
            Paragraph(text=f"Well-being objectives served or worked against: {_answer(given, 'wales.objectives')}")
        )
    return blocks


def _socio_economic(a: Any, given: dict[str, Any], strategic: bool) -> list[Block]:
    blocks: list[Block] = [Heading(level=1, text="Socio-economic duty")]
    if not strategic:
        return blocks + [
            Paragraph(
                text="The duty applies to decisions of a strategic nature; the assessor recorded that this "
                "decision is not one."
            )
        ]
    account = given["wales.sed_how"].answer if "wales.sed_how" in given else a.socio_economic_how
    blocks.append(
        Paragraph(
            text="A decision of a strategic nature: the council must have due regard to reducing the "
            "inequalities of outcome that result from socio-economic disadvantage (in force in Wales since "
            "31 March 2021)."
        )
    )
    blocks.append(Paragraph(text=f"The assessor's account, and what changed: {account or NOT_GIVEN}"))
    return blocks


def _language(given: dict[str, Any]) -> list[Block]:
    return [
        Heading(level=1, text="Welsh language"),
        Table(
            caption="Effects on the Welsh language (policy-making standards): the proposal as first drafted, "
            "then how it is shaped",
            header=("Consideration", "The assessor's answer"),
            rows=(
                (
                    "Effects of the proposal as first drafted on opportunities to use Welsh, and on treating "
                    "Welsh no less favourably than English",
                    _answer(given, "wales.language_effects"),
                ),
                (
                    "How the decision could have more positive effects, and fewer adverse ones",
                    _answer(given, "wales.language_shaping"),
                ),
            ),
        ),
        *_note(given, "wales.language_effects"),
        Paragraph(text="Considered under the policy-making standards in the council's compliance notice."),
    ]


def _children(given: dict[str, Any]) -> list[Block]:
    if "wales.children_rights" not in given:
        return []
    rows = [("How children's rights were considered", given["wales.children_rights"].answer)]
    if "wales.children_voice" in given:
        rows.append(("Children and young people's views, and what changed", given["wales.children_voice"].answer))
    blocks: list[Block] = [
        Heading(level=1, text="Children's rights"),
        Table(
            caption="Children's rights (UN Convention on the Rights of the Child)",
            header=("Item", "Finding"),
            rows=tuple(rows),
        ),
        *_note(given, "wales.children_rights"),
    ]
    blocks.append(
        Paragraph(
            text="Due regard to the Convention binds the Welsh Ministers, and councils in social services and "
            "additional learning needs functions; councils must also promote and facilitate children's "
            "participation in decisions that might affect them (Children and Families (Wales) Measure "
            "2010, s12)."
        )
    )
    return blocks


def _hia(a: Any, given: dict[str, Any], level: str) -> list[Block]:
    method = {
        "rapid": "a rapid, desk-based assessment of the decision's likely effects on physical and mental health",
        "full": "a full assessment, with evidence, local data and engagement, of the decision's likely effects "
        "on physical and mental health",
    }.get(a.route or "", "an assessment of the decision's likely effects on physical and mental health")
    blocks: list[Block] = [Heading(level=1, text="Health impact assessment")]
    if level == "strategic_hia":
        blocks.append(
            Paragraph(
                text="The Health Impact Assessment (Wales) Regulations 2025 apply. This assessment, "
                f"{method} across the eight Marmot principles, is intended as the health impact "
                "assessment the Regulations require. It meets them only if it follows the method the "
                "Regulations prescribe (Public Health (Wales) Act 2017, s108(3)(b)): confirm this against "
                "the Regulations and WHIASU's national guidance before the decision."
            )
        )
        blocks.append(
            Paragraph(text=f"Publication, and how it is taken into account: {_answer(given, 'wales.hia_publication')}")
        )
    elif level == "strategic":
        blocks.append(
            Paragraph(
                text="The Health Impact Assessment (Wales) Regulations 2025 apply from April 2027 and did not "
                f"apply to this decision. This assessment, {method} across the eight Marmot principles, was "
                "carried out as good practice."
            )
        )
    else:
        blocks.append(
            Paragraph(
                text=f"Not a decision of a strategic nature, so the Regulations do not apply; this is {method} "
                "across the eight Marmot principles."
            )
        )
    return blocks


def _screened(given: dict[str, Any]) -> DocSection:
    """A screened-out decision in Wales: the Welsh language consideration, and the limits of screening out."""
    blocks: list[Block] = [
        Paragraph(
            text="The decision was screened out (the reason is given above). A decision of a strategic nature "
            "cannot be screened out in Wales: the socio-economic duty applies to it and, from April 2027, the "
            "Health Impact Assessment (Wales) Regulations 2025."
        ),
        Heading(level=1, text="Welsh language"),
        Paragraph(
            text="Effects on opportunities to use Welsh and on treating Welsh no less favourably than English: "
            f"{_answer(given, 'wales.screened_language')}"
        ),
        Paragraph(text="Considered under the policy-making standards in the council's compliance notice."),
    ]
    return DocSection(id=SECTION_ID, title=TITLE, after="groups", blocks=tuple(blocks))
