"""English dates in running text, normalized to ISO 8601.

``January 14, 1949`` and ``4 September 1958`` become ``@when``; ``January 1949`` a month;
``the end of 1948`` a span (``notBefore="1948-11-01" notAfter="1948-12-31"``, as
``edition/README.md`` says), and likewise the beginning, middle, halves and seasons of a year.
A month and day without a year cannot be normalized and goes to the worklist.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_MONTH = (
    r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>1\d{{3}}|20\d\d)"

_SPANS = {
    "end": ((11, 1), (12, 31)),
    "close": ((11, 1), (12, 31)),
    "beginning": ((1, 1), (2, 0)),
    "start": ((1, 1), (2, 0)),
    "middle": ((6, 1), (7, 31)),
    "first half": ((1, 1), (6, 30)),
    "second half": ((7, 1), (12, 31)),
    "spring": ((3, 1), (5, 31)),
    "summer": ((6, 1), (8, 31)),
    "autumn": ((9, 1), (11, 30)),
    "fall": ((9, 1), (11, 30)),
}

PATTERN = re.compile(
    "|".join(
        [
            # January 14, 1949 / Jan. 14 1949
            rf"(?P<mdy>{_MONTH.format(g='m1')}\s+{_DAY.format(g='d1')},?\s+{_YEAR.format(g='y1')})",
            # 4 September 1958 / 4th of September, 1958
            rf"(?P<dmy>{_DAY.format(g='d2')}\s+(?:of\s+)?{_MONTH.format(g='m2')},?\s+"
            rf"{_YEAR.format(g='y2')})",
            # the end of 1948, the first half of 1950, spring of 1949
            r"(?P<span>(?P<part>end|close|beginning|start|middle|first half|second half|spring"
            r"|summer|autumn|fall)\s+of\s+" + _YEAR.format(g="y3") + r")",
            # January 1949
            rf"(?P<my>{_MONTH.format(g='m4')},?\s+{_YEAR.format(g='y4')})",
            # February 5 (no year)
            rf"(?P<md>{_MONTH.format(g='m5')}\s+{_DAY.format(g='d5')})(?![\d,]*\s*\d)",
        ]
    )
)


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    text: str
    attrs: dict[str, str]
    problem: str = ""


def _iso(year: int, month: int, day: int) -> str:
    if day == 0:  # last day of the month
        day = calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}-{day:02d}"


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def find_dates(text: str) -> list[FoundDate]:
    """Dates in ``text``, in order; those with a ``problem`` were not normalized."""
    found: list[FoundDate] = []
    for m in PATTERN.finditer(text):
        if m.start() > 0 and text[m.start() - 1].isalnum():
            continue
        if m.end() < len(text) and text[m.end()].isalnum():
            continue
        g = m.groupdict()
        try:
            if g["mdy"]:
                attrs = {"when": _valid(int(g["y1"]), _month(g["m1"]), int(g["d1"]))}
            elif g["dmy"]:
                attrs = {"when": _valid(int(g["y2"]), _month(g["m2"]), int(g["d2"]))}
            elif g["span"]:
                year = int(g["y3"])
                (m1, d1), (m2, d2) = _SPANS[g["part"].lower()]
                attrs = {"notBefore": _iso(year, m1, d1), "notAfter": _iso(year, m2, d2)}
            elif g["my"]:
                attrs = {"when": f"{int(g['y4']):04d}-{_month(g['m4']):02d}"}
            else:
                if int(g["d5"]) < 1 or int(g["d5"]) > 31:
                    continue
                found.append(
                    FoundDate(m.start(), m.end(), m.group(), {}, "month and day without a year")
                )
                continue
        except ValueError as exc:
            found.append(FoundDate(m.start(), m.end(), m.group(), {}, str(exc)))
            continue
        found.append(FoundDate(m.start(), m.end(), m.group(), attrs))
    return found


def _valid(year: int, month: int, day: int) -> str:
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"{calendar.month_name[month]} has no day {day} in {year}")
    return _iso(year, month, day)


def parse_heading_date(text: str) -> dict[str, str]:
    """The ``@when`` (or span) of a date heading such as ``September 4, 1958``; {} if none."""
    for found in find_dates(text):
        if found.attrs and found.text.strip() == text.strip().rstrip("."):
            return found.attrs
    m = re.fullmatch(r"\s*(1\d{3}|20\d\d)\s*", text)
    return {"when": m.group(1)} if m else {}
