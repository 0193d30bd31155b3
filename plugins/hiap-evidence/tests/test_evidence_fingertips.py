"""Reading OHID Fingertips exports: the quirks of real files, and refusing malformed ones by file and row."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from evidence_files import HEADER, fingertips_bytes, row
from hiap_evidence import fingertips
from hiap_evidence.fingertips import read_export, read_indicators
from hiap_evidence.mapping import load_mapping

from hiap.api import InputError

KL, ENGLAND, BRECKLAND, NORFOLK = "E07000146", "E92000001", "E07000143", "E10000020"
LE = "90366"
Write = Callable[..., Path]


def quirky_rows() -> list[dict[str, str]]:
    """Life expectancy for three areas over three periods, both sexes, with a deprivation breakdown,
    a suppressed value, a financial-year indicator and a name with commas in it."""
    rows = []
    values = {  # period -> (England, King's Lynn, Breckland) for men
        "2019 - 21": (79.4, 73.3, 81.7),
        "2020 - 22": (78.9, 72.5, 81.5),
        "2021 - 23": (79.1, 72.0913, 81.9),
    }
    for period, (eng, kl, br) in values.items():
        rows.append(row(LE, ENGLAND, period, eng, compared_to_england_value_or_percentiles="Not compared"))
        rows.append(
            row(
                LE,
                KL,
                period,
                kl,
                lower_ci_95_0_limit=kl - 0.6,
                upper_ci_95_0_limit=kl + 0.6,
                compared_to_england_value_or_percentiles="Worse 95%",
                recent_trend="No significant change",
            )
        )
        rows.append(row(LE, BRECKLAND, period, br, compared_to_england_value_or_percentiles="Better 95%"))
    rows.append(row(LE, KL, "2021 - 23", 77.7, sex="Female", compared_to_england_value_or_percentiles="Worse 95%"))
    rows.append(row(LE, ENGLAND, "2021 - 23", 83.1, sex="Female"))
    # a category breakdown for the same area and period: never the headline figure
    rows.append(
        row(
            LE,
            KL,
            "2021 - 23",
            66.6,
            category_type="District & UA deprivation deciles in England (IMD2019, 4/21 geography)",
            category="Most deprived decile (IMD2019)",
        )
    )
    # fuel poverty: calendar years, a name with commas, sex and age not applicable, empty CI and counts
    name = "Fuel poverty (low income, low energy efficiency methodology)"
    for period, kl, eng in (("2022", 13.8, 13.1), ("2023", 14.2, 11.4)):
        for area, value in ((KL, kl), (ENGLAND, eng), (BRECKLAND, 55.5)):
            rows.append(row("93759", area, period, value, name=name, sex="Not applicable", age="Not applicable"))
    # reception overweight: financial years, newest suppressed for the borough
    for period, kl, eng in (("2022/23", 24.6, 21.3), ("2023/24", None, 22.1)):
        for area, value in ((KL, kl), (ENGLAND, eng)):
            note = "Value suppressed for disclosure control due to small count" if value is None else ""
            rows.append(row("20601", area, period, value, sex="Persons", age="4-5 yrs", value_note=note))
    return rows


@pytest.fixture
def mapping() -> object:
    return load_mapping()


def by(items: list, indicator: str, sex: str = "Male") -> object:
    return next(i for i in items if i.indicator_id == indicator and (i.breakdown or "").startswith(sex))


def test_reads_the_latest_overall_figure_for_the_area_beside_englands(write_export: Write, mapping: object) -> None:
    path = write_export(quirky_rows())
    items = read_indicators([path], KL, mapping)
    male = by(items, LE)
    assert male.value == "72.1" and male.unit == "years" and male.period == "2021-23"
    assert male.area == "King's Lynn and West Norfolk"
    assert male.comparator == "79.1" and male.comparison == "Worse than England"
    assert male.breakdown == "Male, All ages" and male.interval == "71.5 to 72.7 (95% confidence interval)"
    assert male.principles == (6,) and male.label == "Life expectancy at birth"
    assert male.source == "OHID Fingertips export (export.csv)" and "No significant change" in (male.detail or "")
    female = by(items, LE, "Female")
    assert (female.value, female.comparator) == ("77.7", "83.1")
    fuel = by(items, "93759", "")
    assert (fuel.value, fuel.period, fuel.comparator, fuel.breakdown) == ("14.2", "2023", "11.4", None)
    assert fuel.principles == (4,) and "low income, low energy efficiency methodology" in (fuel.detail or "")


def test_other_areas_and_category_rows_never_appear(write_export: Write, mapping: object) -> None:
    items = read_indicators([write_export(quirky_rows())], KL, mapping)
    text = " ".join(str(i.model_dump()) for i in items)
    for other in ("81.9", "81.5", "55.5", "Breckland", "66.6", "Better than England"):
        assert other not in text
    assert len([i for i in items if i.indicator_id == LE]) == 2  # male and female, not the decile row


def test_a_suppressed_newest_value_falls_back_to_the_latest_period_with_one_and_says_so(
    write_export: Write, mapping: object
) -> None:
    item = by(read_indicators([write_export(quirky_rows())], KL, mapping), "20601", "Persons")
    assert (item.value, item.period, item.comparator) == ("24.6", "2022/23", "21.3")
    assert "No value for 2023/24 (Value suppressed for disclosure control" in (item.detail or "")


def test_time_period_sortable_decides_which_period_is_latest(write_export: Write, mapping: object) -> None:
    rows = [
        row(LE, KL, "2021 - 23", 70.0, time_period_sortable=20210000),
        row(LE, KL, "Latest release", 71.0, time_period_sortable=20230000),
        row(LE, KL, "2022 - 24", 72.0, time_period_sortable=20220000),
    ]
    assert by(read_indicators([write_export(rows)], KL, mapping), LE).value == "71.0"


def test_without_a_sortable_column_the_period_text_orders_them(write_export: Write, mapping: object) -> None:
    header = [h for h in HEADER if h != "Time period Sortable"]
    rows = [row(LE, KL, "2021 - 23", 70.0), row(LE, KL, "2022 - 24", 72.0), row(LE, KL, "2019 - 21", 69.0)]
    assert by(read_indicators([write_export(rows, header=header)], KL, mapping), LE).period == "2022-24"


def test_comparison_from_the_interval_when_fingertips_gives_none(write_export: Write, mapping: object) -> None:
    rows = [
        row(LE, KL, "2021 - 23", 75.0, lower_ci_95_0_limit=74.5, upper_ci_95_0_limit=75.5),
        row(LE, ENGLAND, "2021 - 23", 79.1),
        row(LE, KL, "2021 - 23", 79.0, sex="Female", lower_ci_95_0_limit=78.5, upper_ci_95_0_limit=79.5),
        row(LE, ENGLAND, "2021 - 23", 79.2, sex="Female"),
    ]
    items = read_indicators([write_export(rows)], KL, mapping)
    assert by(items, LE).comparison == "Lower than England"
    assert by(items, LE, "Female").comparison == "Similar to England"


def test_another_comparator_area(write_export: Write, mapping: object) -> None:
    rows = [
        row(LE, KL, "2021 - 23", 80.0, lower_ci_95_0_limit=79.5, upper_ci_95_0_limit=80.5),
        row(LE, NORFOLK, "2021 - 23", 79.3),
        row(LE, ENGLAND, "2021 - 23", 79.1, compared_to_england_value_or_percentiles="Not compared"),
    ]
    item = by(read_indicators([write_export(rows)], KL, mapping, comparator=NORFOLK), LE)
    assert (item.comparator, item.comparison) == ("79.3 (Norfolk)", "Higher than Norfolk")


def test_header_spellings_windows_1252_and_no_byte_order_mark(tmp_path: Path, mapping: object) -> None:
    header = [h.replace("Area Name", "AreaName") for h in HEADER]
    record = row(LE, KL, "2021 - 23", 72.5)
    record["AreaName"] = record.pop("Area Name")
    data = fingertips_bytes([record], header=header, bom=False)
    data = data.replace(b"King's", "King\u2019s".encode("cp1252"))  # as Excel saves it
    path = tmp_path / "resaved.csv"
    path.write_bytes(data)
    assert by(read_indicators([path], KL, mapping), LE).area == "King\u2019s Lynn and West Norfolk"


def test_several_exports_are_merged_without_repeats(write_export: Write, mapping: object) -> None:
    first = write_export([row(LE, KL, "2021 - 23", 72.5), row("93759", KL, "2023", 14.2)], name="a.csv")
    second = write_export([row(LE, KL, "2021 - 23", 72.5), row("92443", KL, "2023", 12.8, sex="Persons")], "b.csv")
    items = read_indicators([first, second], KL, mapping)
    assert sorted(i.indicator_id for i in items) == ["90366", "92443", "93759"]


def test_only_the_areas_asked_for_are_kept(write_export: Write) -> None:
    export = read_export(write_export(quirky_rows()), {KL})
    assert {o.area_code for o in export.observations} == {KL}
    assert export.areas == {KL, ENGLAND, BRECKLAND} and export.rows == len(quirky_rows())


def malformed(tmp_path: Path, case: str) -> tuple[Path, int | None, str]:
    """A broken file, the line the error must name (None: the whole file) and words it must use."""
    good = [row(LE, KL, "2021 - 23", 72.5), row(LE, ENGLAND, "2021 - 23", 79.1)]
    path = tmp_path / f"{case}.csv"
    if case == "missing_columns":
        path.write_bytes(fingertips_bytes(good, header=[h for h in HEADER if h not in ("Value", "Area Code")]))
        return path, 1, "no column 'Area Code', 'Value'"
    if case == "value_not_a_number":
        path.write_bytes(fingertips_bytes([*good, row(LE, BRECKLAND, "2021 - 23", "72,5")]))
        return path, 4, "Value '72,5' is not a number"
    if case == "value_nan":
        path.write_bytes(fingertips_bytes([row(LE, KL, "2021 - 23", "nan"), *good]))
        return path, 2, "Value 'nan' is not a number"
    if case == "indicator_id":
        path.write_bytes(fingertips_bytes([*good, row("LE", KL, "2021 - 23", 1)]))
        return path, 4, "Indicator ID 'LE' is not a number"
    if case == "short_row":
        data = fingertips_bytes(good).decode("utf-8-sig").splitlines()
        path.write_text(data[0] + "\n" + data[1] + "\n" + data[2][:40] + "\n", encoding="utf-8")
        return path, 3, "this row has"
    if case == "binary":
        path.write_bytes(b"PK\x03\x04\x00\x00" + bytes(range(256)) * 20)
        return path, None, "binary file"
    if case == "empty":
        path.write_bytes(b"")
        return path, None, "is empty"
    if case == "header_only":
        path.write_bytes(fingertips_bytes([]))
        return path, None, "no rows for area E07000146"
    if case == "other_area_only":
        path.write_bytes(fingertips_bytes([row(LE, BRECKLAND, "2021 - 23", 81.9)]))
        return path, None, "no rows for area E07000146 in this export (1 rows, 1 other areas)"
    if case == "unmapped_only":
        path.write_bytes(fingertips_bytes([row("90323", KL, "2023/24", 24.3)]))
        return path, None, "none of the 1 indicators in this export (90323) is mapped"
    if case == "not_csv_at_all":
        path.write_text("<html><body>Fingertips is unavailable</body></html>\n", encoding="utf-8")
        return path, 1, "does not look like a Fingertips export"
    raise AssertionError(case)


CASES = [
    "missing_columns",
    "value_not_a_number",
    "value_nan",
    "indicator_id",
    "short_row",
    "binary",
    "empty",
    "header_only",
    "other_area_only",
    "unmapped_only",
    "not_csv_at_all",
]


@pytest.mark.parametrize("case", CASES)
def test_malformed_exports_are_refused_naming_the_file_and_row(tmp_path: Path, mapping: object, case: str) -> None:
    path, line, words = malformed(tmp_path, case)
    with pytest.raises(InputError) as caught:
        read_indicators([path], KL, mapping)
    message = caught.value.format()
    assert message.startswith(f"{path}:{line}: " if line else f"{path}: "), message
    assert words in message and "\n" not in message


def test_a_huge_export_is_refused_before_it_is_read(write_export: Write, mapping: object) -> None:
    path = write_export([row(LE, KL, "2021 - 23", 72.5)] * 50)
    with pytest.raises(InputError, match=r"the limit is 0 MiB; export only the profile and area type you need"):
        read_indicators([path], KL, mapping, max_bytes=1024)
    assert fingertips.MAX_BYTES >= 512 * 1024 * 1024  # a whole profile for every district still fits


def test_a_field_too_long_for_csv_is_a_row_error(tmp_path: Path, mapping: object) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(fingertips_bytes([row(LE, KL, "2021 - 23", 72.5, name="x" * 200_000)]))
    with pytest.raises(InputError, match=r"long.csv:2: not a readable CSV file \(field larger than field limit"):
        read_indicators([path], KL, mapping)


def test_each_breakdown_keeps_its_own_latest_period(write_export: Write, mapping: object) -> None:
    """A release that updates men's figures before women's must not make the women's vanish."""
    rows = [
        row(LE, KL, "2020 - 22", 72.5),
        row(LE, KL, "2021 - 23", 72.1),
        row(LE, KL, "2020 - 22", 78.2, sex="Female"),
    ]
    items = read_indicators([write_export(rows)], KL, mapping)
    assert [(i.breakdown, i.value, i.period) for i in items] == [
        ("Female, All ages", "78.2", "2020-22"),
        ("Male, All ages", "72.1", "2021-23"),
    ]


def test_a_row_without_a_period_is_refused(write_export: Write, mapping: object) -> None:
    path = write_export([row(LE, KL, "2021 - 23", 72.5), row(LE, KL, "", 72.1, time_period_sortable="")])
    with pytest.raises(InputError, match=r"export.csv:3: the row has no Time period"):
        read_indicators([path], KL, mapping)
