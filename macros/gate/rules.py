"""rules/publishing.yaml: what may be published, kept apart from the content.

The same pull request that edits the content cannot quietly loosen these rules: the
file belongs to the maintainers (.github/CODEOWNERS) and CI flags any change to it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..load.yaml_source import load
from ..problems import ContentError, Problem
from .placeholders import PlaceholderRule
from .spam import SpamEntry, SpamLexicon

RULES_FILE = Path("rules/publishing.yaml")
RULES_SCHEMA = "publishing"

_cache: dict = {}


@dataclass(frozen=True)
class PublishingRules:
    allowed_domains: tuple[str, ...]
    spam: tuple[SpamEntry, ...]
    placeholders: tuple[PlaceholderRule, ...]
    file_types: tuple[str, ...]

    @property
    def lexicon(self) -> SpamLexicon:
        if self not in _lexicons:
            _lexicons[self] = SpamLexicon(self.spam)
        return _lexicons[self]


_lexicons: dict[PublishingRules, SpamLexicon] = {}


def load_rules(root: Path) -> PublishingRules:
    """The checked rules of the project at `root`; raises ContentError naming each
    mistake in the rules file. Read again only when the file or its schema changes."""
    path = Path(root) / RULES_FILE
    schema_dir = path.parent
    watched = (path, schema_dir / f"{RULES_SCHEMA}.schema.json")
    key = tuple((str(p.resolve()), p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else (str(p), None, None)
                for p in watched)
    if key not in _cache:
        _cache.clear()
        _cache[key] = _read(path, schema_dir)
    return _cache[key]


def _read(path: Path, schema_dir: Path) -> PublishingRules:
    from ..check.schemas import validate  # imported here: the schema checks use the content rules, which use these

    label = RULES_FILE.as_posix()
    if not path.exists():
        raise ContentError([Problem(label, 1, 1, "the rules file is missing", "restore rules/publishing.yaml from the main branch")])
    doc = load(path, label)
    problems = validate(doc, schema_dir, RULES_SCHEMA)
    if problems:
        raise ContentError(problems)
    value = doc.value
    placeholders = []
    for index, item in enumerate(value["placeholders"]):
        rule = PlaceholderRule(item["name"], item["pattern"], tuple(item["examples"]))
        try:
            compiled = rule.compiled
        except Exception as error:  # re2 reports a pattern it cannot run in linear time as re2.error
            problems.append(doc.problem(("placeholders", index, "pattern"),
                                        f"the pattern of '{rule.name}' is not a linear-time (RE2) regular expression: {error}",
                                        "remove look-around and back-references"))
            continue
        for example_index, example in enumerate(rule.examples):
            if not compiled.search(example):
                problems.append(doc.problem(("placeholders", index, "examples", example_index),
                                            f"the pattern of '{rule.name}' does not catch its example '{example}'",
                                            "correct the pattern or the example"))
        placeholders.append(rule)
    if problems:
        raise ContentError(problems)
    spam = tuple(SpamEntry(phrase, category, language)
                 for category, languages in value["spam"].items()
                 for language, phrases in languages.items()
                 for phrase in phrases)
    return PublishingRules(tuple(value["allowed_domains"]), spam, tuple(placeholders), tuple(value["file_types"]))
