"""Located errors for print builders, from the source map the pipeline carries in the request.

A card's title is written in the locale's catalog when it is translated, else in story.yaml;
:class:`SourceLocator` asks the request's :class:`~kitgen.builder.SourceMap`, which was made
from what the pipeline already parsed. Nothing here reads a file.
"""

from __future__ import annotations

from kitgen.builder import BuildRequest
from kitgen.errors import Location, MediaError


class SourceLocator:
    """Where a story field is written: ``locate("cards", 3, "strong-password", "title")``."""

    def __init__(self, request: BuildRequest) -> None:
        self.sources = request.sources

    def __call__(self, kind: str, index: int, item_id: str = "", field: str | None = None) -> Location:
        return self.sources.where((kind, index) + ((field,) if field else ()))

    def at(self, *path) -> Location:
        return self.sources.where(tuple(path))

    def media(self, load, kind: str, index: int, item_id: str, field: str):
        """Run ``load``; a MediaError without a line inside the image gets the story's line instead."""
        return self.media_at(load, (kind, index, field))

    def media_at(self, load, path: tuple):
        try:
            return load()
        except MediaError as exc:
            if exc.location is not None and exc.location.line is not None:
                raise
            raise MediaError(exc.message, self.sources.in_story(path)) from None
