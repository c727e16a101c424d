"""Checks a data file against its JSON Schema and words each mistake for an editor."""
from __future__ import annotations

import calendar
import contextlib
import difflib
import hashlib
import importlib.util
import json
import marshal
from functools import cache, lru_cache
from pathlib import Path

import fastjsonschema
from jsonschema import Draft7Validator

from ..cache import cache_dir, store
from ..load.yaml_source import Located
from ..problems import Problem, path_words
from .content_rules import INVISIBLE

_TYPE_WORDS = {
    "object": "a block of keys",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def _type_of(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def _inline_refs(schema, schemas: dict, current: str):
    """`schema` with every $ref replaced by what it points to.

    The schemas have no cycles, and resolving references while validating costs more
    than the validation itself on large files.
    """
    if isinstance(schema, list):
        return [_inline_refs(item, schemas, current) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        target_file, _, pointer = schema["$ref"].partition("#")
        target_file = target_file or current
        target = schemas[target_file]
        for part in filter(None, pointer.split("/")):
            target = target[part]
        resolved = _inline_refs(target, schemas, target_file)
        extra = {k: v for k, v in schema.items() if k != "$ref"}
        return {**resolved, **({k: v for k, v in extra.items() if k in ("description", "title")})}
    return {key: _inline_refs(value, schemas, current) for key, value in schema.items()}


def schema_stamp(schema_dir: Path) -> tuple:
    """Changes whenever a schema file does, so an edited schema is read again."""
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in schema_dir.glob("*.schema.json")))


@lru_cache(maxsize=1)
def _schemas(schema_dir: Path, stamp: tuple) -> dict:
    """Every schema file's contents, read once until one of them changes."""
    return {path.name: json.loads(path.read_text(encoding="utf-8")) for path in schema_dir.glob("*.schema.json")}


@cache
def _validator(schema_dir: Path, name: str, stamp: tuple = ()) -> Draft7Validator:
    schemas = _schemas(schema_dir, stamp)
    schema = _inline_refs(schemas[f"{name}.schema.json"], schemas, f"{name}.schema.json")
    return Draft7Validator(schema)


MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})


def month_words(number: int) -> str:
    """'3 = March': a month as the data writes it, with the name an editor thinks in."""
    return f"{number} = {calendar.month_name[number]}"


def _is_month(at: tuple) -> bool:
    return bool(at) and at[-1] == "month"


