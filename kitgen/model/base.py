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
    ``limit`` is the advised maximum length in characters, also told to translators (going
    over it is a warning); :attr:`maximum` is the hard one (going over it is an error).
    """

    role: str
    limit: int | None = None

    @property
    def maximum(self) -> int:
        return hard_maximum(self.limit)


#: A text field may be this many times longer than its advised limit before it is an error.
HARD_FACTOR = 2
#: The hard maximum of a text field that has no advised limit, and of any other plain text field.
PLAIN_MAXIMUM = 500


def hard_maximum(limit: int | None) -> int:
    """The length (in characters) no text field may exceed: twice its advised limit."""
    return limit * HARD_FACTOR if limit else PLAIN_MAXIMUM


Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=48),
    Field(description="Lower-case ASCII identifier: letters, digits and hyphens."),
]
NonEmpty = Annotated[str, StringConstraints(min_length=1, max_length=PLAIN_MAXIMUM)]


def text(role: str, limit: int | None = None, description: str | None = None) -> object:
    """A translatable, non-empty string field."""
    return Annotated[
        str,
        StringConstraints(min_length=1, max_length=hard_maximum(limit)),
        Translatable(role, limit),
        Field(description=description or role),
    ]
