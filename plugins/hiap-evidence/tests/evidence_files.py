"""Files written the way Fingertips and councils write them, for the evidence plugin's tests."""

from __future__ import annotations

from typing import Any

#: The columns of a Fingertips "Download data" CSV, in order.
HEADER = [
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Compared to percentiles",
    "Time period Sortable",
    "New data",
    "Compared to goal",
    "Time period range",
]
NUMERIC = {"Indicator ID", "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count", "Time period Sortable"}
AREAS = {
    "E92000001": ("England", "England", ""),
    "E07000146": ("King's Lynn and West Norfolk", "Districts & UAs (from Apr 2023)", "E10000020"),
    "E07000143": ("Breckland", "Districts & UAs (from Apr 2023)", "E10000020"),
    "E10000020": ("Norfolk", "Counties & UAs (from Apr 2023)", "E12000006"),
}


def _key(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def row(indicator: str, area: str, period: str, value: Any, **extra: Any) -> dict[str, str]:
    """One Fingertips row; ``extra`` sets any other column by its name in snake case."""
    name, area_type, parent = AREAS[area]
    out = {
        "Indicator ID": indicator,
        "Indicator Name": extra.pop("name", f"Indicator {indicator}, as Fingertips names it"),
        "Parent Code": parent,
        "Parent Name": "Norfolk" if parent == "E10000020" else "",
        "Area Code": area,
        "Area Name": name,
        "Area Type": area_type,
        "Sex": "Male",
        "Age": "All ages",
        "Time period": period,
        "Value": "" if value is None else str(value),
        "Time period range": "3y" if " - " in period else "1y",
    }
    if period[:4].isdigit():
        out["Time period Sortable"] = str(int(period[:4]) * 10000)
    for key, item in extra.items():
        column = next(h for h in HEADER if _key(h) == _key(key))
        out[column] = "" if item is None else str(item)
    return out


def fingertips_bytes(rows: list[dict[str, str]], *, header: list[str] | None = None, bom: bool = True) -> bytes:
    """Text quoted and numbers bare, CRLF line ends and a byte-order mark, as Fingertips writes."""
    columns = header or HEADER

    def cell(column: str, text: str) -> str:
        if text == "" or (column in NUMERIC and "," not in text):
            return text
        return '"' + text.replace('"', '""') + '"'

    lines = [",".join(f'"{h}"' for h in columns)]
    lines += [",".join(cell(h, r.get(h, "")) for h in columns) for r in rows]
    return (b"\xef\xbb\xbf" if bom else b"") + ("\r\n".join(lines) + "\r\n").encode("utf-8")
