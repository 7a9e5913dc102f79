"""Narration commands: ``kitgen voices`` and ``kitgen narrate``."""

from __future__ import annotations

from pathlib import Path

import click

from kitgen.cli import Context, pass_context
from kitgen.cli import options as opt



def _cache_option(function):
    return click.option(
        "--cache-dir", type=click.Path(file_okay=False, path_type=Path), envvar=None,
        help="kitgen's cache folder (default: $KITGEN_CACHE_DIR, else .cache/kitgen in the project).",
    )(function)


@click.command()
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--test", "speak", is_flag=True, help="Speak the profile's sample line and report its duration and engine.")
@click.option("--engine", type=click.Choice(opt.ENGINE_CHOICES), help="Use this engine instead of the profile's.")
@click.option("--save", type=click.Path(dir_okay=False, path_type=Path), help="With --test: save the sample as WAV.")
@click.option("--check", "check_clips", is_flag=True,
              help="Check every recorded clip (clipping, level, noise, silence, length, stray files); exit 1 on errors.")
@_cache_option
@pass_context
def voices(ctx: Context, locales, speak, engine, save, check_clips, cache_dir) -> None:
    """Table of locale -> engine, voice, available?, recorded lines x/y.

    A voice that only approximates its language (a profile with ``approximate: true``, such as
    Tajik read by the Persian voice fa-Latn) says so first in the detail column.
    """
    from kitgen.pipeline.artifact import validate_locale
    from kitgen.i18n.locales import SUPPORTED_LOCALES
    from kitgen.commands import voice as commands
    from kitgen.voice import lines
    from kitgen.voice.cache import resolve_cache_dir

    project = ctx.project()
    for locale in locales:
        validate_locale(locale)
    if speak:
        if len(locales) != 1:
            raise click.UsageError("--test speaks one locale: pass exactly one --locale")
        result = commands.speak_sample(project.voices_dir, locales[0], engine=engine, cache_dir=resolve_cache_dir(cache_dir, project.root), out=save)
        ctx.info(f"{result.locale}: {result.engine} {result.engine_version}, voice {result.voice}: {result.duration:.2f} s"
                 f"{' (cached)' if result.cached else ''}: {result.text}")
        if result.approximate:
            ctx.info(f"  {result.approximate}" + (f", read as: {result.spoken}" if result.spoken else ""))
        return
    if check_clips:
        _check_clips(ctx, commands.check_recordings(project, list(locales) or None, cache_dir=resolve_cache_dir(cache_dir, project.root)))
        return
    story_lines = {sid: lines.story_line_keys(source.story) for sid, source in project.stories.items()}
    rows = commands.voices_table(project.voices_dir, list(locales) or list(SUPPORTED_LOCALES), project.voices_dir / "recorded", story_lines, engine=engine)
    ctx.info(f"{'locale':<8} {'engine':<9} {'voice':<22} {'available':<9} {'recorded':>9}  detail")
    for row in rows:
        ctx.info(f"{row.locale:<8} {row.engine:<9} {row.voice[:22]:<22} {'yes' if row.available else 'no':<9} {str(row.recorded):>9}  {row.detail}")


def _check_clips(ctx: Context, found: dict) -> None:
    from kitgen.errors import KitgenError, Severity

    errors = 0
    for locale, problems in found.items():
        for problem in problems:
            click.echo(problem.format(), err=True)
        failed = sum(1 for p in problems if p.severity is Severity.ERROR)
        errors += failed
        ctx.info(f"{locale}: {failed} error(s), {len(problems) - failed} warning(s)")
    if not found:
        ctx.info("no recorded clips (voices/recorded/<locale>/<story-id>/)")
    if errors:
        raise KitgenError(f"{errors} recorded clip(s) cannot be used; see the errors above")


@click.command()
@click.option("--story", "story_id", help="Story id (default: the only story).")
@click.option("--locale", required=True, help="BCP 47 locale code, e.g. kk.")
@click.option("--engine", type=click.Choice(opt.ENGINE_CHOICES), help="Use this engine instead of the profile's (silent: captions only).")
@click.option("--episode", "episodes", multiple=True, help="Only this episode id (repeatable).")
@click.option("--kit", "kit_id", help="Apply this kit's voice overrides.")
@click.option("--output", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Folder for the audio (default: output/<story>/<locale>/narration/).")
@_cache_option
@pass_context
def narrate(ctx: Context, story_id, locale, engine, episodes, kit_id, out_dir, cache_dir) -> None:
    """Per-episode audio (WAV and MP3) and per-line timing JSON."""
    from kitgen.pipeline.artifact import validate_locale
    from kitgen.commands import voice as commands
    from kitgen.voice.cache import resolve_cache_dir
    from kitgen.voice.lines import locate_in
    from kitgen.voice.profile import scoped

    project = ctx.project()
    validate_locale(locale)
    story_id = project.default_story(story_id)
    source = project.story(story_id)
    overrides, positions = None, None
    if kit_id:
        kit = project.kit(kit_id)
        overrides = kit.kit.voices.get(locale)
        positions = scoped(kit.positions, ("voices", locale)) if overrides else None
    story = project.localized(story_id, locale)
    narration = commands.narrate_story(
        story, locale, voices_dir=project.voices_dir,
        out_dir=out_dir or project.output_dir / story_id / locale / "narration",
        cache_dir=resolve_cache_dir(cache_dir, project.root), engine=engine, overrides=overrides,
        overrides_positions=positions, episodes=list(episodes) or None,
        locate=locate_in(source.positions) if locale == source.story.story.source_locale else None,
    )
    for warning in narration.warnings:
        click.echo(warning.format(), err=True)
    for files in narration.episodes:
        ctx.info(f"wrote {files.wav.parent}/{files.episode_id}.{{wav,mp3,timing.json}} ({files.audio.duration:.2f} s)")
    ctx.info(f"{narration.engine} {narration.engine_version}: {narration.stats}")


COMMANDS = (voices, narrate)
