"""``kitgen i18n``: extract, update and status of translation catalogs."""

from __future__ import annotations

import click

from kitgen.cli import Context, pass_context
from kitgen.errors import KitgenError
from kitgen.i18n.locales import display_name


@click.group()
def i18n() -> None:
    """Translation catalogs (gettext .pot/.po) of the stories."""


@i18n.command()
@click.option("--story", "stories", multiple=True, help="Only this story (repeatable).")
@pass_context
def extract(ctx: Context, stories: tuple[str, ...]) -> None:
    """Write or refresh the .pot template of each story."""
    from kitgen.commands import i18n as i18n_command

    for written in i18n_command.extract(ctx.project(), list(stories)):
        ctx.info(f"{'wrote' if written.changed else 'unchanged'} {written.path} ({written.detail})")


@i18n.command()
@click.option("--locale", "locales", required=True, multiple=True, help="BCP 47 locale code, e.g. kk or uz-Latn (repeatable).")
@click.option("--story", "stories", multiple=True, help="Only this story (repeatable).")
@pass_context
def update(ctx: Context, locales: tuple[str, ...], stories: tuple[str, ...]) -> None:
    """Merge the template into each locale's catalog: keep translations, mark changed ones fuzzy."""
    from kitgen.commands import i18n as i18n_command

    project = ctx.project()
    for locale in locales:
        for written in i18n_command.update(project, locale, list(stories)):
            ctx.info(f"{'updated' if written.changed else 'unchanged'} {written.path}: {written.detail}")


@i18n.command()
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--kit", "kit_id", help="Only the stories and locales of this kit.")
@click.option("--min", "minimum", type=click.FloatRange(0, 100), help="Exit 1 if any kit locale is below this percentage.")
@pass_context
def status(ctx: Context, locales: tuple[str, ...], kit_id: str | None, minimum: float | None) -> None:
    """Table of story x locale: translated / fuzzy / untranslated and percentage (fuzzy counts as missing)."""
    from kitgen.commands import i18n as i18n_command

    rows = i18n_command.status(ctx.project(), list(locales), kit_id)
    header = f"{'story':<20} {'locale':<8} {'language':<18} {'translated':>10} {'fuzzy':>6} {'untransl.':>9} {'%':>6}  kits"
    ctx.info(header)
    for row in rows:
        ctx.info(
            f"{row.story:<20} {row.locale:<8} {display_name(row.locale)[:18]:<18} {row.translated:>10} "
            f"{row.fuzzy:>6} {row.untranslated:>9} {row.percent:>6.1f}  {','.join(row.kits) or '-'}"
        )
    if minimum is not None:
        low = i18n_command.below_minimum(rows, minimum)
        if low:
            names = ", ".join(f"{r.story}/{r.locale} {r.percent:.1f}%" for r in low)
            raise KitgenError(f"translation below {minimum:g}% for: {names}")


COMMANDS = (i18n,)
