"""The total's expression evaluator: what it computes, and everything it refuses before scoring."""

from __future__ import annotations

from fractions import Fraction

import pytest

from waypoint.instruments.expressions import ExpressionError, parse_expression

NAMES = ["C", "A", "M", "PC"]


def test_it_computes_urica_readiness_exactly():
    expression = parse_expression("C + A + M - PC", NAMES)
    values = {"C": Fraction(4), "A": Fraction(7, 2), "M": Fraction(9, 2), "PC": Fraction(2)}
    assert expression.evaluate(values) == 10
    assert expression.names == {"C", "A", "M", "PC"}


def test_it_keeps_precedence_parentheses_unary_minus_and_decimals():
    values = {"C": Fraction(2), "A": Fraction(3)}
    assert parse_expression("-(C + A) * 2 / 4", NAMES).evaluate(values) == Fraction(-5, 2)
    assert parse_expression("C * 0.1", NAMES).evaluate(values) == Fraction(1, 5)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("__import__('os')", "function calls are not allowed"),
        ("C.real", "attributes (a dot after a name) are not allowed"),
        ("C ** 2", "'**' is not allowed: only + - * / and parentheses"),
        ("C // 2", "'//' is not allowed: only + - * / and parentheses"),
        ("C % 2", "'%' is not allowed: only + - * / and parentheses"),
        ("C[0]", "indexing with [ ] is not allowed"),
        ("C < A", "comparisons are not allowed"),
        ("C and A", "and / or are not allowed"),
        ("lambda: 1", "lambda is not allowed"),
        ("'C'", "'C' is not allowed: only numbers and subscale names"),
        ("True + C", "True is not allowed: only numbers and subscale names"),
        ("+C", "only a minus sign may stand before a value"),
        ("X + C", "unknown name 'X' (the subscales are: A, C, M, PC)"),
        ("1e999", "inf is too large a number"),
        ("[C, A]", "List is not allowed: only numbers, subscale names, + - * / and parentheses"),
        ("C +", "not a valid expression (invalid syntax)"),
        ("C; import os", "not a valid expression (invalid syntax)"),
        ("C" + " + C" * 200, "longer than 500 characters"),
    ],
)
def test_it_refuses_anything_outside_the_whitelist(source, message):
    with pytest.raises(ExpressionError) as caught:
        parse_expression(source, NAMES)
    assert str(caught.value) == message
