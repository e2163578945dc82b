"""English dates in running text, normalized to ISO 8601.

``January 14, 1949`` and ``4 September 1958`` become ``@when``; ``January 1949`` a month;
``the end of 1948`` a span (``notBefore="1948-11-01" notAfter="1948-12-31"``, as
``edition/README.md`` says), and likewise the beginning, middle, halves and seasons of a year.
A weekday before a date belongs to it (``Monday, 14 October 1949``). Numeric dates are
day.month.year (``14.10.1949``, ``13.10.50``, ``13/5-50``) or, with slashes, month/day/year as
well (``10/14/50``); the order is taken from a part above 12, and when neither part is
(``5.6.1950``) the date goes to the worklist instead of being guessed. A Roman month
(``3. IV. 1951``, ``12.III.51``) is unambiguous. A two-digit year is of the 1900s. Years
joined by a dash are a period (``1948–1949``: ``from``/``to``). A month and day without a year
cannot be normalized and goes to the worklist.
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
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?:the\s+)?)?"
ROMAN_MONTHS = {
    r: i
    for i, r in enumerate(
        ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"], start=1
    )
}
_ROMAN = "XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I"

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
            # 3. IV. 1951, 12.III.51, 16.XII.1947
            rf"(?P<roman>(?P<rd>[0-3]?\d)(?:\.\s?|\s)(?P<rm>{_ROMAN})(?:\.\s?|\s)"
            r"(?P<ry>1\d{3}|\d{2}))(?![\d.]\d)",
            # 14.10.1949, 13.10.50, 10/14/50, 13/5-50
            r"(?P<num>(?P<n1>[0-3]?\d)(?P<sep>[./])(?P<n2>[01]?\d)(?:(?P=sep)|-)"
            r"(?P<ny>1\d{3}|\d{2}))(?![\d.]\d)",
            # 1948–1949
            r"(?P<years>(?P<yf>1\d{3})\s?[–—-]\s?(?P<yt>1\d{3}))",
            # January 14, 1949 / Jan. 14 1949
            rf"(?P<mdy>{_WEEKDAY}{_MONTH.format(g='m1')}\s+{_DAY.format(g='d1')},?\s+{_YEAR.format(g='y1')})",
            # 4 September 1958 / 4th of September, 1958
            rf"(?P<dmy>{_WEEKDAY}{_DAY.format(g='d2')}\s+(?:of\s+)?{_MONTH.format(g='m2')},?\s+"
            rf"{_YEAR.format(g='y2')})",
            # the end of 1948, the first half of 1950, spring of 1949
            r"(?P<span>(?P<part>end|close|beginning|start|middle|first half|second half|spring"
            r"|summer|autumn|fall)\s+of\s+" + _YEAR.format(g="y3") + r")",
            # January 1949
            rf"(?P<my>{_MONTH.format(g='m4')},?\s+{_YEAR.format(g='y4')})",
            # February 5 (no year)
            rf"(?P<md>{_MONTH.format(g='m5')}\s+{_DAY.format(g='d5')})(?![\d,]*\s*\d)",
            # 3 May (no year)
            rf"(?P<dm>{_DAY.format(g='d6')}\s+(?:of\s+)?{_MONTH.format(g='m6')})(?![\d,]*\s*\d)",
        ]
    )
)


DAY_MONTH_BEFORE = re.compile(
    r"(?:(?<=\s)|^)(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH.format(g="m1")
    + r"|"
    + _MONTH.format(g="m2")
    + r"\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?)\s+$"
)
"""A day and month ending a text, before a year the translator supplies (``5 June [1953]``)."""


def iso_date(year: int, month: str, day: int) -> str:
    """``@when`` of a day, a month's name and a year; ValueError if there is no such day."""
    return _valid(year, _month(month), day)


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    text: str
    attrs: dict[str, str]
    problem: str = ""
    month_day: tuple[int, int] | None = None
    """Of a date without a year: its month and day."""


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
            if g["roman"]:
                month = ROMAN_MONTHS[g["rm"]]
                attrs = {"when": _valid(_full_year(g["ry"]), month, int(g["rd"]))}
            elif g["num"]:
                order = _numeric_order(int(g["n1"]), int(g["n2"]), g["sep"])
                if order is None:
                    found.append(
                        FoundDate(
                            m.start(),
                            m.end(),
                            m.group(),
                            {},
                            "the order of day and month is not known "
                            f"({g['n1']} {g['n2']}: day.month or month.day)",
                        )
                    )
                    continue
                day, month = order
                attrs = {"when": _valid(_full_year(g["ny"]), month, day)}
            elif g["years"]:
                first, last = int(g["yf"]), int(g["yt"])
                if last <= first:
                    continue
                attrs = {"from": f"{first:04d}", "to": f"{last:04d}"}
            elif g["mdy"]:
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
                day = int(g["d5"] or g["d6"])
                if day < 1 or day > 31:
                    continue
                month = _month(g["m5"] or g["m6"])
                found.append(
                    FoundDate(
                        m.start(),
                        m.end(),
                        m.group(),
                        {},
                        "month and day without a year",
                        month_day=(month, day),
                    )
                )
                continue
        except ValueError as exc:
            found.append(FoundDate(m.start(), m.end(), m.group(), {}, str(exc)))
            continue
        found.append(FoundDate(m.start(), m.end(), m.group(), attrs))
    return found


def _full_year(text: str) -> int:
    return int(text) if len(text) == 4 else 1900 + int(text)


def _numeric_order(first: int, second: int, sep: str) -> tuple[int, int] | None:
    """(day, month) of a numeric date, or None when the order cannot be told."""
    if first == second or (first > 12 and second <= 12):
        return first, second
    if second > 12 and first <= 12:
        return second, first
    if first > 12 and second > 12:
        raise ValueError(f"neither {first} nor {second} is a month")
    return None


def _valid(year: int, month: int, day: int) -> str:
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"{calendar.month_name[month]} has no day {day} in {year}")
    return _iso(year, month, day)


def parse_heading_date(text: str) -> dict[str, str]:
    """The ``@when`` (or span) of a date heading such as ``September 4, 1958``; {} if none."""
    for found in find_dates(text):
        if "from" in found.attrs:
            continue
        if found.attrs and found.text.strip() == text.strip().rstrip("."):
            return found.attrs
    m = re.fullmatch(r"\s*(1\d{3}|20\d\d)\s*", text)
    return {"when": m.group(1)} if m else {}
