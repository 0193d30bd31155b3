"""A realistic assessment built straight from the models, so the Word tests need no checklist or answers.

``make_assessment()`` is a typical council decision: all eight principles with mixed ratings, groups,
actions, monitoring, local figures, sources with links and a plugin section. ``scale`` multiplies
the lists, for the benchmark's large assessment.
"""

from __future__ import annotations

from pathlib import Path

from hiap.models.assessment import (
    Action,
    AnsweredQuestion,
    Assessment,
    EvidenceItem,
    GroupFinding,
    MonitoringItem,
    PluginReport,
    PrincipleScore,
    ScoreContribution,
    SuggestedMitigation,
)
from hiap.models.checklist import Source
from hiap.models.document import Bullets, DocSection, Heading, Paragraph, Table
from hiap.models.principles import IMPACT_DIRECTION, PRINCIPLES

DECISION = "Town centre parking charges and bus priority scheme"

_RATINGS = [
    # principle, effect as the assessor gave it, equity, likelihood, timing, confidence
    (1, "neutral", "no_change", "possible", "medium", "medium"),
    (2, "minor_positive", "narrows", "probable", "medium", "medium"),
    (3, "mixed", "unknown", "possible", "short", "low"),
    (4, "minor_negative", "widens", "probable", "short", "high"),
    (5, "major_positive", "narrows", "probable", "long", "high"),
    (6, "minor_positive", "no_change", "possible", "long", "medium"),
    (7, "uncertain", "unknown", None, None, "low"),
    (8, "major_positive", "narrows", "definite", "long", "high"),
]


def _principles() -> list[PrincipleScore]:
    out = []
    for number, effect, equity, likelihood, timing, confidence in _RATINGS:
        direction, size = IMPACT_DIRECTION[effect]
        adverse = effect in ("minor_negative", "major_negative", "mixed") or equity == "widens"
        out.append(
            PrincipleScore(
                principle=number,
                title=PRINCIPLES[number],
                rating=direction,  # type: ignore[arg-type]
                size={1: "minor", 2: "major"}.get(size),  # type: ignore[arg-type]
                effect=effect,
                equity=equity,
                likelihood=likelihood,
                timing=timing,
                confidence=confidence,
                reasoning=f"The scheme changes how people reach the town centre; for principle {number} the main "
                "effect is through travel costs, journey times and street safety.",
                mitigation="Free first hour for blue badge holders and a discounted evening rate for shift workers."
                if adverse
                else None,
                residual="minor" if adverse else None,
                justification="Charges fund the bus priority measures that benefit the lowest-income households."
                if number == 4
                else None,
                contributions=(
                    ScoreContribution(
                        principle=number,
                        impact="minor_negative" if adverse else "minor_positive",
                        rationale="Higher parking charges fall hardest on low-paid evening workers"
                        if adverse
                        else "Faster buses improve access to work and services",
                        source="transport",
                    ),
                ),
            )
        )
    return out


