from __future__ import annotations

import itertools
import os
import shutil
import unicodedata
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont

from kitgen.errors import MediaError
from kitgen.text.fonts import DEFAULT_CHAIN, IGNORABLE, FontSet, default_fonts_dir, describe, load_fontset, normalize

from .samples import ALPHABETS, SENTENCES

BUNDLED = default_fonts_dir()

ARMENIAN, GEORGIAN = "NotoSansArmenian", "NotoSansGeorgian"


def _cases(alphabet: str) -> str:
    return alphabet + alphabet.lower()


# --- the shipped files -------------------------------------------------------------------


def test_bundled_chain_order_and_files(fontset: FontSet) -> None:
    assert [f.name for f in fontset.families] == ["Andika", ARMENIAN, GEORGIAN]
    for family in fontset.families:
        for path in (family.regular, family.bold):
            assert path.is_file() and path.suffix == ".ttf"
            assert path.parent.parent == BUNDLED.resolve()
            assert (path.parent / "OFL.txt").is_file()


def test_bundled_fonts_are_unmodified_truetype_with_expected_names(fontset: FontSet) -> None:
    expected = {
        ("Andika", False): ("Andika", "Regular"),
        ("Andika", True): ("Andika", "Bold"),
        (ARMENIAN, False): ("Noto Sans Armenian", "Regular"),
        (ARMENIAN, True): ("Noto Sans Armenian", "Bold"),
        (GEORGIAN, False): ("Noto Sans Georgian", "Regular"),
        (GEORGIAN, True): ("Noto Sans Georgian", "Bold"),
    }
    for family in fontset.families:
        for bold in (False, True):
            font = TTFont(family.path(bold))
            assert "glyf" in font and "CFF " not in font
            name = font["name"]
            assert (name.getDebugName(1), name.getDebugName(2)) == expected[(family.name, bold)]
            assert font["OS/2"].fsType & 0x000E in (0, 0x0008), "font must allow embedding"


def test_licences_and_readme() -> None:
    andika = (BUNDLED / "andika" / "OFL.txt").read_text()
    assert 'Reserved Font Names "Andika" and "SIL"' in andika
    for folder in ("andika", "noto-sans-armenian", "noto-sans-georgian"):
        text = (BUNDLED / folder / "OFL.txt").read_text()
        assert "SIL OPEN FONT LICENSE Version 1.1" in text and "DISCLAIMER" in text
    readme = (BUNDLED / "README.md").read_text()
    for ttf in BUNDLED.rglob("*.ttf"):
        assert ttf.relative_to(BUNDLED).as_posix() in readme


def test_bundled_fonts_stay_small() -> None:
    total = sum(p.stat().st_size for p in BUNDLED.rglob("*") if p.is_file())
    assert total < 1_700_000


# --- coverage ----------------------------------------------------------------------------


@pytest.mark.parametrize("locale", sorted(ALPHABETS))
def test_every_letter_of_every_locale_is_covered(fontset: FontSet, locale: str) -> None:
    assert fontset.missing_characters(_cases(ALPHABETS[locale])) == []
    assert fontset.missing_characters(SENTENCES[locale]) == []


@pytest.mark.parametrize(
    "letters",
    [
        "ӘҒҚҢӨҰҮҺІ",  # Kazakh
        "ӢӮҲҶ",  # Tajik
        "\u02bb\u02bc",  # Uzbek oʻ gʻ and the tutuq belgisi
        "Əİ",  # Azerbaijani
        "\u0218\u021a",  # Romanian Ș Ț with comma below
        "ЎҐЄЇ",  # Belarusian and Ukrainian
        "ŇÝŽ",  # Turkmen
    ],
)
def test_special_letters_come_from_andika(fontset: FontSet, letters: str) -> None:
    for char in _cases(letters):
        family = fontset.family_for(char)
        assert family is not None and family.name == "Andika", f"U+{ord(char):04X} {char}"


def test_armenian_and_georgian_come_from_noto(fontset: FontSet) -> None:
    for char in _cases(ALPHABETS["hy"][:38]):
        assert fontset.family_for(char).name == ARMENIAN, f"U+{ord(char):04X}"
    for char in ALPHABETS["ka"]:
        assert fontset.family_for(char).name == GEORGIAN, f"U+{ord(char):04X}"
    # Upper-casing Georgian gives Mtavruli (U+1C90...), used in headings.
    assert fontset.missing_characters(ALPHABETS["ka"].upper()) == []
    assert ALPHABETS["ka"].upper() != ALPHABETS["ka"]


