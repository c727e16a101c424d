"""The checks an editor's change must pass: schemas, content rules, references between
entries, the pages, and translations. `project.find_problems` runs them all without building."""
