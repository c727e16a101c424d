"""The Partnership Playbook's code, one sub-package for each step of the flow:

    data/*.yaml ──load──▶ Playbook ──render──▶ HTML fragments ──site (MkDocs)──▶ site/ ──gate──▶ published
                  ▲
                check (schemas, content rules, references, pages, translations)

Only `macros.site` imports MkDocs; everything else is plain Python and Jinja.
"""
