"""The jobs of a build: one per artifact file set, planned by the builders themselves.

A :class:`Job` says which builder writes which files for which story in which locale, with
which options; :func:`plan_jobs` asks every registered builder of the requested groups for
its :class:`~kitgen.builder.Planned` artifacts. There is no table of artifacts here: what a
builder writes and reads is declared in its own module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping

from kitgen.errors import OptionError
from kitgen.model.kit import Kit
from kitgen.pipeline.help import help_lines
from kitgen.pipeline.plan import Target
from kitgen.pipeline.readiness import Readiness, chrome_reasons, readiness
from kitgen.pipeline.registry import Registry
from kitgen.pipeline.session import BuildSession


@dataclass(frozen=True)
class Job:
    target: str  # "kz/kk" for a kit build, "stories/tiny/en" for a single-artifact command
    kit: str | None
    locale: str
    story_id: str
    builder: str
    group: str
    files: tuple[Path, ...]
    options: tuple[tuple[str, Any], ...]
    branding: str
    item: str | None = None
    model: Any = field(default=None, compare=False, repr=False)  # the read spec of this job
    facts: tuple[tuple[str, Any], ...] = ()
    cost: float = 1.0
    engine: str | None = None  # an --engine choice for narration
    cache_dir: Path | None = None  # the speech cache
    workers: int | None = None  # parallel encoders inside one episode (a resource, not an input)
    help: tuple = ()  # the kit's help contacts as the builder shows them (HelpLine), keyed
    draft: bool = False  # made from anything not yet vouched for (see readiness), keyed

    @property
    def id(self) -> str:
        return f"{self.target}/{self.story_id}/{self.builder}" + (f":{self.item}" if self.item else "")

    @property
    def output(self) -> Path:
        return self.files[0]

    @property
    def label(self) -> str:
        return f"{self.target} {self.files[0].name}"

@dataclass(frozen=True)
class Settings:
    """What the command line asks of every job: option values, and where speech is cached."""

    options: Mapping[str, Any] = field(default_factory=dict)
    engine: str | None = None
    cache_dir: Path | None = None
    workers: int | None = None
    items: tuple[int, ...] = ()  # episode numbers (1-based); empty: all
    today: dt.date | None = None  # the date contacts' checks are measured against (None: today)


#: Builder options whose values a kit manifest gives. A builder that declares one of them gets
#: the kit's value (so the artifact's key follows the manifest); where the kit gives None the
#: declared default stays. Values given on the command line win over both.
KIT_OPTIONS: Mapping[str, Callable[[Kit], Any]] = MappingProxyType({
    "paper": lambda kit: kit.paper.value,
    "base_url": lambda kit: kit.links.base_url if kit.links is not None else None,
})


def kit_options(kit: Kit | None) -> dict[str, Any]:
    """The option values ``kit`` gives (none without a kit), by :data:`KIT_OPTIONS`."""
    if kit is None:
        return {}
    values = {name: value(kit) for name, value in KIT_OPTIONS.items()}
    return {name: value for name, value in values.items() if value is not None}


def kit_branding(session: BuildSession, kit_id: str | None, story_id: str, locale: str) -> str | None:
    """The kit's branding in ``locale`` ("" when the kit has none), or that of the first kit with
    the story and locale; None when no kit has them."""
    project = session.project()
    if kit_id:
        return project.kit(kit_id).kit.branding_for(locale)
    for source in project.kits.values():
        if story_id in source.kit.stories and locale in source.kit.locales:
            return source.kit.branding_for(locale)
    return None


def target_readiness(session: BuildSession, kit_id: str | None, story_id: str, locale: str, on: dt.date | None) -> Readiness:
    """:func:`~kitgen.pipeline.readiness.readiness`, worked out once per target in a build
    (the chrome's reasons once per locale)."""
    def chrome(code: str) -> list:
        return session.within_build(("chrome-reasons", code), lambda: chrome_reasons(code))

    return session.within_build(("readiness", kit_id, story_id, locale, on),
                                lambda: readiness(session.project(), kit_id, story_id, locale, on, chrome))


def _kit_with(session: BuildSession, story_id: str, locale: str) -> Kit | None:
    """The first kit with ``story_id`` in ``locale`` (whose contacts a kit-less build shows)."""
    for source in session.project().kits.values():
        if story_id in source.kit.stories and locale in source.kit.locales:
            return source.kit
    return None


def plan_jobs(
    session: BuildSession,
    registry: Registry,
    *,
    story_id: str,
    locale: str,
    kit_id: str | None,
    target: str,
    folder: Path,
    groups: Iterable[str],
    settings: Settings = Settings(),
    prefix: str = "",
    rename: Mapping[str, Path] | None = None,
) -> list[Job]:
    """Every job of one story in one kit x locale (or, without a kit, in one locale)."""
    project = session.project()
    story = session.localized(story_id, locale)
    kit = project.kit(kit_id).kit if kit_id else None
    branding = kit_branding(session, kit_id, story_id, locale)
    if branding is None:  # no kit has this story in this locale: the story's title stands in
        branding = story.story.title
    from_kit = kit_options(kit)
    help_kit = kit if kit is not None else _kit_with(session, story_id, locale)
    lines = help_lines(help_kit, locale) if help_kit is not None else ()
    ready = target_readiness(session, kit_id or (help_kit.id if help_kit is not None else None), story_id, locale, settings.today)
    jobs = []
    for cls in registry.in_groups(tuple(groups)):
        builder = cls()
        declared = dict(builder.reads.options)
        declared.update((name, value) for name, value in from_kit.items() if name in declared)
        for name, value in settings.options.items():
            if name in declared and value is not None:
                declared[name] = value
        planned = builder.plan(story)
        if settings.items and builder.group == "episodes":
            planned = _chosen(planned, settings.items, story_id)
        fallback = session.fallback_lines(story_id, locale) if "voice" in builder.reads.files else frozenset()
        for entry in planned:
            files = tuple((rename or {}).get(name, folder / _prefixed(name, prefix)) for name in entry.files)
            facts = dict(entry.facts)
            if fallback:  # spoken by the source locale's voice: part of the key
                facts["fallback_lines"] = tuple(sorted(k for k in fallback if entry.item is None or k.startswith(f"{entry.item}/")))
            jobs.append(Job(
                target=target, kit=kit_id, locale=locale, story_id=story_id, builder=cls.name, group=cls.only_name(),
                files=files, options=tuple(sorted(declared.items())), branding=branding, item=entry.item,
                model=entry.model if entry.model is not None else builder.reads.model,
                facts=tuple(sorted(facts.items())), cost=entry.cost, engine=settings.engine,
                cache_dir=settings.cache_dir, workers=settings.workers,
                help=lines, draft=bool(ready.of("voice" in builder.reads.files)),
            ))
    return jobs


def _prefixed(name: str, prefix: str) -> str:
    if not prefix:
        return name
    head, _, tail = name.rpartition("/")
    return f"{head}/{prefix}{tail}" if head else f"{prefix}{tail}"


def _chosen(planned: list, numbers: tuple[int, ...], story_id: str) -> list:
    count = len(planned)
    for number in numbers:
        if not 1 <= number <= count:
            listing = ", ".join(f"{n} ({p.item})" for n, p in enumerate(planned, 1))
            raise OptionError(f"story '{story_id}' has no episode {number}; it has {count}: {listing}")
    return [planned[n - 1] for n in dict.fromkeys(numbers)]


def kit_jobs(session: BuildSession, registry: Registry, targets: list[Target], groups: tuple[str, ...],
             output_root: Path, settings: Settings = Settings()) -> list[Job]:
    """The jobs of every kit x locale target: ``output/<kit>/<locale>/...``."""
    project = session.project()
    jobs: list[Job] = []
    for target in targets:
        kit = project.kit(target.kit).kit
        prefix_needed = len(kit.stories) > 1
        for story_id in kit.stories:
            jobs += plan_jobs(session, registry, story_id=story_id, locale=target.locale, kit_id=target.kit,
                              target=target.id, folder=output_root / target.kit / target.locale, groups=groups,
                              settings=settings, prefix=f"{story_id}-" if prefix_needed else "")
    return jobs


def unknown_story(session: BuildSession, story_id: str | None) -> str:
    """The story to build: ``story_id`` checked, or the project's only story."""
    return session.project().default_story(story_id)