@pytest.mark.parametrize("word", ["Երեխա", "անվտանգություն", "Ինտերնետ", "ბავშვი", "უსაფრთხოება", "ინტერნეტი"])
def test_armenian_and_georgian_words(fontset: FontSet, word: str) -> None:
    assert fontset.missing_characters(word) == []
    runs = fontset.runs(word)
    assert len(runs) == 1 and runs[0].text == word
    assert runs[0].family.name in (ARMENIAN, GEORGIAN)


def test_missing_characters_reports_each_once_in_order(fontset: FontSet) -> None:
    assert fontset.missing_characters("Салем 😀 ⵣ😀 ⵣ!") == ["😀", "ⵣ"]


def test_ignorable_characters_are_never_missing(fontset: FontSet) -> None:
    text = "Ա\tბ\nB\r\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e"
    assert fontset.missing_characters(text) == []
    assert all(unicodedata.category(c) in ("Cc", "Cf", "Mn") for c in IGNORABLE)


def test_control_characters_are_missing(fontset: FontSet) -> None:
    # A stray control character in a translation is a mistake worth reporting.
    assert fontset.missing_characters("a\x07b") == ["\x07"]


def test_decomposed_text_is_normalized(fontset: FontSet) -> None:
    decomposed = "S\u0326apte, И\u0306"  # Ș as S + comma below, Й as И + breve
    assert decomposed != normalize(decomposed)
    assert normalize(decomposed) == "Șapte, Й"
    runs = fontset.runs(decomposed)
    assert "".join(r.text for r in runs) == "Șapte, Й"
    assert fontset.missing_characters(decomposed) == []


# --- runs --------------------------------------------------------------------------------


def _shape(fontset: FontSet, text: str) -> list[tuple[str, str]]:
    return [(run.family.name, run.text) for run in fontset.runs(text)]


def test_runs_send_digits_and_punctuation_to_andika(fontset: FontSet) -> None:
    assert _shape(fontset, "Էջ 3-ը 12-ից։") == [
        (ARMENIAN, "Էջ "),
        ("Andika", "3-"),
        (ARMENIAN, "ը "),
        ("Andika", "12-"),
        (ARMENIAN, "ից։"),
    ]
    assert _shape(fontset, "«Բարև», 2024 թ.") == [
        ("Andika", "«"),
        (ARMENIAN, "Բարև"),
        ("Andika", "», 2024 "),
        (ARMENIAN, "թ"),
        ("Andika", "."),
    ]


def test_runs_keep_spaces_with_the_surrounding_script(fontset: FontSet) -> None:
    assert _shape(fontset, " Բարև ընկեր") == [(ARMENIAN, " Բարև ընկեր")]
    assert _shape(fontset, "გამარჯობა, მეგობარო") == [
        (GEORGIAN, "გამარჯობა"),
        ("Andika", ", "),
        (GEORGIAN, "მეგობარო"),
    ]


@pytest.mark.parametrize("locale", sorted(SENTENCES))
def test_runs_rebuild_the_text_and_every_run_is_drawable(fontset: FontSet, locale: str) -> None:
    text = SENTENCES[locale]
    runs = fontset.runs(text)
    assert "".join(r.text for r in runs) == normalize(text)
    for left, right in itertools.pairwise(runs):
        assert left.family != right.family
    for run in runs:
        assert all(run.family.covers(c) for c in run.text), (run.family.name, run.text)
    if locale not in ("hy", "ka"):
        assert [r.family.name for r in runs] == ["Andika"]


def test_runs_of_uncovered_characters_stay_with_neighbours(fontset: FontSet) -> None:
    assert _shape(fontset, "Салем 😀!") == [("Andika", "Салем 😀!")]
    assert fontset.runs("") == []


def test_line_runs_drop_soft_hyphens_and_breaks(fontset: FontSet) -> None:
    runs = fontset.line_runs("ин\u00adтер\nнет\tԱ")
    assert "".join(r.text for r in runs) == "интер нет Ա"


# --- loading -----------------------------------------------------------------------------


def test_loading_keeps_nothing_at_module_level(fontset: FontSet) -> None:
    again = load_fontset(str(BUNDLED))
    assert again == fontset and again is not fontset  # whoever keeps a font set owns it


