"""``kitgen init``, ``kitgen new kit`` and a project's own fonts and voices over the bundled ones."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from click.testing import CliRunner
from fontTools import subset
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from kitgen import __version__
from kitgen.builder.view import dump
from kitgen.bundled import VOICES_DIR
from kitgen.cli import cli
from kitgen.commands.init import project_workflow
from kitgen.errors import Report
from kitgen.i18n.chrome_files import load_chrome
from kitgen.pipeline.digests import Digests
from kitgen.pipeline.jobs import kit_jobs
from kitgen.pipeline.keys import input_files, job_key, projected
from kitgen.pipeline.plan import plan
from kitgen.pipeline.registry import default_registry
from kitgen.pipeline.session import BuildSession
from kitgen.pipeline.voices import load_locale_profile
from kitgen.project import load_project
from tests.conftest import REPO, Result

STARTER_FILES = {
    ".github/workflows/release.yml", ".gitignore", "README.md", "sources/kits/kg.yaml",
    "sources/stories/first-story/illustrations/scene.svg", "sources/stories/first-story/locales/first-story.pot",
    "sources/stories/first-story/locales/ky.po", "sources/stories/first-story/locales/ru.po",
    "sources/stories/first-story/story.yaml", "voices/README.md", "voices/ky.yaml", "voices/ru.yaml",
}


def kitgen(*args: str | Path) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return Result(result.exit_code, result.output)


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "kg-kit"
    result = kitgen("init", root, "--country", "KG")
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def project(made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of an initialized project (kit 'kg' in ky and ru), as the working directory."""
    root = tmp_path / "kg-kit"
    shutil.copytree(made, root)
    monkeypatch.chdir(root)
    return root


def test_init_writes_a_project_that_checks_and_builds_without_branding(project: Path) -> None:
    assert files(project) == STARTER_FILES
    kit = yaml.safe_load((project / "sources/kits/kg.yaml").read_text(encoding="utf-8"))
    assert kit == {"id": "kg", "name": "Kyrgyzstan", "country": "KG", "version": "1.0.0", "locales": ["ky", "ru"],
                   "stories": ["first-story"], "paper": "a4"}  # no branding: it is optional
    assert (project / ".gitignore").read_text().split() == ["#", "What", "kitgen", "builds", "and", "caches:", "rebuilt",
                                                            "from", "the", "sources", "at", "any", "time.", "/output/", "/.cache/"]
    readme = (project / "README.md").read_text(encoding="utf-8")
    for step in ("**Write.**", "**Extract.**", "**Translate.**", "**Review.**", "**Build.**", "**Package.**"):
        assert step in readme
    assert "kitgen i18n update --locale ky" in readme and "output/kg/<locale>/" in readme and "__" not in readme
    assert kitgen("check", "--strict").exit_code == 0

    built = kitgen("build", "--only", "cards,readme", "--locale", "ky", "--jobs", "1")
    assert built.exit_code == 0, built.output
    front, back = (page.extract_text() for page in PdfReader(project / "output/kg/ky/cards.pdf").pages)
    assert "Your address" in front  # untranslated lines show the source text
    title = yaml.safe_load((project / "sources/stories/first-story/story.yaml").read_text())["story"]["title"]
    band = load_chrome("ky").text("DRAFT — for review")  # a new project is a draft: nothing is reviewed yet
    assert band in back
    adult = "Өзүң ишенген чоң киши менен сүйлөш"
    # The card's back (no branding, no stand-in), then the help card's back: no contacts yet, the adult line only.
    assert back.replace(band, "").split() == f"{adult} Private things {adult}".split()
    assert title not in back
    readme_pdf = PdfReader(project / "output/kg/ky/README.pdf").pages[0].extract_text()
    assert readme_pdf.count(title) == 1  # the title, and no branding line under it

    kit = project / "sources/kits/kg.yaml"
    kit.write_text(kit.read_text(encoding="utf-8") + "branding:\n  ky: Бирге коопсуз\n  ru: Вместе безопасно\n", encoding="utf-8")
    assert kitgen("build", "--only", "cards", "--locale", "ky", "--jobs", "1").exit_code == 0
    back = PdfReader(project / "output/kg/ky/cards.pdf").pages[1].extract_text()
    assert "Бирге коопсуз" in back


def test_kit_branding_is_all_locales_or_none(project: Path) -> None:
    kit = project / "sources/kits/kg.yaml"
    kit.write_text(kit.read_text(encoding="utf-8") + "branding:\n  ky: Бирге коопсуз\n", encoding="utf-8")
    result = kitgen("check")
    assert result.exit_code == 1
    assert re.search(r"sources/kits/kg\.yaml:\d+:\d+: error: branding has no text for locale 'ru'", result.output)


