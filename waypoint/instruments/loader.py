"""Reading an instrument definition (YAML, or JSON, which is YAML) into a checked, frozen Definition.

Every problem is reported with the line it is on and the path of the field, such as
``line 14, items[3].reverse: true or false expected`` (list positions count from 0), and
all of them at once: a file with any problem gives no Definition.
"""

from __future__ import annotations

import json
import keyword
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from jsonschema import Draft202012Validator, ValidationError

from waypoint.instruments.expressions import Expression, ExpressionError, parse_expression

Path = tuple[str | int, ...]
LicenceKind = Literal["ours", "scoring_key_only", "agency_supplied"]
ScoreKind = Literal["sum", "mean"]

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping of fields",
    "array": "a list",
    "null": "nothing",
}


@dataclass(frozen=True)
class Problem:
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.path}: {self.message}" if self.path else f"line {self.line}: {self.message}"


class DefinitionError(ValueError):
    """A definition that cannot be used; ``problems`` lists each one, in the order of the file."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class Words:
    en: str
    fr: str


@dataclass(frozen=True)
class Licence:
    kind: LicenceKind
    attribution: str
    source: str


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    labels: Mapping[int, Words] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Item:
    number: int
    text: Words | None
    reverse: bool
    subscale: str | None
    may_skip: bool
    why: Words | None


@dataclass(frozen=True)
class Subscale:
    name: str
    items: tuple[int, ...]
    score: ScoreKind
    label: Words | None = None


@dataclass(frozen=True)
class Definition:
    key: str
    version: int
    title: Words
    licence: Licence
    roles: tuple[str, ...]
    scale: Scale
    items: tuple[Item, ...]
    subscales: tuple[Subscale, ...]
    skips_most: int
    total: Expression | None
    # The checked data as read, for storing beside responses (JSONB) and rescoring later.
    body: Mapping[str, Any] = field(compare=False, repr=False)
    # Taken about one part of life at a time (the readiness ruler, the stage self-rating).
    per_domain: bool = False
    total_label: Words | None = None

    @property
    def needs_wording(self) -> bool:
        return any(item.text is None for item in self.items)

    def with_wording(self, wording: Mapping[int, Words]) -> Definition:
        """The same definition with item text filled in from an agency's imported wording (by item number)."""
        items = tuple(
            item if item.text is not None or item.number not in wording else replace(item, text=wording[item.number])
            for item in self.items
        )
        return replace(self, items=items)


def load_definition(text: str, *, known_roles: Collection[str] | None = None) -> Definition:
    """Parse and check a definition; raise DefinitionError naming every problem's line and field.

    ``known_roles``, when given, is the list of role names a definition may grant use to.
    """
    data, lines = _read(text)
    problems = [_problem(lines, path, message) for path, message in _schema_problems(data)]
    if problems:
        raise DefinitionError(_sorted(problems))
    problems = [_problem(lines, path, message) for path, message in _meaning_problems(data, known_roles)]
    if problems:
        raise DefinitionError(_sorted(problems))
    return _build(data)


def definition_from_body(body: Mapping[str, Any]) -> Definition:
    """A Definition from data ``load_definition`` checked before (a stored ``body``), without checking it again."""
    return _build(dict(body))


def field_line(text: str, name: str) -> int:
    """The line of a top-level field in a definition's text (1 when it cannot be found)."""
    _data, lines = _read(text)
    return lines.get((name,), 1)


@cache
def schema() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("schema.json").read_text(encoding="utf-8"))


def shipped_definitions() -> dict[str, Definition]:
    """The definitions Waypoint ships, by key."""
    folder = resources.files(__package__).joinpath("definitions")
    loaded = [
        load_definition(entry.read_text(encoding="utf-8")) for entry in folder.iterdir() if entry.name.endswith(".yaml")
    ]
    return {definition.key: definition for definition in sorted(loaded, key=lambda d: d.key)}


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# Reading: PyYAML's composer keeps each node's position, which a plain yaml.safe_load throws away.