def test_loading_again_after_a_font_file_changes(tmp_path: Path) -> None:
    copy = tmp_path / "fonts"
    shutil.copytree(BUNDLED, copy)
    first = load_fontset(copy)
    assert first.directory == copy.resolve()
    target = copy / "andika" / "Andika-Bold.ttf"
    shutil.copyfile(BUNDLED / "noto-sans-armenian" / "NotoSansArmenian-Bold.ttf", target)  # another font under the name
    second = load_fontset(copy)
    assert second.primary.coverage != first.primary.coverage  # read again, not remembered


def test_flat_fonts_directory(tmp_path: Path) -> None:
    for spec in DEFAULT_CHAIN:
        for rel in (spec.regular, spec.bold):
            shutil.copy(BUNDLED / rel, tmp_path / Path(rel).name)
    fontset = load_fontset(tmp_path)
    assert fontset.primary.regular == tmp_path.resolve() / "Andika-Regular.ttf"
    assert fontset.missing_characters(ALPHABETS["hy"] + ALPHABETS["ka"]) == []


def test_missing_font_file_is_a_located_error(tmp_path: Path) -> None:
    shutil.copytree(BUNDLED, tmp_path / "fonts")
    (tmp_path / "fonts" / "noto-sans-georgian" / "NotoSansGeorgian-Bold.ttf").unlink()
    with pytest.raises(MediaError) as caught:
        load_fontset(tmp_path / "fonts")
    message = caught.value.format_message()
    assert "NotoSansGeorgian-Bold.ttf" in message and "is missing" in message
    assert caught.value.location is not None


def _write_cff_font(path: Path) -> None:
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder([".notdef", "A"])
    builder.setupCharacterMap({0x41: "A"})
    pen = T2CharStringPen(600, None)
    pen.moveTo((0, 0))
    pen.lineTo((0, 500))
    pen.lineTo((500, 0))
    pen.closePath()
    outline = pen.getCharString()
    builder.setupCFF("Plain-Regular", {"FullName": "Plain Regular"}, {".notdef": outline, "A": outline}, {})
    builder.setupHorizontalMetrics({".notdef": (600, 0), "A": (600, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Plain", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))


def test_cff_outlines_are_rejected(tmp_path: Path) -> None:
    shutil.copytree(BUNDLED, tmp_path / "fonts")
    _write_cff_font(tmp_path / "fonts" / "andika" / "Andika-Regular.ttf")
    with pytest.raises(MediaError, match="PostScript"):
        load_fontset(tmp_path / "fonts")


def test_unreadable_font_is_rejected(tmp_path: Path) -> None:
    shutil.copytree(BUNDLED, tmp_path / "fonts")
    (tmp_path / "fonts" / "andika" / "Andika-Regular.ttf").write_bytes(b"not a font")
    with pytest.raises(MediaError, match="cannot read font"):
        load_fontset(tmp_path / "fonts")


def test_default_fonts_dir_prefers_the_project_folder(tmp_path: Path) -> None:
    # The bundled set is package data (kitgen/data/fonts); in a checkout it is a link to the
    # repository's fonts/ folder, so there is one copy of every file.
    assert default_fonts_dir() == Path(__file__).resolve().parents[2] / "kitgen" / "data" / "fonts"
    assert default_fonts_dir().resolve() == Path(__file__).resolve().parents[2] / "fonts"
    assert default_fonts_dir(tmp_path) == default_fonts_dir()
    (tmp_path / "fonts").mkdir()
    assert default_fonts_dir(tmp_path) == tmp_path / "fonts"


def test_missing_fonts_folder_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="fonts folder does not exist") as caught:
        load_fontset(tmp_path / "nowhere")
    assert caught.value.location.path.endswith("nowhere")


def test_describe_names_the_character() -> None:
    assert describe("ⵣ") == "'ⵣ' U+2D63 TIFINAGH LETTER YAZ"
    assert describe("\u0589") == "'։' U+0589 ARMENIAN FULL STOP"
    assert describe("\x07") == "'\\u0007' U+0007 control character"
    assert describe("\u00ad") == "'\\u00ad' U+00AD SOFT HYPHEN"


def test_damaged_font_is_rejected(tmp_path: Path) -> None:
    shutil.copytree(BUNDLED, tmp_path / "fonts")
    target = tmp_path / "fonts" / "noto-sans-armenian" / "NotoSansArmenian-Bold.ttf"
    target.write_bytes(target.read_bytes()[:2000])  # the table directory survives, the tables do not
    with pytest.raises(MediaError, match="cannot read font"):
        load_fontset(tmp_path / "fonts")
