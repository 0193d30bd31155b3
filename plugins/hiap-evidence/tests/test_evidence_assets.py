"""Reading asset registers: Medway's form as published, other councils' wording, and bad rows."""

from __future__ import annotations

import csv
import functools
import io
from pathlib import Path

import pytest
from hiap_evidence.assets import find_columns, read_assets, split
from hiap_evidence.mapping import load_mapping

from hiap.api import InputError

#: Medway Marmot Place Partnership's asset register: its headings and two of its rows as published
#: (VCSEF Leaders Network "Time to Talk" slides, 20 January 2026), tab-separated as exported, with
#: the email addresses and telephone numbers replaced by reserved example ones (example.org, 01632).
MEDWAY = """\
What is the name of your organisation?\tWhat is the main/public-facing email address for your organisation?\t\
What is the main/public-facing contact telephone number for your organisation?\t\
Are there any partner organisations involved in delivering this service?\tIf yes, please list them below.\t\
What is the name of the service/project/activity you are describing?\tWhat is the address of the service?\t\
What is the full postcode of the service?\tPlease provide a link below\t\
Please provide a brief description/summary of the service.\t\
Which areas of Medway does the service cover (select all that apply)?\t\
Which group(s) does the service prioritise? (select all that apply)\t\
Which age groups does the service support? (select all that apply)\t\
Which gender does your service primarily support? (select all that apply)\t\
Which of the following Marmot Principles best describes the focus of your service (select all that apply)?\t\
Which of the following outcomes or benefits does your service aim to achieve (select all that apply)?\t\
In two or three short bullet points, please describe the main results or positive changes achieved for the \
people you support (optional).
Medway Parent & Carer Panel\tparentcarerpanel@medway.nhs.uk\t01632 960014\tYes\tMedway Parent Carer Forum\t\
Medway Parent & Carer Panel\tSnapdragons Centre, Cliffe Road, Rochester\tME2 3FF\t\
https://www.facebook.com/groups/927070173254655/\tThe Medway Parent & Carer Panel is a diverse group of parents \
and carers whose opinions and experiences help shape family services in Medway.\t\tAll Medway residents;\t\t\t\
Give every child the best start in life;\tImproved mental wellbeing; Increased social connection; Reduced \
isolation; Improved access to services or support; Increased training or skills;\tTo be part of a supportive \
community, connect with other parents or carers, access to parenting classes and stay and play sessions
Safe Space\tsafespace@example.org\t01632 960013\tNo\t\tDrawing and Talking Therapy\t\tME3 8DS\t\
https://www.facebook.com/groups/789004524526124/\tDrawing and Talking Therapy is a safe, gentle, approach for any \
child, adult or young person who needs support.\t\tAll Medway residents;\t\tAll genders;\t\
Enable all children, young people and adults to maximise their capabilities and have control over their lives; \
Create and develop healthy and sustainable places and communities;\tImproved mental wellbeing; Increased social \
connection; Reduced isolation; Improved access to services or support;\tBuild up confidence, reduced stress, a \
positive tool whilst waiting for treatment such as CAMHS
"""


@pytest.fixture
def mapping() -> object:
    return load_mapping()


@functools.cache
def groups() -> set[str]:
    """The population group ids of the installed core checklists."""
    from hiap.pipeline import open_engine

    return set(open_engine(only="", entry_points=False).catalogue.groups)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")
    return path


def test_medways_register_as_published(tmp_path: Path, mapping: object) -> None:
    path = tmp_path / "medway.tsv"
    path.write_text(MEDWAY, encoding="utf-8")
    panel, safe_space = read_assets(path, mapping, groups())
    assert (panel.kind, panel.label, panel.organisation) == ("asset", "Medway Parent & Carer Panel", panel.label)
    assert panel.principles == (1,) and panel.groups == ()
    assert panel.outcomes[:2] == ("Improved mental wellbeing", "Increased social connection")
    assert len(panel.outcomes) == 5  # the trailing semicolon adds no empty outcome
    assert panel.contact == (
        "parentcarerpanel@medway.nhs.uk, 01632 960014, https://www.facebook.com/groups/927070173254655/"
    )
    assert "Priority groups (as given): All Medway residents" in (panel.detail or "")
    assert "Delivered with: Medway Parent Carer Forum" in (panel.detail or "")
    assert (safe_space.label, safe_space.organisation) == ("Drawing and Talking Therapy", "Safe Space")
    assert safe_space.principles == (2, 5)
    assert "Gender: All genders" in (safe_space.detail or "") and "CAMHS" in (safe_space.detail or "")
    assert safe_space.source == "Asset register (medway.tsv)"


