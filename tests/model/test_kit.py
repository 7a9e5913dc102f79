"""Kit manifests: the reading speed that captions are checked against."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from kitgen.model.kit import Kit
from kitgen.model.validate import validate
from kitgen.source.yamlpos import load_yaml

MANIFEST = """\
id: demo-kit
name: Demo
country: KZ
locales: [kk, ru]
stories: [demo]
branding:
  kk: Бірге қауіпсіз
  ru: Вместе безопасно
"""


def kit(**fields: object) -> Kit:
    data = load_yaml(Path("demo-kit.yaml"), MANIFEST).data
    return Kit.model_validate({**data, **fields})


def test_reading_speed_defaults_to_15_characters_per_second() -> None:
    assert kit().reading_speed == 15
    assert "7-10" in (Kit.model_fields["reading_speed"].description or "")


@pytest.mark.parametrize("speed", [8, 13, 17, 30])
def test_reading_speed_in_range_is_kept(speed: int) -> None:
    assert kit(reading_speed=speed).reading_speed == speed


@pytest.mark.parametrize("speed", [7, 0, -15, 31, 150, 15.5, "fast", None])
def test_reading_speed_out_of_range_is_refused(speed: object) -> None:
    with pytest.raises(ValidationError):
        kit(reading_speed=speed)


def test_an_out_of_range_reading_speed_is_a_located_error() -> None:
    loaded = load_yaml(Path("demo-kit.yaml"), MANIFEST + "reading_speed: 40\n")
    model, problems = validate(Kit, loaded.data, loaded.positions)
    assert model is None
    (problem,) = problems
    assert problem.message == "'reading_speed' must be at most 30, not 40"
    assert str(problem.location).endswith("demo-kit.yaml:9:16")
