"""What a staff member editing in a browser or an editor relies on: schemas, CI, pre-commit."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from jsonschema import Draft7Validator
from referencing import Registry, Resource

from macros.load import COLLECTIONS
from macros.load.yaml_source import load

SCHEMAS = ROOT / "data/schema"
BIN = Path(sys.executable).parent


def validator(stem: str) -> Draft7Validator:
    resources = [(p.name, Resource.from_contents(json.loads(p.read_text()))) for p in SCHEMAS.glob("*.json")]
    schema = json.loads((SCHEMAS / f"{stem}.schema.json").read_text())
    return Draft7Validator(schema, registry=Registry().with_resources(resources))


@pytest.mark.parametrize("stem", COLLECTIONS)
def test_every_data_file_points_editors_at_a_draft07_schema(stem):
    first_line = (ROOT / f"data/{stem}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema=schema/{stem}.schema.json"
    schema = json.loads((SCHEMAS / f"{stem}.schema.json").read_text())
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)
    assert list(validator(stem).iter_errors(load(ROOT / f"data/{stem}.yaml").value)) == []


def described(schema: dict, definitions: dict) -> bool:
    if "description" in schema or "title" in schema:
        return True
    ref = schema.get("$ref", "")
    if ref:
        name = ref.split("/")[-1]
        return name in definitions and described(definitions[name], definitions)
    return False


def test_every_field_is_described_in_words():
    definitions = json.loads((SCHEMAS / "common.schema.json").read_text())["definitions"]
    undescribed = []

    def walk(schema, where):
        for name, sub in schema.get("properties", {}).items():
            if name in ("en", "zh"):
                continue
            if not described(sub, definitions) and sub.get("type") != "object":
                undescribed.append(f"{where}.{name}")
            walk(sub, f"{where}.{name}")
            if isinstance(sub.get("items"), dict):
                walk(sub["items"], f"{where}.{name}[]")
    for path in SCHEMAS.glob("*.schema.json"):
        walk(json.loads(path.read_text()), path.name)
    assert undescribed == []


def tools_data():
    return load(ROOT / "data/tools.yaml").value


@pytest.mark.parametrize("mistake, expected", [
    (lambda d: d["tools"][0].update(titel=d["tools"][0].pop("title")), "additionalProperties"),
    (lambda d: d["tools"][0]["title"].pop("zh"), "required"),
    (lambda d: d["tools"][0].update(format="checklist"), "enum"),
    (lambda d: d["tools"][0].update(id="Annual Review"), "pattern"),
    (lambda d: d["tools"][0].update(stages="design"), "type"),
    (lambda d: d["tools"][0]["title"].update(en=""), "minLength"),
    (lambda d: d["tools"][0].update(stages=["design", "design"]), "uniqueItems"),
    (lambda d: d["tools"][0]["sections"][0].update(items=[]), "minItems"),
])
def test_schema_rejects_each_kind_of_mistake_an_editor_would_flag(mistake, expected):
    data = copy.deepcopy(tools_data())
    mistake(data)
    kinds = {error.validator for error in validator("tools").iter_errors(data)}
    assert expected in kinds


def test_link_schema_refuses_plain_http():
    data = load(ROOT / "data/initiatives.yaml").value
    linked = next(i for i in data["initiatives"] if "link" in i)
    linked["link"]["url"] = "http://www.seattle.gov/"
    assert {e.validator for e in validator("initiatives").iter_errors(data)} == {"pattern"}


def workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github/workflows" / name).read_text(encoding="utf-8"))


def test_workflows_pass_schema_check_and_security_audit():
    files = sorted(str(p) for p in (ROOT / ".github/workflows").glob("*.yml"))
    assert len(files) == 2
    schema = subprocess.run([BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *files],
                            capture_output=True, text=True)
    assert schema.returncode == 0, schema.stdout + schema.stderr
    audit = subprocess.run([BIN / "zizmor", "--offline", "--no-progress", *files], capture_output=True, text=True)
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_linter_would_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  test:\n    steps:\n      - run: make test\n", encoding="utf-8")
    result = subprocess.run([BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(broken)],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "runs-on" in result.stdout


def test_pull_requests_run_the_readme_test_command():
    test = workflow("test.yml")
    assert "pull_request" in test[True]  # YAML 1.1 reads the key 'on' as True
    steps = test["jobs"]["test"]["steps"]
    assert any(step.get("run") == "bash .ci/run" for step in steps)
    assert "make test" in (ROOT / ".ci/run").read_text()
    assert any("translation-status" in str(step.get("with", {}).get("path", "")) for step in steps)


def test_main_is_deployed_with_the_offline_copy_published_and_attached():
    from macros.render.offline_copy import ZIP_NAME
    deploy = workflow("deploy.yml")
    assert deploy[True]["push"]["branches"] == ["main"]
    build_steps = deploy["jobs"]["build"]["steps"]
    # `make build` makes the offline copy and puts it in site/, which is what Pages publishes.
    build = next(step for step in build_steps if step.get("run") == "make build")
    assert "offline_copy=True" in (ROOT / "macros/cli/build.py").read_text().split("def main")[1]
    # Built for its published address, which GitHub Pages reports.
    pages = next(step for step in build_steps if step.get("uses", "").startswith("actions/configure-pages@"))
    assert build["env"]["SITE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}/"
    uploads = [step["with"]["path"] for step in build_steps if "upload" in step.get("uses", "")]
    assert uploads == ["site", f"site/{ZIP_NAME}"]
    assert deploy["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_only_a_commit_whose_tests_passed_is_published():
    deploy, test = workflow("deploy.yml"), workflow("test.yml")
    jobs = deploy["jobs"]
    # The tests run on the pushed commit, and the build that uploads the site waits for them.
    assert jobs["test"]["uses"] in ("$/.github/workflows/test.yml", "./.github/workflows/test.yml")
    assert "workflow_call" in test[True]
    assert jobs["build"]["needs"] == "test"
    assert jobs["deploy"]["needs"] == "build"
    # The checked build and the upload of what it built are the same job.
    steps = [step.get("run", "") + step.get("uses", "") for step in jobs["build"]["steps"]]
    built = next(i for i, step in enumerate(steps) if "make build" in step)
    uploaded = next(i for i, step in enumerate(steps) if step.startswith("actions/upload-pages-artifact@"))
    assert built < uploaded
    assert not any("ref" in step.get("with", {}) for step in jobs["build"]["steps"]), "builds the tested commit, no other"


def test_ci_fails_when_a_new_id_is_not_on_record():
    steps = workflow("test.yml")["jobs"]["test"]["steps"]
    step = next(step for step in steps if "ids.lock.yaml" in step.get("run", ""))
    assert "make check" in step["run"] and "git diff --exit-code -- data/ids.lock.yaml" in step["run"]


def test_pre_commit_runs_the_same_checks():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hook = config["repos"][0]["hooks"][0]
    assert hook["entry"] == "make check"
    result = subprocess.run([BIN / "pre-commit", "validate-config", str(ROOT / ".pre-commit-config.yaml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_request_template_asks_for_changes_and_translation_status():
    template = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert "## What changed" in template and "## Translation status" in template
    assert "make translations-reviewed" in template


def test_every_field_has_an_example():
    definitions = json.loads((SCHEMAS / "common.schema.json").read_text())["definitions"]

    def has_example(schema):
        if "examples" in schema:
            return True
        ref = schema.get("$ref", "").split("/")[-1]
        if ref in definitions:
            target = definitions[ref]
            return has_example(target) or all(has_example(p) for p in target.get("properties", {}).values()) \
                or (isinstance(target.get("items"), dict) and has_example(target["items"]))
        if isinstance(schema.get("items"), dict) and has_example(schema["items"]):
            return True
        return bool(schema.get("properties")) and all(has_example(p) for p in schema["properties"].values())

    missing = []
    for path in SCHEMAS.glob("*.schema.json"):
        schema = json.loads(path.read_text())
        for collection in schema.get("properties", {}).values():
            items = collection.get("items", collection)
            for name, field in items.get("properties", {}).items():
                if not has_example(field):
                    missing.append(f"{path.name}: {name}")
    assert missing == []
