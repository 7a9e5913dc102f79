"""The ``kitgen`` command line: thin click commands over :mod:`kitgen.commands`."""

from __future__ import annotations

import signal
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import click

from kitgen import __version__
from kitgen.errors import KitgenError, Report
from kitgen.interrupts import raise_on_signals, signal_of
from kitgen.project import Project, find_root, load_project


@dataclass(frozen=True)
class Context:
    """What every command gets: the project root and how talkative to be."""

    root_option: Path | None
    verbosity: int

    @property
    def root(self) -> Path:
        return self.root_option.resolve() if self.root_option else find_root(Path.cwd())

    def project(self, strict: bool = False) -> Project:
        """Load the project; abort with every schema problem if there are any."""
        report = Report()
        project = load_project(self.root, report)
        report.raise_if_errors(strict=False)
        return project

    def info(self, message: str) -> None:
        if self.verbosity >= 0:
            click.echo(message)

    def debug(self, message: str) -> None:
        if self.verbosity > 0:
            click.echo(message, err=True)


pass_context = click.make_pass_decorator(Context)


class Stopped(KitgenError):
    """Ctrl-C or SIGTERM: kitgen's own one-line message, exit status 128 + the signal (130, 143)."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}; finished files are kept and unfinished ones "
                         f"were removed; run the same command again to finish")
        self.exit_code = 128 + signum

    def format_message(self) -> str:
        return f"kitgen: {self.message}"


class KitgenGroup(click.Group):
    """The command group: an interrupt inside any command becomes :class:`Stopped` (not click's "Aborted!")."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise Stopped(signal_of(exc)) from None


@click.group(cls=KitgenGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kitgen")
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KITGEN_PROJECT",
    help="Project folder (the one holding sources/). Default: the nearest one at or above the current folder.",
)
@click.option("-q", "--quiet", count=True, help="Print less.")
@click.option("-v", "--verbose", count=True, help="Print more.")
@click.pass_context
def cli(ctx: click.Context, project_dir: Path | None, quiet: int, verbose: int) -> None:
    """Compile child-online-safety kits: cards, workbook, teacher's guide, storybook and narrated episodes."""
    ctx.obj = Context(project_dir, verbose - quiet)


def _register() -> None:
    from kitgen.cli import i18n, kits, print as print_commands, record, source, video, voice

    for module in (source, i18n, print_commands, voice, record, video, kits):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    raise_on_signals(signal.SIGINT, signal.SIGTERM)  # both end the command the same clean way
    try:
        cli.main(prog_name="kitgen", standalone_mode=True)
    except KeyboardInterrupt as exc:  # outside any command (while click starts or ends)
        Stopped(signal_of(exc)).show()
        sys.exit(128 + signal_of(exc))
    except SystemExit:
        raise
    except Exception as exc:  # a bug: say so plainly, with the details needed to report it
        click.echo(f"kitgen: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("This is a bug in kitgen. Please report it with the details below.", err=True)
        click.echo("".join(traceback.format_exception(exc)).rstrip(), err=True)
        sys.exit(70)
