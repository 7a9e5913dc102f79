"""Single-artifact commands (``kitgen cards``, ``workbook``, ``guide``, ``storybook``, ``video``):
a build of the jobs of one builder group, for one story in one locale, through the same
pipeline as ``kitgen build``: the same keys, store, atomic writes and errors."""

from __future__ import annotations

from pathlib import Path

from kitgen.errors import BuildFailed, SourceError, UsageError
from kitgen.i18n.locales import SUPPORTED_LOCALES, locale_problem
from kitgen.pipeline.build import FAILED, BuildResult, Progress, output_root, run_jobs
from kitgen.pipeline.jobs import Settings, plan_jobs, unknown_story
from kitgen.pipeline.registry import Registry, default_registry
from kitgen.pipeline.session import BuildSession


def validate_locale(locale: str) -> None:
    problem = locale_problem(locale)
    if problem:
        raise UsageError(f"--locale: {problem}")
    if locale not in SUPPORTED_LOCALES:
        raise UsageError(f"--locale: kitgen has no fonts, chrome strings or voices for '{locale}'; supported: {', '.join(SUPPORTED_LOCALES)}")


def build_artifact(
    root: Path,
    group: str,
    story_id: str | None,
    locale: str,
    *,
    kit_id: str | None = None,
    settings: Settings = Settings(),
    output: Path | None = None,
    output_dir: Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
    session: BuildSession | None = None,
    registry: Registry | None = None,
) -> BuildResult:
    """Build one group's artifacts of a story in ``locale``: ``output/<story>/<locale>/...``.

    ``output``: the file to write (one-file artifacts); ``output_dir``: the folder for the
    files (episodes). Without a kit, the branding is that of the first kit with the story
    and locale, else the story's title.
    """
    validate_locale(locale)
    session = session or BuildSession(root)
    registry = registry or default_registry()
    project = session.project()
    story_id = unknown_story(session, story_id)
    if kit_id:
        kit = project.kit(kit_id).kit
        if locale not in kit.locales:
            raise SourceError(f"kit '{kit_id}' has no locale '{locale}'; its locales: {', '.join(kit.locales)}",
                              project.kit(kit_id).positions.value(("locales",)))
    out = output_root(session, None)
    folder = out / story_id / locale
    jobs = plan_jobs(session, registry, story_id=story_id, locale=locale, kit_id=kit_id, target=f"stories/{story_id}/{locale}",
                     folder=folder, groups=(group,), settings=settings)
    if output is not None or output_dir is not None:
        jobs = [_moved(job, output, output_dir) for job in jobs]
    return run_jobs(session, registry, jobs, out, 1, force, progress)


def _moved(job, output: Path | None, output_dir: Path | None):
    from dataclasses import replace

    if output is not None:
        if len(job.files) != 1:
            raise UsageError("--output names one file; this artifact writes several (use a folder)")
        return replace(job, files=(output.resolve(),), target=f"{job.target}:{output.resolve()}")
    folder = output_dir.resolve()
    return replace(job, files=tuple(folder / path.name for path in job.files), target=f"{job.target}:{folder}")


def report_outcomes(result: BuildResult, say) -> None:
    """Say what was written; raise the failures' own errors (exit 1) if any failed."""
    failed = [o.reason for o in result.outcomes if o.status == FAILED]
    if failed:
        raise BuildFailed("\n".join(failed))
    for outcome in result.outcomes:
        verb = "up to date:" if outcome.status == "up to date" else ("reused" if outcome.status == "reused" else "wrote")
        say(f"{verb} {outcome.output}")
