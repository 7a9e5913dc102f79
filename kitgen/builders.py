"""Builders turn the localized model into artifacts.

Like Sphinx builders, each output format is one module defining one :class:`Builder`
subclass with a ``name`` and a ``format``; defining the subclass is what registers it.
:func:`builder_classes` imports the known builder modules and returns them by name.
Builders receive a :class:`BuildRequest` with an already localized story: they never see
catalogs.
"""

from __future__ import annotations

import abc
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Mapping

from kitgen.errors import SourceError, did_you_mean
from kitgen.model.story import Story

BUILDER_MODULES = (
    "kitgen.print.cards",
    "kitgen.print.workbook",
    "kitgen.print.guide",
    "kitgen.print.storybook",
    "kitgen.print.readme",
)


@dataclass(frozen=True)
class BuildRequest:
    """Everything one artifact needs: the localized story and the options that shape it."""

    story: Story
    story_dir: Path
    locale: str
    fonts_dir: Path
    branding: str
    output: Path
    options: Mapping[str, Any] = field(default_factory=dict)

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


class Builder(abc.ABC):
    """One output format. Subclasses set ``name``, ``format`` and ``filename`` and implement ``write``."""

    name: ClassVar[str]
    format: ClassVar[str]
    filename: ClassVar[str]

    def build(self, request: BuildRequest) -> Path:
        """Prepare, then write atomically to ``request.output``; returns the written path."""
        self.prepare(request)
        self.write(request)
        return request.output

    def prepare(self, request: BuildRequest) -> None:
        """Hook run before writing: validate options and inputs, raise located errors."""

    @abc.abstractmethod
    def write(self, request: BuildRequest) -> None:
        """Write the artifact to ``request.output`` (atomically: see :mod:`kitgen.output`)."""


def builder_classes() -> dict[str, type[Builder]]:
    classes: dict[str, type[Builder]] = {}
    for module in BUILDER_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    for cls in _all_subclasses(Builder):
        if not getattr(cls, "__abstractmethods__", None) and hasattr(cls, "name"):
            classes[cls.name] = cls
    return classes


def get_builder(name: str) -> Builder:
    classes = builder_classes()
    if name not in classes:
        raise SourceError(f"unknown artifact '{name}'{did_you_mean(name, classes)}; choose from {', '.join(sorted(classes))}")
    return classes[name]()


def _all_subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_all_subclasses(sub))
    return found