def test_catalogs_have_language_and_plural_forms_headers(project: Path) -> None:
    assert kitgen("i18n", "update", "--locale", "tg").exit_code == 0
    for locale in ("ky", "ru", "tg"):
        path = project / f"sources/stories/first-story/locales/{locale}.po"
        with path.open("rb") as handle:
            headers = dict(read_po(handle).mime_headers)
        assert headers["Language"] == locale
        assert headers["Plural-Forms"] == get_plural(locale).plural_forms  # CLDR's rule as Babel gives it to gettext
        assert "DRAFT translation" in path.read_text(encoding="utf-8")


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    result = kitgen("init", target, "--country", "KG")
    assert result.exit_code == 1
    assert "the folder is not empty (notes.txt)" in result.output and "--force" in result.output
    assert files(tmp_path) == {"busy/notes.txt"}  # nothing written, no staging folder left
    forced = kitgen("init", target, "--country", "KG", "--force")
    assert forced.exit_code == 0, forced.output
    assert files(target) == STARTER_FILES | {"notes.txt"} and (target / "notes.txt").read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["busy"]


def test_init_here_keeps_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    inode = here.stat().st_ino
    result = kitgen("init", "--country", "AM")
    assert result.exit_code == 0, result.output
    assert here.stat().st_ino == inode and Path.cwd() == here  # the same folder, not a replacement
    assert "sources/kits/am.yaml" in files(here) and "voices/hy.yaml" in files(here)
    assert not [p for p in here.iterdir() if p.name.startswith(".kitgen-init")]
    assert kitgen("check").exit_code == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--country", "KGZ"], "write the two-letter ISO 3166-1 code 'KG' (Kyrgyzstan), not 'KGZ'"),
        (["--country", "Kirgizstan"], "did you mean 'KG' (Kyrgyzstan)?"),
        (["--country", "ky"], "if you meant the language 'ky', its country is 'KG' (Kyrgyzstan)"),
        (["--country", "QQ"], "unknown country code 'QQ'"),
        (["--country", "FR"], "CLDR lists no language kitgen supports as official in France (FR)"),
        (["--country", "KZ", "--locales", "kk,kz"], "'kz' looks like a country code; did you mean the language 'kk'?"),
        (["--country", "KZ", "--locales", "fr"], "kitgen has no fonts, chrome strings or voices for 'fr'"),
        (["--locales", "uz_Latn"], "write the BCP 47 form 'uz-Latn'"),
        ([], "choose the kit's country with --country"),
    ],
)
def test_unknown_codes_are_usage_errors_with_suggestions(tmp_path: Path, options: list[str], message: str) -> None:
    result = kitgen("init", tmp_path / "new", *options)
    assert result.exit_code == 2 and message in result.output, result.output
    assert not list(tmp_path.iterdir())


def test_country_follows_the_locales_and_locales_the_country(tmp_path: Path) -> None:
    assert kitgen("init", tmp_path / "a", "--locales", "uz-Latn").exit_code == 0
    assert yaml.safe_load((tmp_path / "a/sources/kits/uz.yaml").read_text())["country"] == "UZ"
    assert kitgen("init", tmp_path / "b", "--country", "BY").exit_code == 0
    assert yaml.safe_load((tmp_path / "b/sources/kits/by.yaml").read_text())["locales"] == ["ru", "be"]


def test_init_sample_copies_the_sample_story_and_its_translations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "am-kit"
    assert kitgen("init", root, "--country", "AM", "--sample").exit_code == 0
    sample = REPO / "sources/stories/stop-think-tell"
    copied = root / "sources/stories/stop-think-tell"
    assert files(copied) == files(sample)
    for name in ("story.yaml", "locales/hy.po", "locales/ka.po", "illustrations/cover.svg"):
        assert (copied / name).read_bytes() == (sample / name).read_bytes()
    assert yaml.safe_load((root / "sources/kits/am.yaml").read_text())["stories"] == ["stop-think-tell"]
    monkeypatch.chdir(root)
    assert kitgen("check").exit_code == 0


