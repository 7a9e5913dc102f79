"""Where a field of the story is written, for located errors from print builders.

In the source locale that is a line of story.yaml; in a translation, the entry's line in the
locale's catalog. Files are read only when an error needs a location.
"""

from __future__ import annotations

import functools

from kitgen.builders import BuildRequest
from kitgen.errors import KitgenError, Location, MediaError
from kitgen.i18n import catalog as catalogs
from kitgen.source.yamlpos import load_yaml


class SourceLocator:
    """Where a card's or category's field is written: story.yaml in the source locale, else the
    locale's catalog. Files are read only when an error needs a location."""

    def __init__(self, request: BuildRequest) -> None:
        self.request = request

    @functools.cached_property
    def _positions(self):
        return load_yaml(self.request.story_dir / "story.yaml").positions

    @functools.cached_property
    def _catalog_lines(self) -> dict[str, int]:
        po = catalogs.po_path(self.request.story_dir, self.request.locale)
        return {m.context: m.lineno for m in catalogs.read_catalog(po) if m.context}

    def __call__(self, kind: str, index: int, item_id: str, field: str | None = None) -> Location:
        request = self.request
        if field in ("title", "body") and request.locale != request.story.story.source_locale:
            po = catalogs.po_path(request.story_dir, request.locale)
            try:
                return Location.of(po, self._catalog_lines.get(f"{kind}/{item_id}/{field}"))
            except (KitgenError, OSError):
                return Location.of(po)
        try:
            return self._positions.value((kind, index) + ((field,) if field else ()))
        except (KitgenError, OSError):
            return Location.of(request.story_dir / "story.yaml")

    def media(self, load, kind: str, index: int, item_id: str, field: str):
        """Run ``load``; a MediaError without a line inside the image gets the story.yaml line instead."""
        try:
            return load()
        except MediaError as exc:
            if exc.location is not None and exc.location.line is not None:
                raise
            raise MediaError(exc.message, self(kind, index, item_id, field)) from None
