"""`python -m macros.cli.ids`: write data/schema/ids.schema.json from the data when its ids changed."""
from __future__ import annotations

import sys

from ..check.id_suggestions import IDS_SCHEMA, write_if_changed
from . import ROOT

if __name__ == "__main__":
    if write_if_changed(ROOT):
        print(f"{IDS_SCHEMA} now lists the ids in the data; commit it with your change.")
    sys.exit(0)