def test_project_release_workflow_is_kitgen_s_own_without_kitgen_s_build(project: Path) -> None:
    text = (project / ".github/workflows/release.yml").read_text(encoding="utf-8")
    assert text == project_workflow((REPO / ".github/workflows/release.yml").read_text(encoding="utf-8"))
    workflow = yaml.safe_load(text)
    repo = yaml.safe_load((REPO / ".github/workflows/release.yml").read_text(encoding="utf-8"))
    assert list(workflow["jobs"]) == list(repo["jobs"]) == ["plan", "build", "release"]
    runs = [str(step.get("run", "")) for job in workflow["jobs"].values() for step in job["steps"]]
    assert "make install" not in text and "python -m build" not in text and "kitgen only" not in text
    assert runs.count(f'python -m venv .venv && .venv/bin/python -m pip install "kitgen=={__version__}"') == 3
    assert "python -m build" in (REPO / ".github/workflows/release.yml").read_text(encoding="utf-8")
    calls = [shlex.split(m.group(1).replace("$", "")) for run in runs for m in re.finditer(r"\.venv/bin/kitgen ([^|;)>]*)", run)]
    assert {call[0] for call in calls} == {"check", "plan", "build", "package"}
    for call in calls:
        options = {opt for param in cli.commands[call[0]].params for opt in getattr(param, "opts", [])}
        assert {word for word in call[1:] if word.startswith("--")} <= options


def test_project_voice_files_layer_over_the_bundled_profiles(project: Path) -> None:
    bundled = yaml.safe_load((VOICES_DIR / "ky.yaml").read_text(encoding="utf-8"))
    loaded = load_project(project, Report())
    assert loaded.voice_files("ky") == (VOICES_DIR / "ky.yaml", project / "voices/ky.yaml")
    empty = load_locale_profile(loaded.voices_dir, "ky")  # the override file holds only comments
    assert (empty.voice, empty.rate, empty.path) == (bundled["voice"], bundled["rate"], VOICES_DIR / "ky.yaml")

    (project / "voices/ky.yaml").write_text("rate: 120\ncharacters: {hero: {pitch: 70}}\n", encoding="utf-8")
    layered = load_locale_profile(loaded.voices_dir, "ky")
    assert (layered.voice, layered.rate, layered.pause_ms) == (bundled["voice"], 120, bundled["pause_ms"])
    assert dict(layered.characters)["hero"].pitch == 70 and layered.path == project / "voices/ky.yaml"
    shown = kitgen("check", "-v")
    assert shown.exit_code == 0, shown.output
    assert re.search(r"voice  espeak ky: bundled \S+ky\.yaml \+ project voices/ky\.yaml \(sets rate, characters\)", shown.output)
    assert "project voices/ru.yaml (empty: changes nothing)" in shown.output
    assert "font   Andika: bundled" in shown.output

    (project / "voices/ky.yaml").write_text("rate: 120\nspeed: 3\n", encoding="utf-8")
    broken = kitgen("check")
    assert broken.exit_code == 1 and re.search(r"voices/ky\.yaml:2:1: error: .*speed", broken.output), broken.output


def _font(source: Path, target: Path, name: str, drop: str = "") -> None:
    """A renamed subset of a bundled font: Latin, Cyrillic and punctuation, without ``drop``."""
    font = TTFont(source)
    options = subset.Options()
    options.name_IDs = ["*"]
    codes = [c for c in [*range(0x20, 0x180), *range(0x400, 0x530), *range(0x2000, 0x2070)] if chr(c) not in drop]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    style = "Bold" if "Bold" in source.name else "Regular"
    for record in list(font["name"].names):
        if record.nameID in (1, 3, 4, 6, 16):
            font["name"].removeNames(nameID=record.nameID)
    for name_id, value in ((1, name), (4, f"{name} {style}"), (6, f"{name}-{style}")):
        font["name"].setName(value, name_id, 3, 1, 0x409)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)


def _project_fonts(project: Path, name: str, drop: str = "") -> Path:
    folder = project / "fonts" / name.lower()
    for style in ("Regular", "Bold"):
        _font(REPO / f"fonts/andika/Andika-{style}.ttf", folder / f"{name}-{style}.ttf", name, drop)
    return folder


def test_a_project_font_lacking_letters_of_a_kit_locale_is_a_located_error(project: Path) -> None:
    _project_fonts(project, "KitgenPlain", drop="ңөүҢӨҮ")
    result = kitgen("check")
    assert result.exit_code == 1
    assert re.search(r"fonts/kitgenplain/KitgenPlain-Regular\.ttf: error: font 'KitgenPlain' has no glyph for \d+ letters? "
                     r"of Kyrgyz \(ky\)", result.output), result.output
    assert "'ң' U+04A3 CYRILLIC SMALL LETTER EN WITH DESCENDER" in result.output
    assert "of Russian (ru)" not in result.output  # it has every Russian letter


