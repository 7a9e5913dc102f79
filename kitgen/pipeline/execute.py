"""Running one job: its request made from the session, its builder called, its outcome told.

The request holds the projected localized story (only what the builder declares), the
declared options, the loaded fonts, the localized chrome, the source map for located
errors and, for builders that declare voice files, the narrator.
"""

from __future__ import annotations

import os
import time
import traceback
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable

from kitgen.builder import BuildRequest
from kitgen.errors import KitgenError
from kitgen.pipeline.jobs import Job
from kitgen.pipeline.keys import projected
from kitgen.pipeline.registry import Registry
from kitgen.pipeline.session import BuildSession

BUILT, REUSED, UP_TO_DATE, FAILED = "built", "reused", "up to date", "failed"

#: Receives ("started", job id) and ("progress", job id, fraction).
Events = Callable[[tuple], None]


@dataclass(frozen=True)
class Outcome:
    job: str
    label: str
    output: str
    status: str
    reason: str = ""
    seconds: float = 0.0
    worker: int = 0  # the process that built it (0: not built in this run)


def request_for(session: BuildSession, registry: Registry, job: Job, events: Events | None = None) -> BuildRequest:
    builder = registry.get(job.builder)
    project = session.project()
    source = project.story(job.story_id)
    voice = None
    if "voice" in builder.reads.files:
        from kitgen.pipeline.voice import Narrator  # the voice layer, only for builders that speak

        voice = Narrator(project.voices_dir, job.locale, job.cache_dir, job.engine, session.kit_voices(job.kit, job.locale))

    def progress(what: str, done: int, total: int) -> None:
        if events is not None and total:
            events(("progress", job.id, done / total))

    return BuildRequest(
        story=projected(session, job),
        story_dir=source.directory,
        locale=job.locale,
        fonts=session.fonts(),
        chrome=session.chrome(job.locale),
        outputs=job.files,
        sources=session.source_map(job.story_id, job.locale),
        branding=job.branding,
        help=job.help,
        draft=job.draft,
        options=MappingProxyType(dict(job.options)),
        item=job.item,
        facts=MappingProxyType(dict(job.facts)),
        voice=voice,
        progress=progress,
        workers=job.workers,
        cache_dir=job.cache_dir,
        memo=session.memo,
    )


def execute(session: BuildSession, registry: Registry, job: Job, events: Events | None = None) -> Outcome:
    """Build one artifact. Never raises for bad input: a failure is an outcome."""
    started = time.perf_counter()
    if events is not None:
        events(("started", job.id))

    def outcome(status: str, reason: str = "") -> Outcome:
        return Outcome(job.id, job.label, str(job.output), status, reason, time.perf_counter() - started, os.getpid())

    try:
        request = request_for(session, registry, job, events)
        registry.get(job.builder).build(request)
        return outcome(BUILT)
    except KitgenError as exc:
        return outcome(FAILED, exc.format_message())
    except AttributeError as exc:  # a read outside the builder's declaration is a bug, said plainly
        detail = "".join(traceback.format_exception_only(exc)).strip()
        return outcome(FAILED, f"internal error: builder '{job.builder}' read outside its declaration: {detail}")
    except Exception as exc:  # a bug in one artifact must not stop the others
        detail = "".join(traceback.format_exception_only(exc)).strip()
        return outcome(FAILED, f"internal error: {detail}")
