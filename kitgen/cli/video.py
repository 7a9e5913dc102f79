"""``kitgen video``: narrated slideshow episodes with subtitles, built through the pipeline."""

from __future__ import annotations

from pathlib import Path

import click

from kitgen.cli import Context, pass_context
from kitgen.cli import options as opt


@click.command()
@opt.story
@opt.locale
@click.option("--episode", "episodes", type=click.IntRange(1, None), multiple=True, help="Episode number, 1-based (repeatable; default: all).")
@click.option("--size", type=click.Choice(opt.SIZES), default="720p", show_default=True, help="720p, 1080p, vertical (1080x1920) or square (1080x1080).")
@click.option("--burn-captions", is_flag=True, help="Draw the subtitles on the frames as well.")
@click.option("--music", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Music bed, ducked under speech.")
@click.option("--preset", type=click.Choice(opt.PRESETS), default="release", show_default=True, help="release (libx264 veryfast, CRF 23, with motion) or draft (ultrafast, CRF 28, no motion).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help="Segments encoded in parallel (default: one per core).")
@opt.engine
@opt.kit
@click.option("--output", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Folder for the episodes (default: output/<story>/<locale>/episodes/).")
@opt.cache_dir
@opt.force
@pass_context
def video(ctx: Context, story_id, locale, episodes, size, burn_captions, music, preset, jobs, engine, kit_id, out_dir, cache_dir, force) -> None:
    """Narrated MP4 episodes (H.264 + AAC, chapters per scene) with SRT and VTT subtitles and a poster."""
    from kitgen.pipeline.artifact import build_artifact, report_outcomes
    from kitgen.pipeline.jobs import Settings
    from kitgen.voice.cache import resolve_cache_dir

    settings = Settings(
        options={"size": size, "burn_captions": burn_captions, "music": music.resolve() if music else None, "preset": preset},
        engine=engine, cache_dir=resolve_cache_dir(cache_dir, ctx.root), workers=jobs, items=tuple(episodes),
    )
    result = build_artifact(ctx.root, "episodes", story_id, locale, kit_id=kit_id, settings=settings, output_dir=out_dir, force=force)
    report_outcomes(result, ctx.info)
    for outcome in result.outcomes:
        if outcome.seconds:
            ctx.debug(f"{outcome.label}: {outcome.seconds:.1f} s")


COMMANDS = (video,)
