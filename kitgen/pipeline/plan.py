"""The build matrix: one target per kit x locale, and stable shards of it for CI matrices."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kitgen.errors import did_you_mean, OptionError
from kitgen.project import Project


@dataclass(frozen=True, order=True)
class Target:
    kit: str
    locale: str

    @property
    def id(self) -> str:
        return f"{self.kit}/{self.locale}"


def plan(project: Project, kit_ids: list[str] | None = None, locales: list[str] | None = None) -> list[Target]:
    """Every kit x locale to build, in a stable order (kit id, then the kit's locale order)."""
    for kit_id in kit_ids or ():
        project.kit(kit_id)
    known_locales = sorted({locale for kit in project.kits.values() for locale in kit.kit.locales})
    for locale in locales or ():
        if locale not in known_locales:
            raise OptionError(f"no kit has locale '{locale}'{did_you_mean(locale, known_locales)}; kit locales: {', '.join(known_locales)}")
    targets = []
    for kit_id in sorted(project.kits):
        if kit_ids and kit_id not in kit_ids:
            continue
        for locale in project.kits[kit_id].kit.locales:
            if locales and locale not in locales:
                continue
            targets.append(Target(kit_id, locale))
    if not targets:
        raise OptionError("nothing to build: no kit has the requested locales")
    return targets


_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_shard(spec: str) -> tuple[int, int]:
    """``"2/4"`` -> (2, 4): the 2nd of 4 shards (1-based)."""
    match = _SHARD.match(spec or "")
    if not match:
        raise OptionError(f"shard '{spec}' is not of the form i/n, e.g. 2/4")
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise OptionError(f"shard '{spec}' is out of range: i must be between 1 and n (n >= 1)")
    return index, count


def shard(targets: list[Target], index: int, count: int) -> list[Target]:
    """The ``index``-th of ``count`` disjoint slices; together the slices are exactly ``targets``."""
    return [target for position, target in enumerate(targets) if position % count == index - 1]
