"""The bundled font families, their character coverage, and splitting text into font runs.

No single child-readable font covers all thirteen kit languages, so kitgen uses an ordered
fallback chain: Andika (Latin and Cyrillic), then Noto Sans Armenian, then Noto Sans Georgian.
Each character is drawn with the first family that has a glyph for it. The Noto Armenian and
Georgian fonts have no digits and no ASCII punctuation, so a line of Armenian text is usually
several runs: Armenian letters in Noto, digits and commas in Andika.

Neither reportlab nor Pillow falls back to another font on its own; both draw a missing glyph
as an empty box or as nothing at all, silently. :meth:`FontSet.missing_characters` is the
check to run before rendering.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from fontTools.ttLib import TTFont

from kitgen.bundled import FONTS_DIR as BUNDLED_FONTS_DIR
from kitgen.errors import Location, MediaError


@dataclass(frozen=True)
class FamilySpec:
    """Where one family's regular and bold files sit inside a fonts directory."""

    name: str
    regular: str
    bold: str


#: The fallback chain, first choice first. Paths are relative to the fonts directory; a flat
#: directory holding just the file names works too.
DEFAULT_CHAIN: tuple[FamilySpec, ...] = (
    FamilySpec("Andika", "andika/Andika-Regular.ttf", "andika/Andika-Bold.ttf"),
    FamilySpec(
        "NotoSansArmenian",
        "noto-sans-armenian/NotoSansArmenian-Regular.ttf",
        "noto-sans-armenian/NotoSansArmenian-Bold.ttf",
    ),
    FamilySpec(
        "NotoSansGeorgian",
        "noto-sans-georgian/NotoSansGeorgian-Regular.ttf",
        "noto-sans-georgian/NotoSansGeorgian-Bold.ttf",
    ),
)

#: Characters that need no glyph, so they are never reported missing:
#: tab, line feed and carriage return (layout turns them into breaks or spaces), the soft
#: hyphen (a break hint: a paragraph that breaks there draws an ordinary hyphen instead),
#: and the invisible format characters a translator's editor may leave behind: combining
#: grapheme joiner, zero-width space, non-joiner and joiner, the directional marks and
#: embeddings, word joiner and invisible operators, variation selectors, and the byte order
#: mark. Visible format characters (for example the Arabic number signs) are not listed
#: and are reported when no font has them.
IGNORABLE: frozenset[str] = frozenset(
    "\t\n\r\u00ad\u034f\ufeff"
    + "".join(chr(c) for c in range(0x200B, 0x2010))
    + "".join(chr(c) for c in range(0x202A, 0x202F))
    + "".join(chr(c) for c in range(0x2060, 0x2065))
    + "".join(chr(c) for c in range(0x2066, 0x2070))
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
)


#: How a single drawn line treats layout characters: soft hyphens vanish (Andika would draw
#: them as hyphens), tabs and line breaks become spaces.
_ONE_LINE = MappingProxyType(str.maketrans({"\u00ad": None, "\t": " ", "\n": " ", "\r": None}))


def normalize(text: str) -> str:
    """``text`` in Unicode NFC: precomposed letters, so accents sit right without shaping."""
    return unicodedata.normalize("NFC", text)


def describe(char: str) -> str:
    """A character as a message shows it: ``'ⵣ' U+2D63 TIFINAGH LETTER YAZ``."""
    shown = repr(char) if char.isprintable() else repr(char).replace("\\x", "\\u00")
    fallback = "control character" if unicodedata.category(char) == "Cc" else "unnamed character"
    return f"{shown} U+{ord(char):04X} {unicodedata.name(char, fallback)}"


def uncovered_message(key: str, locale: str, char: str) -> str:
    """The one wording of a coverage error, used by ``kitgen check`` and by every builder."""
    name = unicodedata.name(char, "unnamed character")
    return (
        f"'{key}' ({locale}) has the character '{char}' (U+{ord(char):04X} {name}) that no bundled font covers; "
        f"remove it or add a font that has it to fonts/"
    )


@dataclass(frozen=True)
class FontFamily:
    """One family of the chain: its regular and bold TrueType files and what they cover.

    ``coverage`` holds the code points both faces map to a glyph. Two families are equal
    when their names and files are; coverage is left out of comparison and hashing.
    """

    name: str
    regular: Path
    bold: Path
    coverage: frozenset[int] = field(compare=False, repr=False)

    def path(self, bold: bool = False) -> Path:
        return self.bold if bold else self.regular

    def covers(self, char: str) -> bool:
        return ord(char) in self.coverage


@dataclass(frozen=True)
class Run:
    """A stretch of text drawn with one family."""

    family: FontFamily
    text: str


#: Pillow faces a font set keeps open at most (shrink-to-fit tries many sizes).
FACES_KEPT = 128


