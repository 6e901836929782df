"""A safe evaluator for a definition's total, such as URICA's ``C + A + M - PC``.

The text is parsed with :mod:`ast` and walked against a whitelist (numbers, the names
given, ``+ - * /``, unary minus, parentheses); it is never compiled or run. Every refusal
happens when the definition is loaded, so scoring only meets expressions already checked.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

MAX_LENGTH = 500

_OPERATORS: dict[type[ast.operator], Callable[[Fraction, Fraction], Fraction]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}

_REFUSED: dict[type[ast.AST], str] = {
    ast.Call: "function calls are not allowed",
    ast.Attribute: "attributes (a dot after a name) are not allowed",
    ast.Subscript: "indexing with [ ] is not allowed",
    ast.Compare: "comparisons are not allowed",
    ast.BoolOp: "and / or are not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.IfExp: "if / else is not allowed",
    ast.NamedExpr: ":= is not allowed",
}


class ExpressionError(ValueError):
    """An expression outside the whitelist, with a message a definition's author can act on."""


@dataclass(frozen=True)
class Expression:
    source: str
    names: frozenset[str]
    tree: ast.expr = field(compare=False, repr=False)

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        """The value for these subscale scores; raises ZeroDivisionError when a divisor is zero."""
        return _evaluate(self.tree, values)


def parse_expression(source: str, names: Collection[str]) -> Expression:
    """Check ``source`` against the whitelist, naming only ``names``; raise ExpressionError if it strays."""
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"not a valid expression ({error.msg})") from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError("not a valid expression") from None
    used: set[str] = set()
    _check(tree.body, frozenset(names), used)
    return Expression(source=source, names=frozenset(used), tree=tree.body)


def _check(node: ast.expr, names: frozenset[str], used: set[str]) -> None:
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _OPERATORS:
            symbol = {ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//"}.get(type(node.op), type(node.op).__name__)
            raise ExpressionError(f"'{symbol}' is not allowed: only + - * / and parentheses")
        _check(node.left, names, used)
        _check(node.right, names, used)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.USub):
            raise ExpressionError("only a minus sign may stand before a value")
        _check(node.operand, names, used)
    elif isinstance(node, ast.Constant):
        # bool is an int subclass; True and False are not numbers a total should use.
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise ExpressionError(f"{node.value!r} is not allowed: only numbers and subscale names")
        if isinstance(node.value, float) and not math.isfinite(node.value):
            raise ExpressionError(f"{node.value!r} is too large a number")
    elif isinstance(node, ast.Name):
        if node.id not in names:
            known = ", ".join(sorted(names)) or "none"
            raise ExpressionError(f"unknown name '{node.id}' (the subscales are: {known})")
        used.add(node.id)
    else:
        raise ExpressionError(
            _REFUSED.get(
                type(node),
                f"{type(node).__name__} is not allowed: only numbers, subscale names, + - * / and parentheses",
            )
        )


def _evaluate(node: ast.expr, values: Mapping[str, Fraction]) -> Fraction:
    if isinstance(node, ast.BinOp):
        return _OPERATORS[type(node.op)](_evaluate(node.left, values), _evaluate(node.right, values))
    if isinstance(node, ast.UnaryOp):
        return -_evaluate(node.operand, values)
    if isinstance(node, ast.Constant):
        # Through the decimal text, so 0.1 is one tenth and not the nearest binary float.
        return Fraction(repr(node.value))
    if isinstance(node, ast.Name):
        return values[node.id]
    raise ExpressionError(f"{type(node).__name__} is not allowed")  # unreachable after _check