def make_assessment(*, scale: int = 1, missing: bool = False) -> Assessment:
    """A typical assessment; ``scale`` > 1 repeats the list items for a large one."""
    groups = [
        GroupFinding(
            id="disabled",
            label="Disabled people",
            people="disabled people",
            basis="protected characteristic",
            basis_detail="disability",
            direction="adverse",
            how="Fewer accessible parking bays near the market during the works.",
        ),
        GroupFinding(
            id="low_income",
            label="People on low incomes",
            people="people on low incomes",
            basis="socio-economic",
            basis_detail="low income",
            direction="both",
            how="Cheaper, faster buses, but higher charges for those who must drive.",
        ),
        GroupFinding(
            id="older",
            label="Older people",
            people="older people",
            basis="protected characteristic",
            basis_detail="age",
            direction="adverse",
            how="Longer walks from the relocated bus stops.",
        ),
        GroupFinding(
            id="young",
            label="Young people",
            people="young people",
            basis="protected characteristic",
            basis_detail="age",
            direction="positive",
            how="Better evening bus service to college and work.",
        ),
        GroupFinding(
            id="carers",
            label="Unpaid carers",
            people="unpaid carers",
            basis="inclusion health",
            basis_detail="carers",
            direction="adverse",
            how="Short, frequent car trips become dearer.",
        ),
    ] * scale
    actions = [
        Action(
            action="Keep 12 blue badge bays on Market Street throughout the works",
            owner="Head of Highways",
            due="2025-09-30",
            indicator="Bays available each week",
        ),
        Action(
            action="Offer a shift-worker evening rate after 6pm",
            owner="Parking Services Manager",
            due="2025-11-01",
            indicator="Take-up of the evening rate",
        ),
        Action(
            action="Move the Church Road stop no more than 150 metres",
            owner="Transport Planning Lead",
            due="2026-01-31",
            indicator="Walking distance to the nearest stop",
        ),
        Action(action="Report equality monitoring to the committee after six months", owner="Public Health Consultant"),
    ] * scale
    monitoring = [
        MonitoringItem(
            indicator="Bus patronage on town centre routes",
            baseline="1.2 million a year (2024)",
            source="Operator returns",
            frequency="Quarterly",
            principles=(3, 5),
        ),
        MonitoringItem(
            indicator="Road casualties in the town centre",
            baseline="14 (2023)",
            source="STATS19",
            frequency="Yearly",
            principles=(5,),
        ),
        MonitoringItem(indicator="Blue badge bay occupancy", source="Parking sensors", frequency="Monthly"),
    ] * scale
    evidence = [
        EvidenceItem(
            label="Children in absolute low income families",
            value="18.4",
            unit="%",
            area="Borough",
            comparator="15.6%",
            comparison="Worse than England",
            period="2022/23",
            principles=(1, 4),
            source="Fingertips",
        ),
        EvidenceItem(
            label="Physically active adults",
            value="64.1",
            unit="%",
            area="Borough",
            comparator="67.1%",
            comparison="Worse than England",
            period="2022/23",
            principles=(5, 6),
            source="Fingertips",
        ),
        EvidenceItem(
            kind="asset",
            label="Town Centre Community Transport",
            detail="Door-to-door minibus for people who cannot use buses",
            source="Local directory",
        ),
    ] * scale
    mitigations = [
        SuggestedMitigation(
            id="m1",
            text="Consult disability groups on bay locations before the works start",
            principles=(4, 7),
            indicator="Consultation held and changes recorded",
        ),
        SuggestedMitigation(
            id="m2",
            text="Publicise the evening bus timetable at the college",
            kind="enhancement",
            principles=(2, 3),
            source="transport",
        ),
    ] * scale
    plugin_section = DocSection(
        id="transport.modal_shift",
        title="Transport: expected change in how people travel",
        after="principles",
        source="transport",
        blocks=(
            Paragraph(text="The transport plugin estimates the change in trips using the council's 2024 survey."),
            Heading(level=1, text="Trips into the town centre"),
            Table(
                caption="Expected share of trips by mode",
                header=("Mode", "Now", "After the scheme"),
                rows=(("Car", "58%", "51%"), ("Bus", "17%", "23%"), ("Walking and cycling", "25%", "26%")),
            ),
            Heading(level=2, text="Assumptions"),
            Bullets(items=("Fares stay at 2025 levels", "No change in town centre parking supply outside the scheme")),
        ),
    )
    return Assessment(
        title=DECISION,
        decision={
            "title": DECISION,
            "reference": "CAB-2025-041",
            "kind": "Capital project",
            "summary": "Introduce parking charges in the town centre and use the income for bus priority measures.",
            "decision_maker": "Cabinet",
            "assessor": "Sam Patel, Transport Planning Lead",
            "directorate": "Place",
            "wards": "Abbey, Castle and Market wards",
            "key_decision": "Yes",
            "meeting_date": "15 July 2025",
        },
        decision_values={"meeting_date": "2025-07-15"},
        route="full",
        route_words="Full assessment",
        route_reason="The decision affects two or more wards and changes access to services.",
        principles_in_scope=list(PRINCIPLES),
        gradient="Falls mostly on the most deprived",
        alternatives="A smaller scheme without the evening charge was considered and rejected.",
        unintended="Some drivers may park in residential streets next to the zone.",
        cumulative="Older disabled people on low incomes face several of the effects at once.",
        principles=_principles(),
        conclusion="adjust",
        conclusion_reason="The scheme is good for health overall, but needs changes to protect disabled people, "
        "older people and low-paid evening workers.",
        groups=groups,
        core20_share="45%",
        psed="The assessment considered all three aims of the duty; the changes above advance equality of "
        "opportunity for disabled people.",
        socio_economic="Applied voluntarily: the council has adopted the duty.",
        mitigations=mitigations,
        actions=actions,
        monitoring=monitoring,
        review_date="2026-07-15",
        evidence_sources="Parking survey 2024\nBus patronage data\nPublic consultation (412 responses)\n"
        "Marmot Places: the eight principles",
        engagement="Done: consultation or engagement has taken place",
        engagement_summary="Most respondents supported faster buses; disabled respondents were concerned about bays.",
        evidence=evidence,
        signoff={"reviewer": "Jo Lee, Equality Officer", "approver": "Dr Priya Shah, Director of Public Health"},
        history=[
            {"date": "2025-05-02", "event": "created", "by": "Alex Morgan"},
            {"date": "2025-06-01", "event": "completed", "by": "Alex Morgan"},
            {"date": "2025-06-10", "event": "signed off", "by": "Dr Priya Shah"},
        ],
        answered=[
            AnsweredQuestion(
                id="decision.summary",
                section="The decision",
                text="What is being decided?",
                answer="Introduce parking charges in the town centre and use the income for bus priority measures.",
            ),
            AnsweredQuestion(
                id="p4.reasoning",
                section="Principle 4",
                text="Why this rating?",
                answer="Charges fall on drivers who have no other way in.",
                note="From the 2024 parking survey.",
                sources=("Fingertips public health profiles",),
            ),
            AnsweredQuestion(
                id="screening.reach",
                section="Earlier checklist",
                text="screening.reach",
                answer="thousands",
                kept_because="Reach is now part of the reason for the depth of assessment.",
            ),
        ],
        sources=[
            Source(title="Marmot Places: the eight principles", url="https://www.instituteofhealthequity.org/"),
            Source(title="Public Sector Equality Duty guidance (EHRC)"),
            Source(title="Fingertips public health profiles", url="https://fingertips.phe.org.uk/"),
        ],
        missing=[
            "Not answered: Principle 4 (healthy standard of living): What harm remains?",
            "Engagement with carers' groups",
        ]
        if missing
        else [],
        to_answer=1 if missing else 0,
        complete=not missing,
        approved=not missing,
        sections=[plugin_section],
        plugins=[PluginReport(name="transport", version="0.3.0", status="ok", contributed=True)],
        created="2025-05-02T09:30:00+01:00",
        updated="2025-06-10T16:45:00Z",
    )