@dataclass(frozen=True)
class FontSet:
    """The fallback chain loaded from one fonts directory. Build it with :func:`load_fontset`.

    It also keeps the Pillow faces it has opened (:meth:`face`): they belong to this font
    set, so a new font set (the fonts changed) opens new ones, and none outlive their owner."""

    directory: Path
    families: tuple[FontFamily, ...]
    _faces: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    def face(self, family: FontFamily, size: float, bold: bool = False):  # type: ignore[no-untyped-def]
        """The Pillow face of ``family`` at ``size`` pixels (opened once per font set)."""
        key = (str(family.path(bold)), size)
        found = self._faces.get(key)
        if found is None:
            from PIL import ImageFont

            found = ImageFont.truetype(key[0], size)
            if len(self._faces) >= FACES_KEPT:
                self._faces.pop(next(iter(self._faces)))
            self._faces[key] = found
        return found

    def __getstate__(self) -> dict:
        """Pickled without its open faces (a worker opens its own)."""
        state = dict(self.__dict__)
        state["_faces"] = {}
        return state

    @property
    def primary(self) -> FontFamily:
        """The first family: the one used for neutral characters nobody else claims."""
        return self.families[0]

    def family(self, name: str) -> FontFamily:
        for family in self.families:
            if family.name == name:
                return family
        raise KeyError(name)

    def family_for(self, char: str) -> FontFamily | None:
        """The first family with a glyph for ``char``, or None."""
        code = ord(char)
        for family in self.families:
            if code in family.coverage:
                return family
        return None

    def covers(self, char: str) -> bool:
        return char in IGNORABLE or self.family_for(char) is not None

    def missing_characters(self, text: str) -> list[str]:
        """Characters of NFC ``text`` that no family can draw, each once, in order of appearance.

        Characters in :data:`IGNORABLE` are never missing.
        """
        missing: dict[str, None] = {}
        for char in normalize(text):
            if char not in missing and not self.covers(char):
                missing[char] = None
        return list(missing)

    def runs(self, text: str) -> list[Run]:
        """Split NFC ``text`` into runs of one family each; joined, the runs give back the text.

        Letters take the first family that has them. Combining marks stay with the letter
        before them when that family has the mark. Everything else is neutral (spaces,
        digits, punctuation, symbols, format characters): it stays with the character before
        it when that character's family has it, else joins the next letter's family when that
        one has it, else takes the first family that has it. A character no family has
        (check :meth:`missing_characters` first) stays with its neighbours and will render as
        that font's missing-glyph box or not at all.
        """
        text = normalize(text)
        if not text:
            return []
        strong = [self._strong_family(char) for char in text]
        assigned: list[FontFamily] = []
        next_strong: FontFamily | None = None
        following: list[FontFamily | None] = [None] * len(text)
        for index in range(len(text) - 1, -1, -1):
            following[index] = next_strong
            if strong[index] is not None:
                next_strong = strong[index]
        for index, char in enumerate(text):
            previous = assigned[-1] if assigned else None
            family = strong[index]
            if family is None:
                family = _first_covering(char, (previous, following[index]))
            if family is None:
                family = self.family_for(char) or previous or following[index] or self.primary
            assigned.append(family)
        return _merge(text, assigned)

    def line_runs(self, text: str) -> list[Run]:
        """:meth:`runs` for ``text`` drawn as one line: soft hyphens dropped, tabs and line
        breaks turned into spaces. Canvas and image drawing use this."""
        return self.runs(text.translate(_ONE_LINE))

    def _strong_family(self, char: str) -> FontFamily | None:
        """The family a letter insists on; None for neutral characters and marks."""
        if not unicodedata.category(char).startswith("L"):
            return None
        return self.family_for(char)


def _first_covering(char: str, candidates: tuple[FontFamily | None, ...]) -> FontFamily | None:
    for family in candidates:
        if family is not None and family.covers(char):
            return family
    return None


def _merge(text: str, assigned: list[FontFamily]) -> list[Run]:
    runs: list[Run] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or assigned[index] != assigned[start]:
            runs.append(Run(assigned[start], text[start:index]))
            start = index
    return runs


def default_fonts_dir(root: Path | str | None = None) -> Path:
    """The fonts directory to use: ``<root>/fonts`` when the project has one, else the bundled set.

    A project's folder adds to the bundled fonts and overrides them family by family (see
    :func:`project_chain`); it need not hold a copy of them.
    """
    if root is not None:
        candidate = Path(root) / "fonts"
        if candidate.is_dir():
            return candidate
    return BUNDLED_FONTS_DIR


