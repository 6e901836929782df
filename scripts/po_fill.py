"""Fill a .po file from a Python dict of translations: `python scripts/po_fill.py FILE.po TRANSLATIONS.py`.

TRANSLATIONS.py defines T = {msgid: msgstr}. Entries already translated are kept
unless the dict has them; the script prints any msgid still untranslated.
"""

import runpy
import sys

import polib


def main(po_path: str, table_path: str) -> int:
    table = runpy.run_path(table_path)["T"]
    po = polib.pofile(po_path)
    for entry in po:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()
    missing = [e.msgid for e in po if not e.msgstr and not e.obsolete]
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
