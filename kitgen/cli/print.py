"""Print commands: ``kitgen cards``, ``workbook``, ``guide`` and ``storybook``.

Each is a build of one artifact through the pipeline (:mod:`kitgen.pipeline.artifact`).
"""

from __future__ import annotations

from pathlib import Path

import click

from kitgen.cli import Context, pass_context
from kitgen.cli import options as opt


def _common(function):
    function = click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the PDF here instead of output/<story>/<locale>/.")(function)
    for option in (opt.force, opt.kit, opt.paper, opt.locale, opt.story):
        function = option(function)
    return function


def _run(ctx: Context, artifact: str, story_id: str | None, locale: str, output: Path | None, kit_id: str | None,
         force: bool, **options) -> None:
    from kitgen.pipeline.artifact import build_artifact, report_outcomes
    from kitgen.pipeline.jobs import Settings

    result = build_artifact(ctx.root, artifact, story_id, locale, kit_id=kit_id, settings=Settings(options), output=output, force=force)
    report_outcomes(result, ctx.info)


@click.command()
@_common
@click.option("--duplex", type=click.Choice(opt.DUPLEX), default="long", show_default=True,
              help="How backs are printed: duplex flip on long or short edge, fold-over, or no backs.")
@click.option("--bleed", type=opt.Length(), default="0mm", show_default=True, help="Bleed around each card, e.g. 3mm; sets TrimBox and BleedBox.")
@click.option("--crop-marks/--no-crop-marks", default=True, show_default=True, help="Draw crop marks.")
@click.option("--eco", is_flag=True, help="Black-and-white, low-ink variant.")
@pass_context
def cards(ctx: Context, story_id, locale, paper, kit_id, force, output, duplex, bleed, crop_marks, eco) -> None:
    """Play cards, imposed N-up with crop marks and backs for duplex printing."""
    _run(ctx, "cards", story_id, locale, output, kit_id, force, paper=paper.lower(), duplex=duplex, bleed=bleed,
         crop_marks=crop_marks, eco=eco)


@click.command()
@_common
@click.option("--eco", is_flag=True, help="Black-and-white, low-ink variant.")
@pass_context
def workbook(ctx: Context, story_id, locale, paper, kit_id, force, output, eco) -> None:
    """The student's workbook: every activity laid out to answer on paper."""
    _run(ctx, "workbook", story_id, locale, output, kit_id, force, paper=paper.lower(), eco=eco)


@click.command()
@_common
@click.option("--duplex", type=click.Choice(opt.DUPLEX), default="long", show_default=True,
              help="The card duplex setting the printing page should recommend.")
@pass_context
def guide(ctx: Context, story_id, locale, paper, kit_id, force, output, duplex) -> None:
    """The teacher's guide: overview, lessons, answer key, cards, episodes and printing advice."""
    _run(ctx, "guide", story_id, locale, output, kit_id, force, paper=paper.lower(), duplex=duplex)


@click.command()
@_common
@click.option("--booklet", is_flag=True, help="Impose A5 pages on sheets in saddle-stitch order.")
@pass_context
def storybook(ctx: Context, story_id, locale, paper, kit_id, force, output, booklet) -> None:
    """The storybook: one spread per scene."""
    _run(ctx, "storybook", story_id, locale, output, kit_id, force, paper=paper.lower(), booklet=booklet)


COMMANDS = (cards, workbook, guide, storybook)
