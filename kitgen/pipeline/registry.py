"""Which builders exist: registered explicitly, like Sphinx's ``app.add_builder``.

:func:`default_registry` makes a new :class:`Registry` holding kitgen's own builders and
those that installed packages declare in the ``kitgen.builders`` entry-point group
(``my_plugin.reader:ReaderBuilder``). Adding an artifact is one builder module and one
line in :data:`BUILTIN_BUILDERS` (or one entry point); nothing else needs editing.
"""

from __future__ import annotations

import importlib
from importlib import metadata

from kitgen.builder import Builder
from kitgen.errors import UsageError, did_you_mean

ENTRY_POINT_GROUP = "kitgen.builders"

#: kitgen's own builders, in the order their artifacts are listed and built.
BUILTIN_BUILDERS = (
    "kitgen.print.cards:CardsBuilder",
    "kitgen.print.workbook:WorkbookBuilder",
    "kitgen.print.guide:GuideBuilder",
    "kitgen.print.storybook:StorybookBuilder",
    "kitgen.print.readme:ReadmeBuilder",
    "kitgen.print.parents:ParentsSheetBuilder",
    "kitgen.print.script:RecordingScriptBuilder",
    "kitgen.video.builder:EpisodeBuilder",
    "kitgen.video.audio_builder:AudioEpisodeBuilder",
    "kitgen.web.reader:ReaderBuilder",
    "kitgen.web.epub:EpubBuilder",
)


class UnknownArtifact(UsageError):
    """An artifact name that no registered builder has."""


class Registry:
    """Builders by name; ``--only`` uses their group names (``episodes`` for the episode builder)."""

    def __init__(self) -> None:
        self._builders: dict[str, type[Builder]] = {}

    def add_builder(self, cls: type[Builder], override: bool = False) -> None:
        if not (isinstance(cls, type) and issubclass(cls, Builder)):
            raise TypeError(f"{cls!r} is not a kitgen Builder subclass")
        for attribute in ("name", "format", "reads"):
            if not hasattr(cls, attribute):
                raise TypeError(f"builder {cls.__name__} does not declare '{attribute}'")
        if cls.name in self._builders and not override:
            raise ValueError(f"a builder named '{cls.name}' is already registered ({self._builders[cls.name].__name__})")
        self._builders[cls.name] = cls

    def names(self) -> tuple[str, ...]:
        return tuple(self._builders)

    def groups(self, default_only: bool = False) -> tuple[str, ...]:
        """The ``--only`` names, in registration order (``default_only``: those built without ``--only``)."""
        return tuple(dict.fromkeys(cls.only_name() for cls in self._builders.values() if cls.default or not default_only))

    def in_groups(self, groups: tuple[str, ...]) -> list[type[Builder]]:
        return [cls for cls in self._builders.values() if cls.only_name() in groups]

    def get(self, name: str) -> Builder:
        cls = self._builders.get(name)
        if cls is None:
            raise UnknownArtifact(f"unknown artifact '{name}'{did_you_mean(name, self._builders)}; choose from {', '.join(self._builders)}")
        return cls()

    def parse_only(self, spec: str | None) -> tuple[str, ...]:
        """``"cards,episodes"`` -> the groups named, checked; None or empty: every group."""
        groups = self.groups()
        if not spec:
            return self.groups(default_only=True)
        names = tuple(part.strip() for part in spec.split(",") if part.strip())
        for name in names:
            if name not in groups:
                raise UnknownArtifact(f"unknown artifact '{name}' in --only{did_you_mean(name, groups)}; choose from {', '.join(groups)}")
        return names


def load_builder(spec: str) -> type[Builder]:
    module, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module), attribute)


def default_registry(plugins: bool = True) -> Registry:
    """kitgen's builders, then every ``kitgen.builders`` entry point (a plug-in may replace one)."""
    registry = Registry()
    for spec in BUILTIN_BUILDERS:
        registry.add_builder(load_builder(spec))
    if plugins:
        for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
            registry.add_builder(entry.load(), override=True)
    return registry