def _read(text: str) -> tuple[Any, dict[Path, int]]:
    loader = yaml.SafeLoader(text)
    lines: dict[Path, int] = {}
    problems: list[Problem] = []
    try:
        node = loader.get_single_node()
        if node is None:
            raise DefinitionError([Problem(1, "", "the file is empty")])
        data = _to_python(loader, node, (), lines, problems, set())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise DefinitionError([Problem(line, "", f"not valid YAML or JSON: {error.problem or error}")]) from None
    except yaml.YAMLError as error:
        raise DefinitionError([Problem(1, "", f"not valid YAML or JSON: {error}")]) from None
    finally:
        loader.dispose()
    if problems:
        raise DefinitionError(_sorted(problems))
    return data, lines


def _to_python(
    loader: yaml.SafeLoader,
    node: yaml.Node,
    path: Path,
    lines: dict[Path, int],
    problems: list[Problem],
    seen: set[int],
    line: int | None = None,
) -> Any:
    # A field is where its name is, even when its value starts on the next line (or is an alias).
    line = line or node.start_mark.line + 1
    lines[path] = line
    if id(node) in seen:
        # An alias repeats a node; refusing them also refuses a file that multiplies itself in memory.
        problems.append(Problem(line, format_path(path), "anchors and aliases (& and *) are not allowed"))
        return None
    if isinstance(node, yaml.MappingNode):
        seen.add(id(node))
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Problem(key_node.start_mark.line + 1, format_path(path), "a field name must be plain text")
                )
                continue
            # Keys stay text, so a label keyed 0 reads as "0" for JSON Schema, just as it would in JSON.
            key = key_node.value
            if key in mapping:
                problems.append(
                    Problem(key_node.start_mark.line + 1, format_path((*path, key)), "this field appears twice")
                )
            mapping[key] = _to_python(
                loader, value_node, (*path, key), lines, problems, seen, key_node.start_mark.line + 1
            )
        return mapping
    if isinstance(node, yaml.SequenceNode):
        seen.add(id(node))
        return [
            _to_python(loader, child, (*path, index), lines, problems, seen) for index, child in enumerate(node.value)
        ]
    return loader.construct_object(node)


def _problem(lines: Mapping[Path, int], path: Path, message: str) -> Problem:
    # A missing field has no line of its own: use the nearest enclosing one that exists.
    probe = path
    while probe not in lines and probe:
        probe = probe[:-1]
    return Problem(lines.get(probe, 1), format_path(path), message)


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(dict.fromkeys(problems), key=lambda problem: (problem.line, problem.path))


# Checking, first the shape (JSON Schema), then what a schema cannot say.


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def _schema_problems(data: Any) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    for error in _validator().iter_errors(data):
        found.extend(_explain(error))
    return found