def png_bytes(width: int = 120, height: int = 40, rgb: tuple[int, int, int] = (0, 82, 147)) -> bytes:
    """A solid-colour PNG written with the standard library, to stand in for a council logo."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def make_council_template(path: Path, *, strip_styles: tuple[str, ...] = (), modern_colours: bool = True) -> Path:
    """A council's Word template as a clerk would have it: house style, header logo, footer, boilerplate.

    ``strip_styles`` removes styles by name (and the numbering) to mimic templates that were
    never used with headings or bullets, which is how most real templates arrive.
    ``modern_colours`` gives the headings Word 2013+'s darker blues; python-docx's own (Word 2010)
    blues fail WCAG contrast, which the checker should then report.
    """
    import io

    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    custom = doc.styles.add_style("Council Body", WD_STYLE_TYPE.PARAGRAPH)
    custom.font.name = "Verdana"
    custom.font.size = Pt(11)
    custom.font.color.rgb = RGBColor(0x22, 0x22, 0x22)
    if modern_colours:
        for name, colour in (
            ("Heading 1", "2F5496"),
            ("Heading 2", "2F5496"),
            ("Heading 3", "1F3763"),
            ("Caption", "44546A"),
            ("Subtitle", "5A5A5A"),
        ):
            doc.styles[name].font.color.rgb = RGBColor.from_string(colour)
    header = section.header
    header.paragraphs[0].text = "Borsetshire Council – Committee papers"
    header.add_paragraph().add_run().add_picture(io.BytesIO(png_bytes()), width=Mm(30))
    section.footer.paragraphs[0].text = "OFFICIAL – Borsetshire Council"
    doc.add_paragraph("Insert the report title here", style="Council Body")
    doc.add_paragraph("This template must be used for all committee reports.", style="Council Body")
    doc.add_table(rows=2, cols=2)
    styles = doc.styles.element
    for style in list(styles.iterchildren(qn("w:style"))):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")).lower() in {s.lower() for s in strip_styles}:
            styles.remove(style)
    if strip_styles:
        numbering = doc.part.numbering_part.element
        for child in list(numbering):
            numbering.remove(child)
    doc.save(str(path))
    return path


def _styled_template(
    path: Path,
    *,
    font: str,
    margins_mm: tuple[float, float],
    title_pt: int,
    colours: dict[str, str],
    header: str,
    footer: str | None = None,
    boilerplate: str | None = None,
) -> Path:
    """A council template made the way a clerk makes one: python-docx's blank document with the
    body font, page margins, title size and heading colours changed."""
    from docx import Document
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(margins_mm[0])
    section.left_margin = section.right_margin = Mm(margins_mm[1])
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(12)
    doc.styles["Title"].font.size = Pt(title_pt)
    for name, colour in colours.items():
        doc.styles[name].font.color.rgb = RGBColor.from_string(colour)
    section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    if boilerplate:
        doc.add_paragraph(boilerplate)
    doc.save(str(path))
    return path


def make_arial_template(path: Path) -> Path:
    """The reviewers' "Arial council" template: Arial 12 pt, 2.2 cm margins, a 26 pt title and
    headings in #4F81BD, a text header."""
    return _styled_template(
        path,
        font="Arial",
        margins_mm=(22, 22),
        title_pt=26,
        colours={"Title": "4F81BD", "Heading 1": "4F81BD", "Heading 2": "4F81BD"},
        header="Arial Borough Council – Committee report",
    )


def make_georgia_template(path: Path) -> Path:
    """The reviewers' "Georgia council" template: Georgia 12 pt, python-docx's default margins
    (3.2 cm at the sides), a 28 pt pale-yellow title, pale headings and captions, a header,
    a footer and a line of boilerplate."""
    return _styled_template(
        path,
        font="Georgia",
        margins_mm=(25.4, 31.75),
        title_pt=28,
        colours={
            "Title": "F2E27D",
            "Heading 1": "F7E88B",
            "Heading 2": "FFD700",
            "Heading 3": "99CCFF",
            "Caption": "AAAAAA",
        },
        header="Georgia District Council – Cabinet",
        footer="Georgia District Council",
        boilerplate="Report authors must use this template for every committee report.",
    )
