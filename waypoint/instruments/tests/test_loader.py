"""Loading definitions: the shipped ones load, and broken ones are refused naming line and field."""

from __future__ import annotations

import json
import textwrap
from importlib import resources

import pytest
import yaml
from jsonschema import Draft202012Validator

from waypoint.instruments.loader import DefinitionError, load_definition, schema, shipped_definitions

# A small valid definition, placeholder wording; each broken case changes one thing in it.
VALID = textwrap.dedent("""\
    key: placeholder
    version: 1
    title: {en: Placeholder, fr: Espace réservé}
    licence:
      kind: agency_supplied
      attribution: Placeholder attribution
      source: Placeholder source
    roles: [advocate]
    scale:
      min: 1
      max: 5
    items:
      - number: 1
        subscale: A
        text: {en: Placeholder item 1, fr: Énoncé fictif 1}
      - number: 2
        subscale: A
        reverse: true
        text: {en: Placeholder item 2, fr: Énoncé fictif 2}
      - number: 3
        subscale: B
        text: {en: Placeholder item 3, fr: Énoncé fictif 3}
    subscales:
      A: {score: mean}
      B: {score: sum}
    skips: {most: 1}
    total: A + B
    """)


def broken(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(schema())


def test_it_loads_the_valid_placeholder():
    definition = load_definition(VALID)
    assert definition.key == "placeholder"
    assert [item.number for item in definition.items] == [1, 2, 3]
    assert definition.items[1].reverse and definition.items[0].may_skip
    assert [(s.name, s.items, s.score) for s in definition.subscales] == [("A", (1, 2), "mean"), ("B", (3,), "sum")]
    assert definition.total is not None and definition.total.names == {"A", "B"}


def test_it_reads_json_with_the_same_lines():
    as_json = json.dumps(yaml.safe_load(VALID), indent=2, ensure_ascii=False)
    assert load_definition(as_json) == load_definition(VALID)
    wrong = as_json.replace('"reverse": true', '"reverse": "yes"')
    line = next(n for n, text in enumerate(wrong.splitlines(), 1) if '"reverse"' in text)
    with pytest.raises(DefinitionError) as caught:
        load_definition(wrong)
    assert str(caught.value) == f"line {line}, items[1].reverse: true or false expected, not 'yes'"


def test_every_shipped_file_loads_and_is_named_after_its_key():
    folder = resources.files("waypoint.instruments").joinpath("definitions")
    stems = sorted(entry.name.removesuffix(".yaml") for entry in folder.iterdir() if entry.name.endswith(".yaml"))
    assert (
        stems
        == sorted(shipped_definitions())
        == ["indicators", "readiness-ruler", "stage-self-rating", "urica", "vera-tvit-short"]
    )


def test_scoring_key_only_files_ship_no_wording_and_ours_ship_all_of_it():
    for definition in shipped_definitions().values():
        texts = [item.text for item in definition.items]
        if definition.licence.kind == "scoring_key_only":
            assert texts == [None] * len(texts) and definition.needs_wording
        else:
            assert None not in texts and not definition.needs_wording


def test_the_shipped_urica_key_scores_seven_of_its_32_items_in_each_subscale():
    urica = shipped_definitions()["urica"]
    assert len(urica.items) == 32
    assert {s.name: s.items for s in urica.subscales} == {
        "PC": (1, 5, 11, 13, 23, 26, 29),
        "C": (2, 8, 12, 15, 19, 21, 24),
        "A": (3, 7, 10, 14, 17, 25, 30),
        "M": (6, 16, 18, 22, 27, 28, 32),
    }
    assert urica.total is not None and urica.total.source == "C + A + M - PC"


def test_it_checks_roles_against_the_known_ones_when_given():
    with pytest.raises(
        DefinitionError, match=r"^line 8, roles\[0\]: unknown role 'advocate' \(the roles are: intake\)$"
    ):
        load_definition(VALID, known_roles=["intake"])
    assert load_definition(VALID, known_roles=["advocate", "intake"]).roles == ("advocate",)


BROKEN = {
    "reverse is not a boolean": (
        broken("reverse: true", "reverse: maybe"),
        "line 18, items[1].reverse: true or false expected, not 'maybe'",
    ),
    "version is text": (broken("version: 1", "version: one"), "line 2, version: a whole number expected, not 'one'"),
    "a required field is missing": (
        broken("  source: Placeholder source\n", ""),
        "line 4, licence.source: this field is missing",
    ),
    "the items are missing": (
        broken("items:", "questions:"),
        "line 1, items: this field is missing\nline 12, questions: unknown field (the fields here are: key, version, title, licence, roles, scale, items, subscales, skips, total, total_label, per_domain)",
    ),
    "an unknown field in an item": (
        broken("reverse: true", "reversed: true"),
        "line 18, items[1].reversed: unknown field (the fields here are: number, text, reverse, subscale, may_skip, why)",
    ),
    "a licence kind not in the list": (
        broken("kind: agency_supplied", "kind: borrowed"),
        "line 5, licence.kind: one of ours, scoring_key_only, agency_supplied expected, not 'borrowed'",
    ),
    "a French title is missing": (
        broken("title: {en: Placeholder, fr: Espace réservé}", "title: {en: Placeholder}"),
        "line 3, title.fr: this field is missing",
    ),
    "a duplicate item number": (
        broken("- number: 3", "- number: 2"),
        "line 20, items[2].number: item 2 is already items[1]",
    ),
    "an item names an unknown subscale": (
        broken("subscale: B", "subscale: C"),
        "line 21, items[2].subscale: no subscale named 'C' (the subscales are: A, B)\nline 25, subscales.B: has no items: list them here or give items this subscale",
    ),
    "a subscale lists an item that does not exist": (
        broken("B: {score: sum}", "B: {items: [3, 9], score: sum}"),
        "line 25, subscales.B.items[1]: no item is numbered 9",
    ),
    "a subscale with no items": (
        broken("B: {score: sum}", "B: {score: sum}\n  D: {score: mean}"),
        "line 26, subscales.D: has no items: list them here or give items this subscale",
    ),
    "min above max": (broken("min: 1", "min: 7"), "line 10, scale.min: must be less than scale.max (5)"),
    "a scale label outside the scale": (
        broken("max: 5\n", "max: 5\n  labels:\n    9: {en: Nine, fr: Neuf}\n"),
        "line 13, scale.labels.9: outside the scale 1–5",
    ),
    "a reversed item in no subscale": (
        broken("    subscale: A\n    reverse: true", "    reverse: true"),
        "line 17, items[1].reverse: a reversed item must belong to a subscale, or reversing it changes nothing",
    ),
    "a call in the total": (
        broken("total: A + B", "total: __import__('os')"),
        "line 27, total: function calls are not allowed",
    ),
    "a power in the total": (
        broken("total: A + B", "total: A ** 2"),
        "line 27, total: '**' is not allowed: only + - * / and parentheses",
    ),
    "an attribute in the total": (
        broken("total: A + B", "total: A.real"),
        "line 27, total: attributes (a dot after a name) are not allowed",
    ),
    "an unknown name in the total": (
        broken("total: A + B", "total: A + PC"),
        "line 27, total: unknown name 'PC' (the subscales are: A, B)",
    ),
    "a comparison in the total": (
        broken("total: A + B", "total: A > B"),
        "line 27, total: comparisons are not allowed",
    ),
    "text in the total": (
        broken("total: A + B", "total: A + 'B'"),
        "line 27, total: 'B' is not allowed: only numbers and subscale names",
    ),
    "a total that does not parse": (
        broken("total: A + B", "total: A +"),
        "line 27, total: not a valid expression (invalid syntax)",
    ),
    "bad YAML syntax": (
        broken("scale:\n  min: 1", "scale:\n  min: [1"),
        "line 11: not valid YAML or JSON: expected ',' or ']', but got ':'",
    ),
    "a field given twice": (
        broken("version: 1\n", "version: 1\nversion: 2\n"),
        "line 3, version: this field appears twice",
    ),
    "an alias": (
        broken("roles: [advocate]", "roles: &r [advocate]\nextra: *r"),
        "line 9, extra: anchors and aliases (& and *) are not allowed",
    ),
    "wording in a scoring-key-only file": (
        broken("kind: agency_supplied", "kind: scoring_key_only"),
        "line 15, items[0].text: a scoring-key-only instrument ships no wording: the agency imports it\nline 19, items[1].text: a scoring-key-only instrument ships no wording: the agency imports it\nline 22, items[2].text: a scoring-key-only instrument ships no wording: the agency imports it",
    ),
    "more skips allowed than items": (
        broken("most: 1", "most: 4"),
        "line 26, skips.most: more than the 3 items there are",
    ),
    "a key with spaces": (
        broken("key: placeholder", "key: Place holder"),
        "line 1, key: lower-case letters, digits and single hyphens expected, like readiness-ruler, not 'Place holder'",
    ),
    "an empty file": ("", "line 1: the file is empty"),
    "a list instead of a mapping": ("- 1\n- 2\n", "line 1: a mapping of fields expected, not a list"),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_it_refuses_a_broken_definition_naming_line_and_field(case):
    text, message = BROKEN[case]
    with pytest.raises(DefinitionError) as caught:
        load_definition(text)
    assert str(caught.value) == message


def test_it_reports_every_problem_at_once_in_the_order_of_the_file():
    text = broken("version: 1", "version: 0").replace("reverse: true", "reverse: 1")
    with pytest.raises(DefinitionError) as caught:
        load_definition(text)
    assert [str(p) for p in caught.value.problems] == [
        "line 2, version: 1 or more expected, not 0",
        "line 18, items[1].reverse: true or false expected, not 1",
    ]
