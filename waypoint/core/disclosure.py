"""Small-cell suppression: which counts about people a report shared outside the agency may show.

A count from 1 to ``threshold - 1`` could point at someone ("the 3 people who went back"), so it is
hidden (primary suppression). A hidden count that could be worked out again by subtraction, from a total
and the other counts of its line, is no better hidden; so another count of that line is hidden with it
(complementary suppression): the smallest one shown that is not zero. The same when the hidden counts of
a line add up to fewer than ``threshold``: two hidden counts in a line whose shown counts leave 2 are
1 and 1 (a zero is never hidden, so a hidden count is at least 1). This repeats until every line is safe.

That is the usual rule of statistical agencies, and like theirs it is not proof against everything: two
lines, each safe alone, may together narrow a cell down, and two hidden counts that leave 18 in a line
are 9 and 9 if a reader assumes both were small.

A zero is shown. It describes nobody, and hiding zeros would hide most of a small program's tables for
no protection. The price is known: a line whose counts are all in one cell says everyone in it shared
that answer. Reports shown only inside the agency do not come here at all.

The engine, ``suppress``, knows nothing of rows and columns: it takes named counts and the totals among
them that the page shows (a total and its parts), so a list with its total, a table with its margins and
a list with subtotals are the same problem. ``suppress_counts`` and ``suppress_table`` are its two usual
shapes.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.utils.translation import gettext

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)


@dataclass(frozen=True)
class Total(Generic[K]):
    """One equation the page shows: ``total`` is the sum of ``parts`` (all of them keys of the counts)."""

    total: K
    parts: tuple[K, ...]

    @property
    def members(self) -> tuple[K, ...]:
        # Parts first: a part and its total of equal value (the others are zero) hides the part.
        return (*self.parts, self.total)


def is_small(count: int, threshold: int) -> bool:
    return 0 < count < threshold


def suppress_count(count: int, threshold: int) -> int | None:
    """A count on its own: ``None`` when it is small."""
    return None if is_small(count, threshold) else count


def suppress(values: Mapping[K, int], sums: Iterable[Total[K]], threshold: int) -> dict[K, int | None]:
    """Every count, ``None`` where hidden: primary, then complementary until every line is safe.

    There is always a count to hide in an unsafe line. A lone hidden part is not zero, so its total is not
    zero either; a lone hidden total is not zero, so some part is not; hidden parts that add up to fewer
    than ``threshold`` under a total shown (which is then at least ``threshold``) leave a shown part that
    is not zero.
    """
    sums = list(sums)
    hidden = {key for key, count in values.items() if is_small(count, threshold)}
    while (exposed := _unsafe_line(sums, values, hidden, threshold)) is not None:
        hidden.add(_complement(exposed, values, hidden))
    return {key: None if key in hidden else count for key, count in values.items()}


def _unsafe_line(sums: list[Total[K]], values: Mapping[K, int], hidden: set[K], threshold: int) -> Total[K] | None:
    """A line with one unknown, or whose hidden parts add up (total minus shown parts) to a small count."""
    for line in sums:
        unknown = [member for member in line.members if member in hidden]
        if len(unknown) == 1:
            return line
        if line.total not in hidden and is_small(sum(values[member] for member in unknown), threshold):
            return line
    return None


def _complement(line: Total[K], values: Mapping[K, int], hidden: set[K]) -> K:
    shown = [member for member in line.members if member not in hidden and values[member] > 0]
    return min(shown, key=lambda member: values[member])  # min() keeps the first of equals: a part


# --- the usual shapes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ListTotal:
    """The key of a list's total, distinct from any key a caller could use."""

    name: str


TOTAL = _ListTotal("total")


def suppress_counts(cells: Mapping[K, int], threshold: int) -> dict[K, int | None]:
    """A list of counts shown with its total: ``None`` where hidden.

    Show the total itself with ``suppress_count(sum(cells.values()), threshold)``: in a list the total is
    only ever hidden for being small, and when it is, no count of the list needs a complement (each of
    its non-zero cells is small too, and hidden).
    """
    values: dict[K | _ListTotal, int] = {key: count for key, count in cells.items()}
    values[TOTAL] = sum(cells.values())
    line: Total[K | _ListTotal] = Total(TOTAL, tuple(cells))
    shown = suppress(values, [line], threshold)
    return {key: shown[key] for key in cells}


@dataclass(frozen=True)
class SuppressedTable(Generic[R, C]):
    cells: dict[R, dict[C, int | None]]
    row_totals: dict[R, int | None]
    column_totals: dict[C, int | None]
    total: int | None


def suppress_table(rows: Mapping[R, Mapping[C, int]], threshold: int) -> SuppressedTable[R, C]:
    """A two-way table shown with its row and column totals and a grand total.

    Totals are counts like the others: a small row total is hidden, and so are its cells then. Every row,
    every column, and the row totals and column totals against the grand total, are lines.
    """
    columns = list(dict.fromkeys(c for row in rows.values() for c in row))
    values: dict[tuple[str, object, object], int] = {}
    for r, row in rows.items():
        for c in columns:
            values[("cell", r, c)] = row.get(c, 0)
        values[("row", r, None)] = sum(row.values())
    for c in columns:
        values[("column", c, None)] = sum(row.get(c, 0) for row in rows.values())
    values[("total", None, None)] = sum(values[("row", r, None)] for r in rows)
    shown = suppress(values, _table_sums(list(rows), columns), threshold)
    return SuppressedTable(
        cells={r: {c: shown[("cell", r, c)] for c in columns} for r in rows},
        row_totals={r: shown[("row", r, None)] for r in rows},
        column_totals={c: shown[("column", c, None)] for c in columns},
        total=shown[("total", None, None)],
    )


def _table_sums(rows: Sequence[object], columns: Sequence[object]) -> list[Total[tuple[str, object, object]]]:
    grand = ("total", None, None)
    sums = [Total(("row", r, None), tuple(("cell", r, c) for c in columns)) for r in rows]
    sums += [Total(("column", c, None), tuple(("cell", r, c) for r in rows)) for c in columns]
    sums.append(Total(grand, tuple(("row", r, None) for r in rows)))
    sums.append(Total(grand, tuple(("column", c, None) for c in columns)))
    return sums


# --- what a page shows instead ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Suppressed:
    """A count hidden for being small: "fewer than 10". For a count on its own, where that is all it can be."""

    threshold: int

    def __str__(self) -> str:
        return gettext("fewer than %(n)s") % {"n": self.threshold}


@dataclass(frozen=True)
class Withheld:
    """A cell of a list or a table, or a rate, that is hidden: small, or hidden with a small one.

    One word for both, on purpose: telling the small cell from its complement would say which is which.
    """

    def __str__(self) -> str:
        return gettext("hidden")


WITHHELD = Withheld()
