"""Step 1 of the flow: the YAML files in data/ become one typed, checked Playbook.

`load_playbook` is the way in; it raises ContentError naming every problem found. The
checks (macros.check) use this package's model, and loading uses the checks, so the
loader is imported when first called rather than with the package.
"""
from __future__ import annotations

# Each collection's file stem; the schema is data/schema/<stem>.schema.json.
COLLECTIONS = ("site", "ui", "stages", "tools", "forms", "flowchart", "timeline", "checklists",
               "board_review", "initiatives", "recognitions", "partnership_types", "practices", "contacts",
               "sources", "glossary", "search_synonyms")


def load_playbook(data_dir, root=None):
    """The checked Playbook from `data_dir`; see macros.load.collections."""
    from .collections import load_playbook as load
    return load(data_dir, root)
