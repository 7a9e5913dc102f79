"""``kitgen schema``: the JSON Schema of story scripts and kit manifests, for editors."""

from __future__ import annotations

import json
from typing import Any

from kitgen.model.kit import Kit
from kitgen.model.story import Story

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def story_schema() -> dict[str, Any]:
    schema = Story.model_json_schema(mode="validation")
    schema["$schema"] = SCHEMA_DIALECT
    schema["title"] = "kitgen story script (sources/stories/<id>/story.yaml)"
    return schema


def kit_schema() -> dict[str, Any]:
    schema = Kit.model_json_schema(mode="validation")
    schema["$schema"] = SCHEMA_DIALECT
    schema["title"] = "kitgen kit manifest (sources/kits/<id>.yaml)"
    return schema


def render(which: str) -> str:
    schema = kit_schema() if which == "kit" else story_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
