"""The builder contract: one artifact kind per :class:`Builder`, declared next to its code.

Like a Sphinx builder, each artifact is a class with a ``name`` and a ``format``; its final
:meth:`Builder.build` calls the hooks :meth:`Builder.prepare` and :meth:`Builder.write`.
Each builder declares, beside the code that uses them:

- ``reads``: which parts of the localized story it reads (a read spec, see
  :mod:`kitgen.builder.view`), which options it takes (with their defaults) and which kinds
  of files it uses (illustrations, icons, fonts, chrome, voice);
- :meth:`Builder.plan`: the files it writes, e.g. one PDF, or per episode an MP4 with its
  subtitles and poster.

The pipeline keys each artifact by exactly what it declares, and hands the builder a
projected story that holds nothing else (reading outside the declaration fails loudly).
Builders never open YAML or PO files: chrome strings arrive localized, fonts loaded, and
error locations come from the :class:`~kitgen.builder.sourcemap.SourceMap` in the request.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, ClassVar, Mapping

from kitgen.builder.help import HelpLine
from kitgen.builder.memo import FileMemo
from kitgen.builder.sourcemap import SourceMap
from kitgen.i18n.chrome import Chrome
from kitgen.model.story import Story
from kitgen.text.fontset import FontSet

#: The kinds of files a builder may declare; the pipeline resolves each to real files.
FILE_KINDS = ("illustrations", "icons", "fonts", "chrome", "voice")

#: (what is happening, done, total), e.g. ("at-home: encoding", 410, 2250).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Reads:
    """What one artifact depends on: model parts, options with defaults, kinds of files."""

    model: Any
    options: Mapping[str, Any] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    story_files: tuple[str, ...] = ()  # fixed files of the story folder, when they exist

    def __post_init__(self) -> None:
        unknown = [kind for kind in self.files if kind not in FILE_KINDS]
        if unknown:
            raise ValueError(f"unknown file kind {unknown[0]!r}; choose from {', '.join(FILE_KINDS)}")


@dataclass(frozen=True)
class Planned:
    """One artifact a builder will write: its files (relative to the target folder) and,
    for builders that write one artifact per item (episodes), the item and its own model part."""

    files: tuple[str, ...]
    item: str | None = None
    model: Any = None  # a read spec replacing ``reads.model`` for this item, or None
    facts: Mapping[str, Any] = field(default_factory=dict)  # derived values keyed too (episode number)
    cost: float = 1.0  # relative expected work, for scheduling the longest first


@dataclass(frozen=True)
class BuildRequest:
    """Everything one artifact gets: the projected localized story and what shapes it."""

    story: Story
    story_dir: Path
    locale: str
    fonts: FontSet
    chrome: Chrome
    outputs: tuple[Path, ...]
    sources: SourceMap
    branding: str = ""
    #: The kit's help contacts in this locale (empty: none known; show only "Talk to an adult you trust").
    help: tuple[HelpLine, ...] = ()
    #: Made from unreviewed strings, fallback lines, unchecked contacts or an approximate voice:
    #: every page and the title card carry ``chrome.text("DRAFT — for review")``.
    draft: bool = False
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    item: str | None = None
    facts: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    voice: Any = None  # the narrator (``.narrate(story, episode_ids)``), for builders that declare "voice" files
    progress: Progress | None = None
    workers: int | None = None  # parallel encoders inside one artifact (a resource, not an input)
    cache_dir: Path | None = None  # the speech cache folder; drawn rasters are kept beside it (never an input)
    #: Decoded files (illustrations, icons) the session remembers across its artifacts (never an input).
    memo: FileMemo = field(default_factory=FileMemo)

    @property
    def output(self) -> Path:
        """The main file (the first one planned)."""
        return self.outputs[0]

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)

    def report(self, what: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(what, done, total)


class Builder(abc.ABC):
    """One artifact kind. Subclasses set ``name``, ``format``, ``reads`` and implement
    :meth:`write`; one-file builders set ``filename``, others override :meth:`plan`."""

    name: ClassVar[str]
    format: ClassVar[str]
    reads: ClassVar[Reads]
    filename: ClassVar[str] = ""
    #: The ``--only`` name; several builders may share one (default: ``name``).
    group: ClassVar[str] = ""
    #: Built by ``kitgen build`` without ``--only``; False for artifacts made on request only.
    default: ClassVar[bool] = True

    @classmethod
    def only_name(cls) -> str:
        return cls.group or cls.name

    def plan(self, story: Story) -> list[Planned]:
        """The artifacts this builder writes for ``story`` (one file by default)."""
        return [Planned((self.filename,))]

    def build(self, request: BuildRequest) -> Path:
        """Prepare, then write every planned file atomically; returns the main file."""
        self.prepare(request)
        self.write(request)
        return request.output

    def prepare(self, request: BuildRequest) -> None:
        """Hook run before writing: validate inputs, raise located errors."""

    @abc.abstractmethod
    def write(self, request: BuildRequest) -> None:
        """Write the artifact's files (atomically: see :mod:`kitgen.output`)."""
