"""The MkDocs edge: the only code that imports MkDocs or knows the markup of Material and of
the i18n plugin (theme.py gathers the latter). mkdocs.yml loads `entry` (through
mkdocs-macros) and `hooks`."""
