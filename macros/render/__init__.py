"""Step 2 of the flow: the typed Playbook becomes HTML fragments, one Jinja template per
component (components.py declares them), plus the school-year calendars."""
