"""CSV cells that a spreadsheet program will not run as a formula."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def neutralise_cell(value: object) -> str:
    """Spreadsheet programs run a cell that starts with = + - @ (and a few others) as a formula; prefix a quote.

    Some also skip leading spaces before reading the formula, so " =HYPERLINK(...)" counts too.
    """
    text = "" if value is None else str(value)
    risky = text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)
    return "'" + text if risky else text
