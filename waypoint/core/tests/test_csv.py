"""CSV cells never run as a spreadsheet formula."""

from __future__ import annotations

from waypoint.core.csv import neutralise_cell


def test_neutralise_cell_leaves_ordinary_text_alone():
    assert neutralise_cell("Nurse") == "Nurse"
    assert neutralise_cell("=1+1") == "'=1+1"
    assert neutralise_cell("\t=1") == "'\t=1"
    assert neutralise_cell(None) == ""


def test_neutralise_cell_sees_a_formula_behind_leading_spaces_and_control_characters():
    assert neutralise_cell(' =HYPERLINK("http://evil.example","x")') == '\' =HYPERLINK("http://evil.example","x")'
    assert neutralise_cell("   +1") == "'   +1"
    assert neutralise_cell(" \t@cmd") == "' \t@cmd"
    assert neutralise_cell("\r-1") == "'\r-1"
    assert neutralise_cell(" Nurse ") == " Nurse "