def test_another_councils_wording_is_found_by_keywords(tmp_path: Path, mapping: object) -> None:
    header = [
        "Provider organisation",
        "Service name",
        "Service summary",
        "Wards served",
        "Target groups",
        "Age range supported (ages)",
        "Marmot principle(s)",
        "Intended outcomes",
        "Contact e-mail",
    ]
    path = write_csv(
        tmp_path / "other.csv",
        header,
        [
            [
                "Lynn Money Advice",
                "Debt advice drop-in",
                "Weekly sessions, with help on energy bills.",
                "North Lynn; Gaywood",
                "Lone parents; People with learning disabilities; Gaywood residents;",
                "18+",
                "Principle 4; 7. Tackle racism, discrimination and their outcomes",
                "Reduced financial hardship;",
                "advice@example.org",
            ]
        ],
    )
    columns = find_columns(header)
    assert [columns[k] for k in ("organisation", "service", "description", "areas", "groups", "principles")] == [
        0,
        1,
        2,
        3,
        4,
        6,
    ]
    (item,) = read_assets(path, mapping, groups())
    assert (item.label, item.organisation, item.area) == (
        "Debt advice drop-in",
        "Lynn Money Advice",
        "North Lynn; Gaywood",
    )
    assert item.principles == (4, 7)
    assert item.groups == ("lone_parents", "learning_disability_autism")  # not 'disability', not 'gay'
    assert item.contact == "advice@example.org" and item.outcomes == ("Reduced financial hardship",)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Ensure healthy standard of living for all", 4),  # Medway's wording
        ("Ensure a healthy standard of living for all", 4),
        ("Tackle discrimination, racism and their outcomes", 7),
        ("TACKLE RACISM, DISCRIMINATION AND THEIR OUTCOMES", 7),
        ("Give every child the best start in live", 1),  # a typing slip
        ("Principle 6", 6),
        ("8", 8),
        ("Healthy and sustainable places", 5),  # hiap's short label
        ("Enable all children, young people and adults to maximize their capabilities and have control", 2),
    ],
)
def test_principle_titles_and_local_variants(mapping: object, text: str, number: int) -> None:
    assert mapping.principle(text) == number  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("People with learning disabilities", ("learning_disability_autism",)),
        ("Disabled people", ("disability",)),
        ("LGBTQ+ young people", ("sexual_orientation", "gender_reassignment", "children_young_people")),
        ("Pregnant women and new mothers", ("pregnancy_maternity",)),
        ("Older people living alone", ("older_alone",)),
        ("Gypsy, Roma and Traveller communities", ("gypsy_roma_traveller",)),
        ("Residents of Gaywood", ()),
        ("People with mental health needs", ()),
        ("All Medway residents", ()),
        ("Veterans and their families", ("armed_forces",)),
    ],
)
def test_priority_groups_map_only_where_they_clearly_match(mapping: object, text: str, expected: tuple) -> None:
    assert mapping.groups(text) == expected  # type: ignore[attr-defined]


def test_multi_select_cells() -> None:
    assert split("Give every child the best start in life;") == ["Give every child the best start in life"]
    assert split(" a ; b;; c ;") == ["a", "b", "c"] and split("") == []


HEADER = ["What is the name of your organisation?", "What is the name of the service/project/activity?", "Marmot?"]


@pytest.mark.parametrize(
    ("rows", "line", "words"),
    [
        ([["Org", "Service", "Make everyone happy"]], 2, "'Make everyone happy' is not one of the eight Marmot"),
        ([["Org", "A", "1"], ["", "", "Principle 2"]], 3, "this service has no name and no organisation"),
        ([["Org", "A", "1", "extra"]], 2, "this row has 4 fields but the header has 3"),
        ([], None, "lists no services"),
    ],
)
def test_bad_rows_are_refused_naming_the_file_and_row(
    tmp_path: Path, mapping: object, rows: list[list[str]], line: int | None, words: str
) -> None:
    path = tmp_path / "register.csv"
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_assets(path, mapping, groups())
    message = caught.value.format()
    assert message.startswith(f"{path}:{line}: " if line else f"{path}: ") and words in message, message


def test_a_register_without_a_name_column_is_refused(tmp_path: Path, mapping: object) -> None:
    path = write_csv(tmp_path / "r.csv", ["Email", "Phone"], [["a@example.org", "01632 960000"]])
    with pytest.raises(InputError, match=r"r.csv:1: no column names the service or the organisation"):
        read_assets(path, mapping, groups())


def test_a_spreadsheet_saved_as_xlsx_is_refused(tmp_path: Path, mapping: object) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"\x00" * 200)
    with pytest.raises(InputError, match=r"register.csv: this is a binary file, not a asset register; save or export"):
        read_assets(path, mapping, groups())


def test_a_council_mapping_adds_wording_and_groups(tmp_path: Path) -> None:
    own = tmp_path / "mapping.yaml"
    own.write_text(
        "principle_titles:\n  Best start for every child: 1\n"
        "group_synonyms:\n  forces families: [armed_forces]\n  gay: []\n",
        encoding="utf-8",
    )
    mapping = load_mapping(str(own), groups())
    assert mapping.principle("Best start for every child") == 1
    assert mapping.groups("Forces families; gay men") == ("armed_forces",)  # 'gay' switched off


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("group_synonyms:\n  forces families: [armed_forcs]\n", 2, "'armed_forcs' is not a population group id"),
        ("principle_titles:\n  Best start: 9\n", 2, "'9' is not a principle number"),
        ("indicators:\n  LE: {label: x, principles: [6]}\n", 2, "'LE' is not a Fingertips indicator id"),
        ("indicators:\n  90366: {label: x, principles: [9]}\n", 2, "'principles' should list principle numbers"),
        ("indicators:\n  90366: {label: x, principle: [6]}\n", 2, "unknown key 'principle'; did you mean 'principles'"),
        ("indicator:\n  90366: {label: x}\n", 1, "unknown table 'indicator'; did you mean 'indicators'"),
    ],
)
def test_a_bad_council_mapping_is_refused_by_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    own = tmp_path / "mapping.yaml"
    own.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_mapping(str(own), groups())
    assert caught.value.format().startswith(f"{own}:{line}: ") and words in caught.value.format()
