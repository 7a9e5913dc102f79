"""Kit manifests: ``sources/kits/<id>.yaml``, one per country kit."""

from __future__ import annotations

import enum
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from kitgen.model.base import Id, Node, NonEmpty


class Paper(str, enum.Enum):
    A4 = "a4"
    LETTER = "letter"


class Kit(Node):
    """A country kit: which stories, in which locales, printed how."""

    id: Id
    name: NonEmpty = Field(description="Name of the kit, e.g. 'Kazakhstan'.")
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = Field(
        description="ISO 3166-1 alpha-2 country code, e.g. 'KZ'."
    )
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")] = "1.0.0"
    locales: Annotated[tuple[NonEmpty, ...], Field(min_length=1)] = Field(
        description="BCP 47 locale codes, e.g. ['kk', 'ru']."
    )
    stories: Annotated[tuple[Id, ...], Field(min_length=1)]
    paper: Paper = Paper.A4
    branding: dict[str, NonEmpty] = Field(
        description="Branding text per locale (one entry for each kit locale), shown on covers, card backs and title cards."
    )
    voices: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Per-locale overrides of the voice profile in voices/<locale>.yaml."
    )
    reading_speed: Annotated[int, Field(ge=8, le=30)] = Field(
        default=15,
        description=(
            "Fastest subtitle cue, in characters per second (spaces count, combining marks do not), 8-30; "
            "kitgen check and the build warn about every cue faster than this. 15 suits readers aged 7-10 "
            "(Netflix's timed-text style guide: 13 for children's programmes, 17 for adults')."
        ),
    )

    def branding_for(self, locale: str) -> str:
        return self.branding[locale]
