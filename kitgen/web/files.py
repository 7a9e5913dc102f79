"""What the screen outputs carry beside their pages: pictures, recoloured icons and fonts.

Names are chosen from the story alone (a builder plans its files before it reads any), and
every name is unique by itself, not only within its folder:

- an illustration keeps its file name (``img/park.svg``); two different files of one name
  get ``-2``, ``-3``...;
- an icon is ``img/icon-<name>-<rrggbb>.svg``, its ``currentColor`` replaced by the colour;
- fonts are the bundled families (:data:`kitgen.text.fontset.DEFAULT_CHAIN`) whose script the
  story's text is written in (:func:`families`), as the unmodified TrueType files with their
  licence beside them (the OFL allows bundling; Andika's Reserved Font Name forbids only
  modified copies, so no subsetting).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

from kitgen import svg
from kitgen.errors import Location, MediaError
from kitgen.icons import icon_file
from kitgen.model.story import Story
from kitgen.text.fontset import DEFAULT_CHAIN, FamilySpec, FontSet

#: Letters of these scripts are drawn by these families; every other letter by the first one.
SCRIPT_FAMILIES = {"ARMENIAN": "NotoSansArmenian", "GEORGIAN": "NotoSansGeorgian"}
DARK_INK = "#1f2933"
LATIN_SHARE = 0.1
LICENCE = "OFL.txt"


def pictures(story: Story, cards: bool = True) -> dict[str, str]:
    """Illustration file (as written in story.yaml) -> its name in the output, e.g. ``park.svg``;
    the scenes' pictures, then (with ``cards``) the cards'."""
    files = [scene.illustration.file for episode in story.episodes for scene in episode.scenes]
    files += [card.illustration.file for card in story.cards if card.illustration] if cards else []
    names: dict[str, str] = {}
    taken: set[str] = set()
    for file in dict.fromkeys(files):
        path = PurePosixPath(file)
        stem, suffix = _safe(path.stem), path.suffix.lower()
        name, n = f"{stem}{suffix}", 1
        while name in taken:
            n += 1
            name = f"{stem}-{n}{suffix}"
        taken.add(name)
        names[file] = name
    return names


@dataclass(frozen=True)
class CardColours:
    colour: str  # the category's colour, #rrggbb
    ink: str  # what reads best on it: white or dark


def card_colours(colour: str) -> CardColours:
    """The ink with the higher WCAG contrast on ``colour``."""
    lum = _luminance(colour)
    on_white = 1.05 / (lum + 0.05)
    on_dark = (lum + 0.05) / (_luminance(DARK_INK) + 0.05)
    return CardColours(colour.lower(), "#ffffff" if on_white >= on_dark else DARK_INK)


def icons(story: Story) -> dict[tuple[str, str], str]:
    """(icon, colour) -> file name, for every icon the cards show: on the band, on the back, as the picture."""
    wanted: dict[tuple[str, str], str] = {}
    for card in story.cards:
        category = story.category(card.category)
        colours = card_colours(category.colour)
        for icon, colour in ((card.icon or category.icon, colours.ink), (category.icon, colours.colour)):
            wanted.setdefault((icon, colour), icon_name(icon, colour))
        if card.illustration is None:
            wanted.setdefault((card.icon or category.icon, colours.colour), icon_name(card.icon or category.icon, colours.colour))
    return wanted


def icon_name(icon: str, colour: str) -> str:
    return f"icon-{_safe(PurePosixPath(icon).stem)}-{colour.lstrip('#').lower()}.svg"


def picture_bytes(path: Path) -> bytes:
    """What the reader ships of an illustration: an SVG through the same sanitizer print and
    video use (its inside images embedded), any other picture as it is."""
    return svg.sanitized(path) if path.suffix.lower() == ".svg" else path.read_bytes()


def icon_svg(icon: str, story_dir: Path, colour: str) -> bytes:
    """The icon's SVG drawn in ``colour``."""
    return picture_bytes(icon_file(icon, story_dir)).replace(b"currentColor", colour.encode("ascii"))


def families(texts: Iterable[str]) -> tuple[FamilySpec, ...]:
    """The bundled families ``texts`` need, in fallback order: the Armenian and Georgian ones for
    any letter of theirs; the first (Latin and Cyrillic, which every system can draw) only when
    it draws at least :data:`LATIN_SHARE` of the letters, not for a web address in an Armenian book."""
    letters: Counter[str] = Counter()
    for text in texts:
        for char in unicodedata.normalize("NFC", text):
            if char.isalpha():
                letters[SCRIPT_FAMILIES.get(unicodedata.name(char, "").split(" ")[0], DEFAULT_CHAIN[0].name)] += 1
    total = sum(letters.values())
    first = DEFAULT_CHAIN[0].name
    return tuple(spec for spec in DEFAULT_CHAIN
                 if letters[spec.name] and (spec.name != first or letters[first] >= LATIN_SHARE * total))


def font_files(spec: FamilySpec) -> tuple[str, str, str]:
    """Regular, bold and licence file names of a family in the output."""
    return PurePosixPath(spec.regular).name, PurePosixPath(spec.bold).name, f"{spec.name}-{LICENCE}"


def font_sources(spec: FamilySpec, fonts: FontSet) -> tuple[Path, Path, Path]:
    """The bundled regular, bold and licence files of a family."""
    family = fonts.family(spec.name)
    return family.regular, family.bold, family.regular.parent / LICENCE


def check_fonts(specs: Iterable[FamilySpec], fonts: FontSet) -> None:
    """Every font file (and licence) to ship is there; a located MediaError if not."""
    for spec in specs:
        try:
            paths = font_sources(spec, fonts)
        except KeyError:
            raise MediaError(f"the fonts folder {fonts.directory} has no {spec.name}; it is shipped with the text", Location.of(fonts.directory)) from None
        for path in paths:
            if not path.is_file():
                raise MediaError(f"{path.name} of {spec.name} is missing; it is shipped with the font", Location.of(path.parent))


def book_texts(story: Story) -> list[str]:
    """Every text the storybook's pages show."""
    texts = [story.story.title, story.story.summary, *story.story.credits, *(c.name for c in story.characters)]
    for episode in story.episodes:
        texts.append(episode.title)
        for scene in episode.scenes:
            texts += [scene.caption or "", *(line.text for line in scene.lines)]
    return texts


def card_texts(story: Story) -> list[str]:
    """Every text the play cards show."""
    return [c.title for c in story.categories] + [t for card in story.cards for t in (card.title, card.body)]


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "file"


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
