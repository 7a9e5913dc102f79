"""``kitgen record``: narration by people. A recording script for the studio, and whole takes
split into one clip per line (``voices/recorded/<locale>/<story>/<episode>.<scene>.<line>.wav``)."""

from __future__ import annotations

from pathlib import Path

import click

from kitgen.cli import Context, pass_context
from kitgen.cli import options as opt


@click.group()
def record() -> None:
    """Narration by people: recording scripts and whole takes imported as clips."""


@record.command("script")
@opt.story
@opt.locale
@opt.kit
@opt.engine
@click.option("--output", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for recording-script.pdf and .csv (default: output/<story>/<locale>/).")
@opt.cache_dir
@opt.force
@pass_context
def script(ctx: Context, story_id, locale, kit_id, engine, out_dir, cache_dir, force) -> None:
    """recording-script.pdf and recording-script.csv: every line by character, with its clip name,
    text, scene, direction and expected length."""
    from kitgen.commands.record import recording_script
    from kitgen.pipeline.artifact import report_outcomes
    from kitgen.voice.cache import resolve_cache_dir

    result, files = recording_script(ctx.root, story_id, locale, kit_id=kit_id, cache_dir=resolve_cache_dir(cache_dir, ctx.root),
                                     engine=engine, output_dir=out_dir, force=force)
    report_outcomes(result, lambda message: None)  # raises the failures' own errors
    verb = "up to date:" if all(o.status == "up to date" for o in result.outcomes) else "wrote"
    for path in files:
        ctx.info(f"{verb} {path}")


@record.command("import")
@click.argument("take", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@opt.story
@opt.locale
@click.option("--episode", help="The episode the take reads (its number, 1-based, or its id).")
@click.option("--speaker", help="The take holds only this character's lines, in script order ('narrator': lines without a speaker).")
@opt.kit
@click.option("--dry-run", is_flag=True, help="Show the split plan and write its waveform picture; write no clip.")
@click.option("--png", "picture", type=click.Path(dir_okay=False, path_type=Path),
              help="With --dry-run: where the waveform picture goes (default: <take>.split.png beside the take).")
@click.option("--force", is_flag=True, help="Replace clips these lines already have.")
@opt.cache_dir
@pass_context
def import_(ctx: Context, take, story_id, locale, episode, speaker, kit_id, dry_run, picture, force, cache_dir) -> None:
    """Split one take (WAV, FLAC, MP3, M4A/AAC or OGG, any rate and channels) into its lines.

    Speech and pauses are detected, then aligned to the lines expected (those of --episode,
    of --speaker, or both) by their lengths in the synthetic narration. Each clip's length is
    shown against the expected one, doubtful splits are flagged. A take missing a line, or
    holding only silence or noise, is refused and nothing is written.
    """
    from kitgen.commands import record as commands
    from kitgen.errors import display_path
    from kitgen.pipeline.artifact import validate_locale
    from kitgen.voice.cache import resolve_cache_dir

    validate_locale(locale)
    if picture is not None and not dry_run:
        raise click.UsageError("--png names the dry run's picture: pass --dry-run too")
    project = ctx.project()
    if kit_id:
        project.kit(kit_id)
    result = commands.import_take(project, take, locale, story_id=story_id, episode=episode, speaker=speaker, kit_id=kit_id,
                                  cache_dir=resolve_cache_dir(cache_dir, project.root), dry_run=dry_run, picture=picture, force=force)
    plan = result.plan
    ctx.info(f"{display_path(take)}: {plan.duration:.1f} s, {len(plan.splits)} lines; expected lengths from the {result.timing}; "
             f"the reader takes {plan.pace:.2f} s per synthetic second")
    header = ("#", "clip", "start", "end", "length", "expected", "ratio", "")
    rows = commands.plan_rows(plan)
    width = max([len(header[1])] + [len(row[1]) for row in rows])
    ctx.info(f"{header[0]:>3}  {header[1]:<{width}}  {header[2]:>7}  {header[3]:>7}  {header[4]:>6}  {header[5]:>8}  {header[6]:>5}")
    for row in rows:
        ctx.info(f"{row[0]:>3}  {row[1]:<{width}}  {row[2]}  {row[3]}  {row[4]}  {row[5]:>8}  {row[6]:>5}  {row[7]}")
    for number, split in enumerate(plan.splits, 1):
        if split.doubts:
            click.echo(f"{display_path(take)}: warning: clip {number} ({split.line.clip_name}) at {split.start:.2f}-{split.end:.2f} s: "
                       f"{'; '.join(split.doubts)}", err=True)
    if dry_run:
        ctx.info(f"dry run: wrote the waveform picture {display_path(result.picture)} (the only file written); "
                 f"the clips would go to {display_path(result.folder)}/")
        return
    replaced = f", replacing {len(result.replaced)}" if result.replaced else ""
    ctx.info(f"wrote {len(result.written)} clips to {display_path(result.folder)}/{replaced}"
             + (f"; {len(plan.doubtful)} to check (see the warnings)" if plan.doubtful else ""))


COMMANDS = (record,)
