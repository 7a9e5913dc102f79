"""Kit manifests: where the episodes are published (links.base_url)."""

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
country: AM
locales: [hy, ru]
stories: [demo]
branding:
  hy: Միասին ապահով առցանց
  ru: Вместе безопасно
"""


def kit(**fields: object) -> Kit:
    return Kit.model_validate({**load_yaml(Path("demo-kit.yaml"), MANIFEST).data, **fields})


def test_links_are_optional() -> None:
    assert kit().links is None


@pytest.mark.parametrize(("given", "kept"), [
    ("https://example.org/kits/am", "https://example.org/kits/am"),
    ("https://example.org/kits/am/", "https://example.org/kits/am"),
    ("https://example.org", "https://example.org"),
    ("https://kits.example.org:8443/a/b", "https://kits.example.org:8443/a/b"),
])
def test_an_https_address_is_kept_without_a_trailing_slash(given: str, kept: str) -> None:
    links = kit(links={"base_url": given}).links
    assert links is not None and links.base_url == kept


@pytest.mark.parametrize("bad", [
    "http://example.org/kits", "ftp://example.org", "example.org/kits", "https://", "https:///kits",
    "https://example.org/kits?x=1", "https://example.org/kits#top", "https://example.org/my kits", "https://пример.рф/kits", "",
])
def test_anything_but_a_plain_https_address_is_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        kit(links={"base_url": bad})


def test_a_bad_base_url_is_a_located_error() -> None:
    loaded = load_yaml(Path("demo-kit.yaml"), MANIFEST + "links:\n  base_url: http://example.org/kits\n")
    model, problems = validate(Kit, loaded.data, loaded.positions)
    assert model is None
    (problem,) = problems
    assert problem.message.startswith("links.base_url must be an https:// address")
    assert "'http://example.org/kits'" in problem.message
    assert str(problem.location).endswith("demo-kit.yaml:10:13")


def test_unknown_link_keys_are_refused() -> None:
    with pytest.raises(ValidationError):
        kit(links={"base_url": "https://example.org", "shortener": "https://x.example"})
