"""``kitgen i18n``: extract, update, review and status of translation catalogs."""

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
@click.option("--locale", required=True, help="BCP 47 locale code of the catalogs, e.g. ky.")
@click.option("--by", "by", required=True, help="Name of the native speaker who reviewed the strings.")
@click.option("--all", "everything", is_flag=True, help="Every translated string (untranslated and fuzzy ones are skipped and counted).")
@click.option("--key", "keys", multiple=True, help="One string, by its key (msgctxt), e.g. cards/strong-password/title (repeatable).")
@click.option("--story", "stories", multiple=True, help="Only this story (repeatable).")
@click.option("--chrome", is_flag=True, help="kitgen's own strings for this locale (kitgen/locales/<locale>.po); --key takes the English text.")
@pass_context
def review(ctx: Context, locale: str, by: str, everything: bool, keys: tuple[str, ...], stories: tuple[str, ...], chrome: bool) -> None:
    """Mark translations reviewed by a native speaker: who and when, kept in the .po file.

    A mark counts only while the source text and the translation stay as reviewed; a
    string that turns fuzzy loses it. Unreviewed strings keep a kit a draft.
    """
    from kitgen.commands import i18n as i18n_command

    for done in i18n_command.review(ctx.project(), locale, by, list(keys), everything, list(stories), chrome):
        skipped = f", {done.skipped} untranslated or fuzzy left unmarked" if done.skipped else ""
        ctx.info(f"{done.path}: {done.marked} marked reviewed by {by}{skipped}")


@i18n.command()
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--kit", "kit_id", help="Only the stories and locales of this kit.")
@click.option("--min", "minimum", type=click.FloatRange(0, 100), help="Exit 1 if any kit locale is below this percentage translated.")
@click.option("--min-reviewed", "min_reviewed", type=click.FloatRange(0, 100),
              help="Exit 1 if any kit locale has fewer than this percentage of its strings reviewed.")
@pass_context
def status(ctx: Context, locales: tuple[str, ...], kit_id: str | None, minimum: float | None, min_reviewed: float | None) -> None:
    """Table of story x locale: translated / fuzzy / untranslated / reviewed and percentages (fuzzy counts as missing)."""
    from kitgen.commands import i18n as i18n_command

    rows = i18n_command.status(ctx.project(), list(locales), kit_id)
    header = (f"{'story':<20} {'locale':<8} {'language':<18} {'translated':>10} {'fuzzy':>6} {'untransl.':>9} {'%':>6} "
              f"{'reviewed':>8} {'rev.%':>6}  kits")
    ctx.info(header)
    for row in rows:
        ctx.info(
            f"{row.story:<20} {row.locale:<8} {display_name(row.locale)[:18]:<18} {row.translated:>10} "
            f"{row.fuzzy:>6} {row.untranslated:>9} {row.percent:>6.1f} {row.reviewed:>8} {row.reviewed_percent:>6.1f}  "
            f"{','.join(row.kits) or '-'}"
        )
    failures = []
    if minimum is not None:
        low = i18n_command.below_minimum(rows, minimum)
        if low:
            failures.append(f"translation below {minimum:g}% for: " + ", ".join(f"{r.story}/{r.locale} {r.percent:.1f}%" for r in low))
    if min_reviewed is not None:
        low = i18n_command.below_minimum(rows, min_reviewed, reviewed=True)
        if low:
            failures.append(f"review below {min_reviewed:g}% for: "
                            + ", ".join(f"{r.story}/{r.locale} {r.reviewed_percent:.1f}%" for r in low))
    if failures:
        raise KitgenError("; ".join(failures))


COMMANDS = (i18n,)
