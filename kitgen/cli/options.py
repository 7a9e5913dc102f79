"""Options shared by several commands, defined once (as pip-tools does in its scripts)."""

from __future__ import annotations

from pathlib import Path

import click

from kitgen.voice.engines import ENGINES

PAPERS = ("a4", "letter")
DUPLEX = ("long", "short", "none", "foldover")
SIZES = ("720p", "1080p", "vertical", "square")
PRESETS = ("release", "draft")


class Length(click.ParamType):
    """A length in millimetres: ``3``, ``3mm``, ``0.5cm`` or ``2pt``."""

    name = "length"

    def convert(self, value, param, ctx):
        from kitgen.errors import KitgenError
        from kitgen.print.imposition import parse_length

        try:
            return parse_length(value)
        except KitgenError as exc:
            self.fail(exc.message, param, ctx)


story = click.option("--story", "story_id", help="Story id (default: the only story).")
locale = click.option("--locale", required=True, help="BCP 47 locale code, e.g. kk or uz-Latn.")
paper = click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False), default="a4", show_default=True, help="Paper size.")
kit = click.option("--kit", "kit_id", help="Take branding (and voice overrides) from this kit.")
ENGINE_CHOICES = list(ENGINES)
engine = click.option("--engine", type=click.Choice(ENGINE_CHOICES), help="Use this voice engine instead of the profile's.")
cache_dir = click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
                         help="kitgen's cache folder (default: $KITGEN_CACHE_DIR or .cache/kitgen).")
force = click.option("--force", is_flag=True, help="Rebuild even what is up to date.")
