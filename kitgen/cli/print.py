"""Print commands: ``kitgen cards``, ``workbook``, ``guide`` and ``storybook``."""

from __future__ import annotations

from pathlib import Path

import click

from kitgen.cli import Context, pass_context


def _common(function):
    function = click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the PDF here instead of output/<story>/<locale>/.")(function)
    function = click.option("--kit", "kit_id", help="Take branding from this kit.")(function)
    function = click.option("--paper", default="a4", show_default=True, help="Paper size: a4 or letter.")(function)
    function = click.option("--locale", required=True, help="BCP 47 locale code, e.g. kk or uz-Latn.")(function)
    function = click.option("--story", "story_id", help="Story id (default: the only story).")(function)
    return function


def _run(ctx: Context, artifact: str, story_id: str | None, locale: str, output: Path | None, kit_id: str | None, **options) -> None:
    from kitgen.commands.artifact import build_artifact, default_story

    project = ctx.project()
    path = build_artifact(project, artifact, default_story(project, story_id), locale, options, output, kit_id)
    ctx.info(f"wrote {path}")


@click.command()
@_common
@click.option("--duplex", type=click.Choice(["long", "short", "none", "foldover"]), default="long", show_default=True,
              help="How backs are printed: duplex flip on long or short edge, fold-over, or no backs.")
@click.option("--bleed", default="0mm", show_default=True, help="Bleed around each card, e.g. 3mm; sets TrimBox and BleedBox.")
@click.option("--crop-marks/--no-crop-marks", default=True, show_default=True, help="Draw crop marks.")
@click.option("--eco", is_flag=True, help="Black-and-white, low-ink variant.")
@pass_context
def cards(ctx: Context, story_id, locale, paper, kit_id, output, duplex, bleed, crop_marks, eco) -> None:
    """Play cards, imposed N-up with crop marks and backs for duplex printing."""
    from kitgen.print.imposition import parse_length

    _run(ctx, "cards", story_id, locale, output, kit_id, paper=paper, duplex=duplex, bleed=parse_length(bleed),
         crop_marks=crop_marks, eco=eco)


@click.command()
@_common
@click.option("--eco", is_flag=True, help="Black-and-white, low-ink variant.")
@pass_context
def workbook(ctx: Context, story_id, locale, paper, kit_id, output, eco) -> None:
    """The student's workbook: every activity laid out to answer on paper."""
    _run(ctx, "workbook", story_id, locale, output, kit_id, paper=paper, eco=eco)


@click.command()
@_common
@click.option("--duplex", type=click.Choice(["long", "short", "none", "foldover"]), default="long", show_default=True,
              help="The card duplex setting the printing page should recommend.")
@pass_context
def guide(ctx: Context, story_id, locale, paper, kit_id, output, duplex) -> None:
    """The teacher's guide: overview, lessons, answer key, cards, episodes and printing advice."""
    _run(ctx, "guide", story_id, locale, output, kit_id, paper=paper, duplex=duplex)


@click.command()
@_common
@click.option("--booklet", is_flag=True, help="Impose A5 pages on sheets in saddle-stitch order.")
@pass_context
def storybook(ctx: Context, story_id, locale, paper, kit_id, output, booklet) -> None:
    """The storybook: one spread per scene."""
    _run(ctx, "storybook", story_id, locale, output, kit_id, paper=paper, booklet=booklet)


COMMANDS = (cards, workbook, guide, storybook)
