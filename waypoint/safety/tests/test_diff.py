"""The comparison of two versions: sections added, removed, changed or the same; words; items by their id."""

from __future__ import annotations

import copy

from waypoint.safety.diff import ADDED, CHANGED, REMOVED, SAME, SectionChange, changed_keys, compare
from waypoint.safety.tests.factories import sample_sections, strategy


def _section(changes: list[SectionChange], key: str) -> SectionChange:
    [found] = [change for change in changes if change.key == key]
    return found


def _risks(*items: dict[str, str], words: str = "When he texts from a new number, I know.") -> list[dict]:
    return [{"key": "risks", "words": words, "items": list(items)}]


def test_two_equal_versions_are_the_same_everywhere():
    changes = compare(sample_sections(), sample_sections())
    assert [(c.key, c.state) for c in changes] == [("risks", SAME), ("trusted", SAME), ("numbers", SAME)]
    assert all(item.state == SAME for c in changes for item in c.items)
    assert not any(c.words_changed for c in changes)
    assert changed_keys(sample_sections(), sample_sections()) == []


def test_a_section_added_lists_its_words_and_every_item_as_added():
    after = sample_sections()
    after.append({"key": "emotional", "words": "Loud voices bring it back.", "items": [strategy("e1", "Walk")]})
    change = _section(compare(sample_sections(), after), "emotional")
    assert change.state == ADDED
    assert (change.words_before, change.words_after, change.words_changed) == ("", "Loud voices bring it back.", True)
    assert [(i.state, i.before, i.after) for i in change.items] == [(ADDED, "", "Walk")]
    assert changed_keys(sample_sections(), after) == ["emotional"]


def test_a_section_removed_lists_every_item_as_removed():
    after = [s for s in sample_sections() if s["key"] != "trusted"]
    change = _section(compare(sample_sections(), after), "trusted")
    assert change.state == REMOVED
    assert [(i.state, i.before, i.after) for i in change.items] == [
        (REMOVED, "Auntie May · 555-0101 · blue umbrella · Comes to get me", "")
    ]
    assert changed_keys(sample_sections(), after) == ["trusted"]


def test_sections_come_in_the_plans_order_whatever_order_they_were_saved_in():
    after = list(reversed(sample_sections()))
    after.insert(1, {"key": "places", "words": "The bus stop on King", "items": []})
    assert [c.key for c in compare(sample_sections(), after)] == ["risks", "places", "trusted", "numbers"]


def test_a_section_with_no_place_in_the_plan_is_ignored():
    after = [*sample_sections(), {"key": "horoscope", "words": "Stars", "items": []}]
    assert "horoscope" not in [c.key for c in compare(sample_sections(), after)]
    assert changed_keys(sample_sections(), after) == []


def test_changed_words_alone_change_the_section():
    change = _section(
        compare(_risks(strategy("r1", "Block")), _risks(strategy("r1", "Block"), words="He found my new number.")),
        "risks",
    )
    assert change.state == CHANGED and change.words_changed
    assert change.words_before == "When he texts from a new number, I know."
    assert change.words_after == "He found my new number."
    assert [i.state for i in change.items] == [SAME]


def test_an_item_with_the_same_id_and_new_text_is_changed_not_removed_and_added():
    change = _section(compare(_risks(strategy("r1", "Block him")), _risks(strategy("r1", "Block and report"))), "risks")
    assert change.state == CHANGED and not change.words_changed
    assert [(i.state, i.before, i.after) for i in change.items] == [(CHANGED, "Block him", "Block and report")]


def test_the_same_text_under_a_new_id_is_one_added_and_one_removed():
    # With no kept item after it, a removed item is listed last.
    change = _section(compare(_risks(strategy("r1", "Block")), _risks(strategy("zz", "Block"))), "risks")
    assert [(i.state, i.before, i.after) for i in change.items] == [(ADDED, "", "Block"), (REMOVED, "Block", "")]
    assert change.state == CHANGED


