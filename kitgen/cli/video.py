"""``kitgen video``: narrated slideshow episodes with subtitles."""

from __future__ import annotations

from pathlib import Path

import click

from kitgen.cli import Context, pass_context


@click.command()
@click.option("--story", "story_id", help="Story id (default: the only story).")
@click.option("--locale", required=True, help="BCP 47 locale code, e.g. kk.")
@click.option("--episode", "episodes", type=int, multiple=True, help="Episode number, 1-based (repeatable; default: all).")
@click.option("--size", default="720p", show_default=True, help="720p, 1080p, vertical (1080x1920) or square (1080x1080).")
@click.option("--burn-captions", is_flag=True, help="Draw the subtitles on the frames as well.")
@click.option("--music", type=click.Path(dir_okay=False, path_type=Path), help="Music bed, ducked under speech.")
@click.option("--preset", default="release", show_default=True, help="release (libx264 veryfast, CRF 23, with motion) or draft (ultrafast, CRF 28, no motion).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help="Segments encoded in parallel (default: one per core).")
@click.option("--engine", type=click.Choice(["espeak", "gtts", "piper", "recorded", "silent"]), help="Voice engine instead of the profile's.")
@click.option("--kit", "kit_id", help="Take branding and voice overrides from this kit.")
@click.option("--output", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Folder for the episodes (default: output/<story>/<locale>/episodes/).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), help="kitgen's cache folder (default: $KITGEN_CACHE_DIR or .cache/kitgen).")
@pass_context
def video(ctx: Context, story_id, locale, episodes, size, burn_captions, music, preset, jobs, engine, kit_id, out_dir, cache_dir) -> None:
    """Narrated MP4 episodes (H.264 + AAC, chapters per scene) with SRT and VTT subtitles and a poster."""
    from kitgen.commands.artifact import branding, default_story, validate_locale
    from kitgen.commands.video import render_story

    project = ctx.project()
    validate_locale(locale)
    story_id = default_story(project, story_id)
    overrides = project.kit(kit_id).kit.voices.get(locale) if kit_id else None
    results = render_story(
        project, story_id, locale, out_dir or project.output_dir / story_id / locale / "episodes",
        episodes=episodes, size=size, burn_captions=burn_captions, music=music, preset=preset, jobs=jobs,
        engine=engine, branding=branding(project, story_id, locale, kit_id), cache_dir=cache_dir, overrides=overrides,
    )
    for result in results:
        ctx.info(f"wrote {result.video} ({result.duration:.1f} s, {result.scenes} scenes, {result.cues} cues) "
                 f"in {result.seconds:.1f} s")


COMMANDS = (video,)