def _friendly(error, doc: Located) -> Problem:
    at = tuple(error.absolute_path)
    where = path_words(at, doc.value)
    schema = error.schema if isinstance(error.schema, dict) else {}
    validator = error.validator
    value = error.instance

    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        key = unknown[0] if unknown else "?"
        close = difflib.get_close_matches(key, allowed, n=1)
        fix = f"did you mean '{close[0]}'?" if close else f"allowed keys here: {', '.join(allowed)}"
        return doc.problem(at + (key,), f"unknown key '{key}' in {where}", fix, on_key=True)
    if validator == "required":
        missing = error.message.split("'")[1]
        if missing in ("en", "zh"):
            language = "English" if missing == "en" else "Chinese"
            return doc.problem(at, f"{where} has no {language} text",
                               f"add '{missing}:' with the {language} text")
        return doc.problem(at, f"{where} is missing the required key '{missing}'",
                           f"add '{missing}:' to this block")
    if validator == "type" and _is_month(at) and isinstance(value, str) and value.strip().lower() in MONTHS:
        return doc.problem(at, f"{where} is '{value}', a month's name",
                           f"write the month as a number: {month_words(MONTHS[value.strip().lower()])}")
    if validator == "type":
        expected = schema.get("type")
        want = _TYPE_WORDS.get(expected, str(expected))
        got = _TYPE_WORDS.get(_type_of(value), "something else")
        fix = f"write {want} here"
        if expected == "object" and _type_of(value) == "string" and "en" in schema.get("properties", {}):
            fix = "give the text in both languages: en: ... and zh: ..."
        return doc.problem(at, f"{where} should be {want}, not {got}", fix)
    if validator == "enum":
        options = ", ".join(map(str, schema.get("enum", [])))
        return doc.problem(at, f"{where} is '{value}', which is not one of the choices", f"use one of: {options}")
    if validator == "pattern":
        hidden = INVISIBLE.search(str(value))
        if hidden:
            return doc.problem(at, f"{where} contains the invisible character U+{ord(hidden.group(0)):04X}",
                               "delete it; retype the value if it was pasted")
        examples = schema.get("examples")
        description = schema.get("description", "")
        fix = schema.get("patternErrorMessage") or description or f"match the pattern {schema.get('pattern')}"
        if examples and "patternErrorMessage" not in schema:
            fix += f" e.g. {examples[0]!r}"
        shown = value if len(str(value)) <= 80 else str(value)[:77] + "..."
        return doc.problem(at, f"{where} has the value {shown!r}, which is not in the right form", fix)
    if validator == "minLength":
        return doc.problem(at, f"{where} is empty", "write the text or remove the key")
    if validator == "maxLength":
        return doc.problem(at, f"{where} has {len(value):,} characters, over the limit of {error.validator_value:,}",
                           "shorten it, or split it into several entries")
    if validator == "minItems":
        return doc.problem(at, f"{where} needs at least {error.validator_value} entries", "add the missing entries")
    if validator == "uniqueItems":
        return doc.problem(at, f"{where} lists the same value twice", "remove the repeated value")
    if validator in ("minimum", "maximum"):
        bound = "at least" if validator == "minimum" else "at most"
        if _is_month(at):
            return doc.problem(at, f"{where} is {value}, which is not a month",
                               f"write the month as a number from {month_words(1)} to {month_words(12)}")
        return doc.problem(at, f"{where} is {value}, out of range", f"use a number {bound} {error.validator_value}")
    return doc.problem(at, f"{where}: {error.message}", schema.get("description", "see the file's schema"))


@cache
def _fast_validator(schema_dir: Path, name: str, stamp: tuple = ()):
    """A compiled validator for the common case, a file without mistakes.

    fastjsonschema writes Python source for a schema (without the details of each
    mistake, which jsonschema words instead); compiling it takes 1 to 6 ms a schema. The
    compiled code is kept on disk under the hash of the schema, the generator's version
    and Python's, so it is made once per schema change and read back in a fraction of a
    millisecond.
    """
    schema = _validator(schema_dir, name, stamp).schema
    key = hashlib.sha256(json.dumps([schema, fastjsonschema.VERSION, importlib.util.MAGIC_NUMBER.hex()],
                                    sort_keys=True).encode()).hexdigest()[:24]
    cached = cache_dir() / f"validator-{name}-{key}.marshal"
    code = None
    with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
        code = marshal.loads(cached.read_bytes())
    if code is None:
        code = compile(fastjsonschema.compile_to_code(schema, detailed_exceptions=False), f"<schema {name}>", "exec")
        for old in cached.parent.glob(f"validator-{name}-*.marshal"):
            old.unlink(missing_ok=True)  # made from an earlier version of the schema
        store(cached, marshal.dumps(code))
    scope: dict = {}
    exec(code, scope)
    return next(value for key, value in scope.items() if key.startswith("validate") and callable(value))


def validate(doc: Located, schema_dir: Path, name: str, stamp: tuple | None = None) -> list[Problem]:
    """Every schema violation in `doc`, worded for an editor.

    A compiled validator answers the common case (the file is right) quickly; a file
    with mistakes always goes through jsonschema, which can list and locate them all.
    `stamp` is schema_stamp(schema_dir), for a caller validating many files at once.
    """
    if stamp is None:
        stamp = schema_stamp(schema_dir)
    try:
        _fast_validator(schema_dir, name, stamp)(doc.value)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    validator = _validator(schema_dir, name, stamp)
    problems = []
    for error in validator.iter_errors(doc.value):
        # anyOf/oneOf-style errors carry their detail in the deepest context error
        while error.context:
            error = min(error.context, key=lambda e: len(e.absolute_path) * -1)
        problems.append(_friendly(error, doc))
    return problems
