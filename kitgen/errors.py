"""The error tree of kitgen.

Every problem the user can cause is a :class:`Diagnostic` with a location. Checks collect
diagnostics into a :class:`Report`; once collection is done, :meth:`Report.raise_if_errors`
aborts with a :class:`KitgenError`, which click prints as ``path:line:col: error: message``
lines without a traceback.
"""

from __future__ import annotations

import difflib
import enum
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterable

import click


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: a file and, when known, a 1-based line and column."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = display_path(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    @classmethod
    def of(cls, path: Path | str, line: int | None = None, column: int | None = None) -> "Location":
        return cls(str(path), line, column)


def display_path(path: Path | str) -> str:
    """A path as the user should see it: relative to the working directory when possible."""
    p = Path(path)
    try:  # the folder resolved, the name as written (a symbolic link is shown as itself)
        return str((p.parent.resolve() / p.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    message: str
    severity: Severity = Severity.ERROR

    def format(self, strict: bool = False) -> str:
        severity = Severity.ERROR if strict else self.severity
        return f"{self.location}: {severity.value}: {self.message}"


@dataclass
class Report:
    """Collects diagnostics; nothing is raised until the caller asks."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(location, message, Severity.ERROR))

    def warning(self, location: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(location, message, Severity.WARNING))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def raise_if_errors(self, strict: bool = False) -> None:
        if self.failed(strict):
            raise KitgenError.from_diagnostics(self.diagnostics, strict=strict)

    def print_warnings(self, stream: IO[str] | None = None) -> None:
        for diagnostic in self.warnings:
            click.echo(diagnostic.format(), file=stream or sys.stderr)


class KitgenError(click.ClickException):
    """Base of every error kitgen reports to the user. Printed without a traceback."""

    exit_code = 1

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.location = location
        super().__init__(message)

    def format_message(self) -> str:
        if self.location is None:
            return f"error: {self.message}"
        return f"{self.location}: error: {self.message}"

    def show(self, file: IO[str] | None = None) -> None:
        click.echo(self.format_message(), file=file or sys.stderr)

    @staticmethod
    def from_diagnostics(diagnostics: Iterable[Diagnostic], strict: bool = False) -> "DiagnosticsError":
        return DiagnosticsError(list(diagnostics), strict=strict)


class DiagnosticsError(KitgenError):
    """Several located problems, reported together."""

    def __init__(self, diagnostics: list[Diagnostic], strict: bool = False) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.location.path, d.location.line or 0, d.location.column or 0))
        self.strict = strict
        errors = sum(1 for d in diagnostics if strict or d.severity is Severity.ERROR)
        super().__init__(f"{errors} error(s)")

    def format_message(self) -> str:
        lines = [d.format(self.strict) for d in self.diagnostics]
        errors = sum(1 for d in self.diagnostics if self.strict or d.severity is Severity.ERROR)
        warnings = len(self.diagnostics) - errors
        summary = f"{errors} error{'s' if errors != 1 else ''}"
        if warnings:
            summary += f", {warnings} warning{'s' if warnings != 1 else ''}"
        lines.append(f"kitgen: {summary}; nothing was written")
        return "\n".join(lines)


class SourceError(KitgenError):
    """Bad input in a source file (story, kit, catalog, profile, illustration); always located."""


class OptionError(KitgenError):
    """A bad option value (a command-line option, an environment variable, an API argument):
    like a click usage error, it exits 2 and its message names the option."""

    exit_code = 2


class TextOverflowError(KitgenError):
    """Text does not fit its box even at the floor size."""


class MediaError(KitgenError):
    """An illustration, audio clip or music file that cannot be used."""


class EngineError(KitgenError):
    """A voice engine cannot speak (not installed, offline, no voice for the locale)."""


class OutputError(KitgenError):
    """The output cannot be written (permissions, full disk)."""


class BuildFailed(KitgenError):
    """Artifacts failed; the message holds their own located errors, printed as they are."""

    def format_message(self) -> str:
        return self.message


class UsageError(click.UsageError):
    """A bad command-line option or argument: click prints the usage line and exits 2."""


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """``; did you mean 'x'?`` when a close choice exists, else an empty string."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f"; did you mean '{matches[0]}'?" if matches else ""
