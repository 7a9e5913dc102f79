"""The published JSON Schema validates real story files and matches the model."""

from __future__ import annotations

import json

import jsonschema
import yaml

from kitgen.commands.schema import render
from tests.conftest import REPO


def test_published_schemas_are_up_to_date():
    assert (REPO / "docs" / "story.schema.json").read_text(encoding="utf-8") == render("story"), "run: kitgen schema > docs/story.schema.json"
    assert (REPO / "docs" / "kit.schema.json").read_text(encoding="utf-8") == render("kit"), "run: kitgen schema kit > docs/kit.schema.json"


def test_schema_accepts_the_scaffold_and_rejects_unknown_keys(scratch):
    schema = json.loads(render("story"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(scratch.story_file.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data["cards"][0]["titel"] = "x"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert any("titel" in e.message for e in errors)


def test_schema_accepts_every_shipped_story_and_kit():
    story_schema, kit_schema = json.loads(render("story")), json.loads(render("kit"))
    stories = sorted((REPO / "sources" / "stories").glob("*/story.yaml"))
    kits = sorted((REPO / "sources" / "kits").glob("*.yaml"))
    assert stories and kits
    for path in stories:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), story_schema)
    for path in kits:  # dates as editors' YAML schemas see them: YYYY-MM-DD strings
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, kit_schema)


def test_schema_command_prints_json(scratch):
    result = scratch.kitgen("schema")
    assert result.exit_code == 0
    assert json.loads(result.output)["title"].startswith("kitgen story script")
