"""The publishing gate: built site → gate → publish.

`scan_site(site_dir, GateContext.for_project(root, ...))` returns every Finding in the
built site; publish only when it returns none. `python -m macros.gate SITE_DIR` prints them.
"""
from .phones import contact_phone_numbers
from .rules import PublishingRules, load_rules
from .scan import Finding, GateContext, refuse_inline_scripts, scan_site
from .text_checks import TextChecks, TextFinding

__all__ = ["Finding", "GateContext", "PublishingRules", "TextChecks", "TextFinding", "contact_phone_numbers",
           "load_rules", "refuse_inline_scripts", "scan_site"]