def test_a_project_font_adds_to_the_bundled_ones_and_is_keyed(project: Path) -> None:
    folder = _project_fonts(project, "KitgenSchool")
    shown = kitgen("check", "-v")
    assert shown.exit_code == 0, shown.output
    fonts = [line.split(":")[0].split()[-1] for line in shown.output.splitlines() if line.startswith("  font ")]
    assert fonts[:2] == ["KitgenSchool", "KitgenSchool"]  # ky's first font, then ru's: it draws all it has
    assert "font   KitgenSchool: project fonts/kitgenschool" in shown.output
    assert kitgen("build", "--only", "cards", "--locale", "ru", "--jobs", "1").exit_code == 0
    cards = PdfReader(project / "output/kg/ru/cards.pdf")
    fonts = {str(font.get_object()["/BaseFont"]) for page in cards.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts and all("KitgenSchool" in font for font in fonts), fonts
    assert "up to date: 1 artifacts" in kitgen("build", "--only", "cards", "--locale", "ru", "--jobs", "1").output
    _font(REPO / "fonts/andika/Andika-Bold.ttf", folder / "KitgenSchool-Bold.ttf", "KitgenSchool", drop="\u2030")  # a glyph no text uses
    rebuilt = kitgen("build", "--only", "cards", "--locale", "ru", "--jobs", "1")
    assert rebuilt.exit_code == 0 and "1 built" in rebuilt.output, rebuilt.output


def test_new_kit_adds_a_manifest_and_its_catalogs(project: Path) -> None:
    result = kitgen("new", "kit", "tj", "--country", "TJ")
    assert result.exit_code == 0, result.output
    kit = yaml.safe_load((project / "sources/kits/tj.yaml").read_text(encoding="utf-8"))
    assert (kit["country"], kit["locales"], kit["stories"]) == ("TJ", ["tg"], ["first-story"])
    assert (project / "sources/stories/first-story/locales/tg.po").is_file()
    assert kitgen("check").exit_code == 0
    again = kitgen("new", "kit", "tj", "--country", "TJ")
    assert again.exit_code == 1 and "kit 'tj' already exists" in again.output
    wrong = kitgen("new", "kit", "kz2", "--country", "Kazahstan")
    assert wrong.exit_code == 2 and "did you mean 'KZ' (Kazakhstan)?" in wrong.output
    assert not (project / "sources/kits/kz2.yaml").exists()


def test_a_kit_with_an_unknown_country_is_a_located_error(project: Path) -> None:
    kit = project / "sources/kits/kg.yaml"
    kit.write_text(kit.read_text(encoding="utf-8").replace("country: KG", "country: KY"), encoding="utf-8")
    assert kitgen("check").exit_code == 0  # the Cayman Islands: a real code
    kit.write_text(kit.read_text(encoding="utf-8").replace("country: KY", "country: XK"), encoding="utf-8")
    result = kitgen("check")
    assert result.exit_code == 1
    assert re.search(r"sources/kits/kg\.yaml:7:10: error: unknown country code 'XK'", result.output), result.output


def test_keys_cover_the_fonts_and_voice_files_actually_used(project: Path) -> None:
    registry = default_registry()

    def keys() -> dict[str, tuple[str, list[Path]]]:
        session = BuildSession(project)
        jobs = kit_jobs(session, registry, plan(session.project(), locales=["ky"]), ("cards", "episodes"), project / "output")
        found = {}
        for job in jobs:
            builder = registry.get(job.builder)
            files = input_files(session, builder, job, dump(projected(session, job)))
            found[job.builder] = (job_key(session, builder, job, Digests()), files)
        return found

    before = keys()
    cards_files, episode_files = before["cards"][1], before["episode"][1]
    assert (project / "voices/ky.yaml").resolve() in episode_files and (VOICES_DIR / "ky.yaml").resolve() in episode_files
    assert (VOICES_DIR / "en.yaml").resolve() in episode_files  # the source locale's voice reads untranslated lines
    assert len([p for p in cards_files if p.suffix == ".ttf"]) == 6
    (project / "voices/ky.yaml").write_text("rate: 130\n", encoding="utf-8")
    after = keys()
    assert after["episode"][0] != before["episode"][0] and after["cards"][0] == before["cards"][0]
    _project_fonts(project, "KitgenSchool")
    with_font = keys()
    assert with_font["cards"][0] != after["cards"][0]
    assert len([p for p in with_font["cards"][1] if p.suffix == ".ttf"]) == 8  # its two files and the bundled six