def _explain(error: ValidationError) -> list[tuple[Path, str]]:
    path: Path = tuple(error.absolute_path)
    rule, expected, instance = error.validator, error.validator_value, error.instance
    if rule == "required":
        return [((*path, name), "this field is missing") for name in expected if name not in instance]
    if rule == "additionalProperties" and expected is False:
        known = error.schema.get("properties", {})
        fields = ", ".join(known)
        return [
            ((*path, name), f"unknown field (the fields here are: {fields})") for name in instance if name not in known
        ]
    if rule == "type":
        wanted = " or ".join(
            _TYPE_WORDS.get(kind, kind) for kind in ([expected] if isinstance(expected, str) else expected)
        )
        return [(path, f"{wanted} expected, not {_describe(instance)}")]
    if rule == "enum":
        return [(path, f"one of {', '.join(map(str, expected))} expected, not {_describe(instance)}")]
    if rule == "minimum":
        return [(path, f"{expected} or more expected, not {instance}")]
    if rule == "minLength":
        return [(path, "must not be empty")]
    if rule == "maxLength":
        return [(path, f"at most {expected} characters")]
    if rule in ("minItems", "minProperties"):
        return [(path, "must not be empty")]
    if rule == "uniqueItems":
        return [(path, "an entry appears twice")]
    if rule == "pattern":
        hint = error.schema.get("x-message", f"the form {expected} expected")
        return [(path, f"{hint}, not {_describe(instance)}")]
    return [(path, error.message)]


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _meaning_problems(data: dict[str, Any], known_roles: Collection[str] | None) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    scale, items, subscales = data["scale"], data["items"], data["subscales"]
    low, high = scale["min"], scale["max"]
    if low >= high:
        found.append((("scale", "min"), f"must be less than scale.max ({high})"))
    for label in scale.get("labels", {}):
        if not low <= int(label) <= high:
            found.append((("scale", "labels", label), f"outside the scale {low}–{high}"))

    if known_roles is not None:
        for index, role in enumerate(data["roles"]):
            if role not in known_roles:
                found.append(
                    (("roles", index), f"unknown role '{role}' (the roles are: {', '.join(sorted(known_roles))})")
                )

    for name in subscales:
        if keyword.iskeyword(name):
            found.append((("subscales", name), f"'{name}' is a reserved word and cannot name a subscale"))

    first_at: dict[int, int] = {}
    for index, item in enumerate(items):
        number = item["number"]
        if number in first_at:
            found.append((("items", index, "number"), f"item {number} is already items[{first_at[number]}]"))
        else:
            first_at[number] = index
        if "subscale" in item and item["subscale"] not in subscales:
            found.append(
                (("items", index, "subscale"), f"no subscale named '{item['subscale']}' ({_names(subscales)})")
            )

    members = _members(data)
    for name, subscale in subscales.items():
        for position, number in enumerate(subscale.get("items", [])):
            if number not in first_at:
                found.append((("subscales", name, "items", position), f"no item is numbered {number}"))
        if not members[name]:
            found.append((("subscales", name), "has no items: list them here or give items this subscale"))

    scored = set().union(*members.values())
    kind = data["licence"]["kind"]
    for index, item in enumerate(items):
        if item.get("reverse") and item["number"] not in scored:
            found.append(
                (
                    ("items", index, "reverse"),
                    "a reversed item must belong to a subscale, or reversing it changes nothing",
                )
            )
        if kind == "scoring_key_only" and "text" in item:
            found.append(
                (("items", index, "text"), "a scoring-key-only instrument ships no wording: the agency imports it")
            )
        if kind != "scoring_key_only" and "text" not in item:
            found.append(
                (("items", index, "text"), "this field is missing (only a scoring-key-only instrument goes without)")
            )

    if data["skips"]["most"] > len(items):
        found.append((("skips", "most"), f"more than the {len(items)} items there are"))

    if "total" in data:
        try:
            parse_expression(data["total"], subscales)
        except ExpressionError as error:
            found.append((("total",), str(error)))
    return found


def _names(subscales: Mapping[str, Any]) -> str:
    return "the subscales are: " + ", ".join(subscales)


def _members(data: dict[str, Any]) -> dict[str, set[int]]:
    numbers = {item["number"] for item in data["items"]}
    members = {name: set(subscale.get("items", [])) & numbers for name, subscale in data["subscales"].items()}
    for item in data["items"]:
        if item.get("subscale") in members:
            members[item["subscale"]].add(item["number"])
    return members


def _build(data: dict[str, Any]) -> Definition:
    members = _members(data)
    total = parse_expression(data["total"], data["subscales"]) if "total" in data else None
    scale = data["scale"]
    return Definition(
        key=data["key"],
        version=int(data["version"]),
        title=_words(data["title"]),
        licence=Licence(**data["licence"]),
        roles=tuple(data["roles"]),
        scale=Scale(
            min=int(scale["min"]),
            max=int(scale["max"]),
            labels={
                int(n): _words(words) for n, words in sorted(scale.get("labels", {}).items(), key=lambda kv: int(kv[0]))
            },
        ),
        items=tuple(
            Item(
                number=int(item["number"]),
                text=_words(item["text"]) if "text" in item else None,
                reverse=bool(item.get("reverse", False)),
                subscale=item.get("subscale"),
                may_skip=bool(item.get("may_skip", True)),
                why=_words(item["why"]) if "why" in item else None,
            )
            for item in data["items"]
        ),
        subscales=tuple(
            Subscale(
                name=name,
                items=tuple(sorted(members[name])),
                score=subscale["score"],
                label=_words(subscale["label"]) if "label" in subscale else None,
            )
            # In the order of their first item: PostgreSQL's JSONB keeps object keys in its own order,
            # so the file's order does not survive storage (URICA reads PC, C, A, M this way, as published).
            for name, subscale in sorted(data["subscales"].items(), key=lambda kv: (min(members[kv[0]]), kv[0]))
        ),
        skips_most=int(data["skips"]["most"]),
        total=total,
        body=data,
        per_domain=bool(data.get("per_domain", False)),
        total_label=_words(data["total_label"]) if "total_label" in data else None,
    )


def _words(words: Mapping[str, str]) -> Words:
    return Words(en=words["en"], fr=words["fr"])
