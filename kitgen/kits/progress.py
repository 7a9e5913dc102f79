"""Build progress: a live display on a terminal, plain one-line entries elsewhere (CI)."""

from __future__ import annotations

import sys
from typing import IO

import click
from rich.markup import escape

from kitgen.pipeline.build import FAILED, Outcome, Progress
from kitgen.pipeline.jobs import Job


def make_progress(verbosity: int, stream: IO[str] | None = None) -> Progress:
    stream = stream or sys.stderr
    if stream.isatty() and verbosity >= 0:
        return LiveProgress(stream)
    return LogProgress(verbosity, stream)


class LogProgress(Progress):
    """One plain line per finished artifact, no control characters. ``-q``: failures only."""

    def __init__(self, verbosity: int, stream: IO[str]) -> None:
        self.verbosity = verbosity
        self.stream = stream
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        self.total = total
        if self.verbosity > 0:
            self._echo(f"kitgen: {total} artifacts")

    def started(self, job: Job) -> None:
        if self.verbosity > 0:
            self._echo(f"[{self.done}/{self.total}] start {job.label}")

    def finished(self, outcome: Outcome) -> None:
        self.done += 1
        if outcome.status == FAILED:
            self._echo(f"[{self.done}/{self.total}] failed {outcome.label}: {outcome.reason}")
        elif self.verbosity >= 0:
            took = f" ({outcome.seconds:.1f}s)" if outcome.seconds else ""
            self._echo(f"[{self.done}/{self.total}] {outcome.status} {outcome.label}{took}")

    def _echo(self, line: str) -> None:
        click.echo(line, file=self.stream)


class LiveProgress(Progress):
    """A rich progress bar: artifacts done of total, the current ones, and an ETA."""

    def __init__(self, stream: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn, TimeRemainingColumn

        self.console = Console(file=stream)
        self.bar = RichProgress(
            TextColumn("[bold]kitgen[/]"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            TextColumn("{task.description}"), console=self.console, transient=False,
        )
        self.task = None
        self.current: dict[str, float] = {}

    def start(self, total: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task("", total=total)

    def started(self, job: Job) -> None:
        self.current[job.label] = 0.0
        self._describe()

    def advanced(self, job: Job, fraction: float) -> None:
        if job.label in self.current:
            self.current[job.label] = fraction
            self._describe()

    def finished(self, outcome: Outcome) -> None:
        self.current.pop(outcome.label, None)
        if outcome.status == FAILED:
            self.console.print(f"[red]failed[/] {escape(outcome.label)}: {escape(outcome.reason)}", markup=True, highlight=False)
        self.bar.advance(self.task)
        self._describe()

    def _describe(self) -> None:
        parts = [f"{label} {fraction:.0%}" if fraction else label for label, fraction in self.current.items()]
        text = parts[0] + (f" (+{len(parts) - 1} more)" if len(parts) > 1 else "") if parts else ""
        self.bar.update(self.task, description=text)

    def close(self) -> None:
        self.bar.stop()
