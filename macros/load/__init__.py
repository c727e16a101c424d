"""Step 1 of the flow: the YAML files in data/ become one typed, checked Playbook.

`load_playbook` is the way in; it raises ContentError naming every problem found.
"""
from .collections import COLLECTIONS, load_playbook

__all__ = ["COLLECTIONS", "load_playbook"]
