"""Commands about the sources: ``check``, ``schema``, ``new story``."""

from __future__ import annotations

import click

from kitgen.cli import Context, pass_context


@click.command()
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@pass_context
def check(ctx: Context, strict: bool) -> None:
    """Report every problem in every story, kit and translation; exit 1 if there is any."""
    from kitgen.pipeline import checks as check_command

    project, report = check_command.check(ctx.root)
    report.raise_if_errors(strict=strict)
    report.print_warnings()
    ctx.info(
        f"ok: {len(project.stories)} stor{'y' if len(project.stories) == 1 else 'ies'}, "
        f"{len(project.kits)} kit{'s' if len(project.kits) != 1 else ''}, "
        f"{len(report.warnings)} warning{'s' if len(report.warnings) != 1 else ''}"
    )


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


def _root_or_cwd():
    from pathlib import Path

    from kitgen.errors import KitgenError
    from kitgen.project import find_root

    try:
        return find_root(Path.cwd())
    except KitgenError:
        return Path.cwd()


COMMANDS = (check, schema, new)