def test_an_item_added_takes_its_place_in_the_later_version():
    before = _risks(strategy("a", "One"), strategy("c", "Three"))
    after = _risks(strategy("a", "One"), strategy("b", "Two"), strategy("c", "Three"))
    change = _section(compare(before, after), "risks")
    assert [(i.state, i.after) for i in change.items] == [(SAME, "One"), (ADDED, "Two"), (SAME, "Three")]
    assert change.state == CHANGED


def test_a_removed_item_keeps_its_place_from_the_earlier_version():
    before = _risks(strategy("a", "One"), strategy("b", "Two"), strategy("c", "Three"), strategy("d", "Four"))
    after = _risks(strategy("a", "One"), strategy("c", "Three"), strategy("d", "Four"))
    change = _section(compare(before, after), "risks")
    assert [(i.state, i.before) for i in change.items] == [
        (SAME, "One"),
        (REMOVED, "Two"),
        (SAME, "Three"),
        (SAME, "Four"),
    ]


def test_removed_items_at_the_start_and_the_end_stay_there():
    before = _risks(strategy("a", "One"), strategy("b", "Two"), strategy("c", "Three"))
    after = _risks(strategy("b", "Two"))
    change = _section(compare(before, after), "risks")
    assert [(i.state, i.before) for i in change.items] == [(REMOVED, "One"), (SAME, "Two"), (REMOVED, "Three")]


def test_a_change_added_and_removed_together_are_each_said_once():
    before = _risks(strategy("a", "One"), strategy("b", "Two"), strategy("c", "Three"))
    after = _risks(strategy("a", "One, again"), strategy("c", "Three"), strategy("n", "New"))
    change = _section(compare(before, after), "risks")
    assert [(i.state, i.before, i.after) for i in change.items] == [
        (CHANGED, "One", "One, again"),
        (REMOVED, "Two", ""),
        (SAME, "Three", "Three"),
        (ADDED, "", "New"),
    ]


def test_a_person_and_a_number_are_compared_by_id_and_said_in_their_own_words():
    after = copy.deepcopy(sample_sections())
    after[1]["items"][0]["code_word"] = "green kettle"
    after[2]["items"].pop(1)
    changes = compare(sample_sections(), after)
    trusted, numbers = _section(changes, "trusted"), _section(changes, "numbers")
    assert [(i.state, i.before, i.after) for i in trusted.items] == [
        (
            CHANGED,
            "Auntie May · 555-0101 · blue umbrella · Comes to get me",
            "Auntie May · 555-0101 · green kettle · Comes to get me",
        )
    ]
    assert [(i.state, i.before) for i in numbers.items] == [
        (SAME, "Canadian Human Trafficking Hotline · 1-833-900-1010 (on the card: Helpline)"),
        (REMOVED, "Emergency · 911"),
    ]
    assert changed_keys(sample_sections(), after) == ["trusted", "numbers"]


def test_the_first_version_compares_with_nothing_as_every_section_added():
    changes = compare([], sample_sections())
    assert {c.state for c in changes} == {ADDED}
    assert changed_keys([], sample_sections()) == ["risks", "trusted", "numbers"]
    assert changed_keys(sample_sections(), []) == ["risks", "trusted", "numbers"]


def test_changed_keys_name_only_the_sections_that_changed():
    after = sample_sections()
    after[0]["items"].append(strategy("r2", "Keep the charger in my coat"))
    after.append({"key": "refuges", "words": "", "items": [strategy("f1", "The library")]})
    assert changed_keys(sample_sections(), after) == ["risks", "refuges"]
    assert compare(sample_sections(), after)[0].title == "Current risks and warning signs"


def test_a_new_name_on_the_card_alone_reads_as_a_change_with_both_names():
    after = copy.deepcopy(sample_sections())
    after[2]["items"][0]["card_label"] = "Aunt Jo"
    [change] = [i for i in _section(compare(sample_sections(), after), "numbers").items if i.state != SAME]
    assert change.state == CHANGED
    assert change.before.endswith("(on the card: Helpline)") and change.after.endswith("(on the card: Aunt Jo)")
