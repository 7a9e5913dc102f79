"""Base class and field markers shared by the story and kit models."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class Node(BaseModel):
    """An immutable model node: unknown keys are errors, values cannot be reassigned."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


@dataclass(frozen=True)
class Translatable:
    """Marks a string field as text that translators see.

    ``role`` says where the string appears (it goes into the catalog's extracted comment);
    ``limit`` is the advised maximum length in characters, also told to translators.
    """

    role: str
    limit: int | None = None


Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=48),
    Field(description="Lower-case ASCII identifier: letters, digits and hyphens."),
]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]


def text(role: str, limit: int | None = None, description: str | None = None) -> object:
    """A translatable, non-empty string field."""
    return Annotated[
        str,
        StringConstraints(min_length=1),
        Translatable(role, limit),
        Field(description=description or role),
    ]
