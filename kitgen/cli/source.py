"""Commands about a project and its sources: ``init``, ``check``, ``schema``, ``new story``, ``new kit``."""

from __future__ import annotations

from pathlib import Path

import click

from kitgen.cli import Context, pass_context


@click.command()
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also say which fonts and voice profile each locale uses, and from where.")
@click.option("--release", is_flag=True, help="Also fail on drafts: list every reason any kit is not ready for release.")
@pass_context
def check(ctx: Context, strict: bool, verbose: bool, release: bool) -> None:
    """Report every problem in every story, kit and translation; exit 1 if there is any."""
    from kitgen.pipeline import checks as check_command
    from kitgen.voice.cache import resolve_cache_dir

    # Reading speed is checked on the real narration, through the speech cache the build reuses.
    project, report = check_command.check(ctx.root, narration_cache=resolve_cache_dir(None, ctx.root))
    report.raise_if_errors(strict=strict)
    report.print_warnings()
    ctx.info(
        f"ok: {len(project.stories)} stor{'y' if len(project.stories) == 1 else 'ies'}, "
        f"{len(project.kits)} kit{'s' if len(project.kits) != 1 else ''}, "
        f"{len(report.warnings)} warning{'s' if len(report.warnings) != 1 else ''}"
    )
    if verbose or ctx.verbosity > 0:
        _print_locale_uses(project)
    if release:
        from kitgen.pipeline.readiness import DraftRefused, kit_draft_reasons

        drafts = {kit_id: kit_draft_reasons(project, kit_id) for kit_id in project.kits}
        reasons = sorted({reason for found in drafts.values() for reason in found})
        if reasons:
            names = ", ".join(kit_id for kit_id, found in drafts.items() if found)
            raise DraftRefused(f"the project (kits {names})", reasons, "it is not ready for release")
        ctx.info(f"ready for release: {len(drafts)} kit{'s' if len(drafts) != 1 else ''}")


def _print_locale_uses(project) -> None:  # type: ignore[no-untyped-def]
    from kitgen.bundled import is_bundled
    from kitgen.errors import display_path
    from kitgen.i18n.locales import display_name
    from kitgen.pipeline.provenance import locale_uses

    def origin(path) -> str:  # type: ignore[no-untyped-def]
        return f"bundled {display_path(path)}" if is_bundled(path) else f"project {display_path(path)}"

    for use in locale_uses(project):
        kits = f"kits {', '.join(use.kits)}" if use.kits else "no kit: a story's source locale"
        click.echo(f"{use.locale} ({display_name(use.locale)}; {kits})")
        for font in use.fonts:
            click.echo(f"  font   {font.name}: {origin(font.family.regular.parent)}")
        voice = use.voice
        layers = [origin(path) + ("" if is_bundled(path) else f" (sets {', '.join(voice.project_keys)})" if voice.project_keys
                                  else " (empty: changes nothing)") for path in voice.files]
        layers += [f"kit {kit} voices: (sets {', '.join(keys)})" for kit, keys in voice.kit_keys]
        click.echo(f"  voice  {voice.description}: {' + '.join(layers) or 'no profile'}")


@click.command()
@click.argument("what", type=click.Choice(["story", "kit"]), default="story")
def schema(what: str) -> None:
    """Print the JSON Schema of story scripts (or kit manifests) for editors' YAML completion."""
    from kitgen.commands import schema as schema_command

    click.echo(schema_command.render(what), nl=False)


@click.group()
def new() -> None:
    """Create new sources from a template."""


@new.command("story")
@click.argument("story_id")
@pass_context
def new_story(ctx: Context, story_id: str) -> None:
    """Scaffold a valid story with one of everything under sources/stories/STORY_ID/."""
    root = ctx.root_option.resolve() if ctx.root_option else _root_or_cwd()
    from kitgen.commands import new as new_command

    target = new_command.new_story(root / "sources" / "stories", story_id)
    ctx.info(f"created {target}")


@new.command("kit")
@click.argument("kit_id")
@click.option("--country", help="ISO 3166-1 alpha-2 code, e.g. KG (default: the first locale's likeliest country).")
@click.option("--locales", callback=lambda c, p, v: _split(v), help="Comma-separated BCP 47 codes, e.g. ky,ru "
              "(default: the country's official languages).")
@click.option("--story", "stories", multiple=True, help="A story of the kit (repeatable; default: every story).")
@pass_context
def new_kit(ctx: Context, kit_id: str, country: str | None, locales: tuple[str, ...], stories: tuple[str, ...]) -> None:
    """Write sources/kits/KIT_ID.yaml for a country, and a catalog for each of its locales."""
    from kitgen.commands import new as new_command

    project = ctx.project()
    chosen_country = new_command.kit_country(country, locales)
    chosen = new_command.kit_locales(locales, chosen_country)
    story_ids = [project.story(story_id).id for story_id in stories] or sorted(project.stories)
    path = new_command.new_kit(project.kits_dir, kit_id, chosen_country, chosen, story_ids)
    ctx.info(f"created {path} ({chosen_country}: {', '.join(chosen)}; stories: {', '.join(story_ids)})")
    for written in new_command.add_catalogs(project, chosen, story_ids):
        ctx.info(f"created {written.path}: {written.detail}")


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--country", help="ISO 3166-1 alpha-2 code of the kit's country, e.g. KG (the kit's id is its lower case).")
@click.option("--locales", callback=lambda c, p, v: _split(v), help="Comma-separated BCP 47 codes, e.g. ky,ru "
              "(default: the country's official languages kitgen supports).")
@click.option("--sample", is_flag=True, help="Start from kitgen's full sample story and its 12 translations.")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty (same names are replaced).")
@pass_context
def init(ctx: Context, directory: Path, country: str | None, locales: tuple[str, ...], sample: bool, force: bool) -> None:
    """Create a kitgen project in DIRECTORY (default: here) that builds at once, offline."""
    from kitgen.commands.init import init_project
    from kitgen.errors import display_path

    done = init_project(directory, country=country, locales=locales, sample=sample, force=force)
    ctx.info(f"created a kitgen project in {display_path(done.root)}: kit '{done.kit}' ({done.country}) "
             f"in {', '.join(done.locales)}, story '{done.story}', {len(done.files)} files")
    ctx.info("next: cd there, then 'kitgen check' and 'kitgen build' (see README.md)")


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip()) if value else ()


def _root_or_cwd():
    from pathlib import Path

    from kitgen.errors import KitgenError
    from kitgen.project import find_root

    try:
        return find_root(Path.cwd())
    except KitgenError:
        return Path.cwd()


COMMANDS = (init, check, schema, new)