def project_chain(fonts_dir: Path | str) -> tuple[FamilySpec, ...]:
    """The fallback chain a fonts folder gives, with absolute paths.

    The bundled folder gives :data:`DEFAULT_CHAIN`. A project's own folder gives its own
    families first (each a sub-folder holding ``<Name>-Regular.ttf`` and ``<Name>-Bold.ttf``,
    in the order of the folder names), so they draw every character they have; then each
    bundled family, taken from the project's folder when that has the family's files (at the
    bundled path, e.g. ``andika/Andika-Regular.ttf``, or by file name alone), else from the
    bundled set. A family that is not the bundled file is named after its files' stamps, so
    two different files never share a registered font name in one process.
    """
    directory = Path(fonts_dir).resolve()
    bundled = BUNDLED_FONTS_DIR.resolve()
    if directory == bundled:
        return DEFAULT_CHAIN
    chain = list(_own_families(directory))
    for spec in DEFAULT_CHAIN:
        own = any(candidate.is_file() for rel in (spec.regular, spec.bold) for candidate in _candidates(directory, rel))
        if not own:
            chain.append(FamilySpec(spec.name, str(bundled / spec.regular), str(bundled / spec.bold)))
            continue
        regular, bold = _locate(directory, spec.regular), _locate(directory, spec.bold)
        chain.append(FamilySpec(_stamped_name(spec.name, regular, bold), str(regular), str(bold)))
    return tuple(chain)


def _own_families(directory: Path) -> list[FamilySpec]:
    bundled_folders = {Path(spec.regular).parent.name for spec in DEFAULT_CHAIN}
    families = []
    for folder in sorted(p for p in directory.iterdir() if p.is_dir() and p.name not in bundled_folders):
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".otf"))
        if not files:
            continue
        regular = [p for p in files if p.stem.endswith("-Regular") and p.suffix.lower() == ".ttf"]
        bold = [p for p in files if p.stem.endswith("-Bold") and p.suffix.lower() == ".ttf"]
        if len(regular) != 1 or len(bold) != 1:
            raise MediaError(
                f"a font family folder needs exactly one <Name>-Regular.ttf and one <Name>-Bold.ttf (TrueType); "
                f"found {', '.join(p.name for p in files)}",
                Location.of(folder),
            )
        name = regular[0].stem.removesuffix("-Regular")
        families.append(FamilySpec(_stamped_name(name, regular[0], bold[0]), str(regular[0]), str(bold[0])))
    return families


def _stamped_name(name: str, regular: Path, bold: Path) -> str:
    stamp = "|".join(f"{p.resolve()}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in (regular, bold))
    return f"{name}-{hashlib.sha256(stamp.encode()).hexdigest()[:8]}"


def load_fontset(fonts_dir: Path | str, chain: tuple[FamilySpec, ...] | None = None) -> FontSet:
    """Load the fallback chain from ``fonts_dir`` (by default :func:`project_chain`).

    Nothing is cached here (a load takes about 10 ms): whoever keeps a font set owns it, as
    the build session does, keyed by the files' stamps. Raises :class:`MediaError` when a file
    is missing, unreadable or not a TrueType font.
    """
    directory = Path(fonts_dir).resolve()
    if not directory.is_dir():
        raise MediaError(
            "the fonts folder does not exist; create it, or remove it to use the bundled fonts",
            Location.of(directory),
        )
    if chain is None:
        chain = project_chain(directory)
    families = []
    for spec in chain:
        regular, bold = _locate(directory, spec.regular), _locate(directory, spec.bold)
        coverage = _cmap(regular) & _cmap(bold)
        families.append(FontFamily(spec.name, regular, bold, coverage))
    return FontSet(directory, tuple(families))


def _candidates(directory: Path, relative: str) -> tuple[Path, ...]:
    return (directory / relative, directory / Path(relative).name)


def _locate(directory: Path, relative: str) -> Path:
    for candidate in _candidates(directory, relative):
        if candidate.is_file():
            return candidate
    if Path(relative).is_absolute():
        raise MediaError("kitgen's bundled font file is missing; reinstall kitgen", Location.of(relative))
    raise MediaError(
        f"font file '{relative}' is missing; a family needs its regular and bold files: add "
        f"{Path(relative).name} to {directory}, or remove the family's other file to use the bundled font",
        Location.of(directory / relative),
    )


def _cmap(path: Path) -> frozenset[int]:
    try:
        font = TTFont(path, lazy=True)
        try:
            truetype = "glyf" in font
            cmap = font.getBestCmap() if truetype else None
        finally:
            font.close()
    except Exception as error:  # fontTools raises many kinds of errors on damaged files
        raise MediaError(
            f"cannot read font: {error}; use an unmodified TrueType (.ttf) file", Location.of(path)
        ) from error
    if not truetype:
        raise MediaError(
            "font has PostScript (CFF) outlines, which the PDF renderer cannot embed; "
            "use the TrueType (.ttf) build of this font",
            Location.of(path),
        )
    if not cmap:
        raise MediaError("font has no Unicode character map; use another build of this font", Location.of(path))
    return frozenset(cmap)
