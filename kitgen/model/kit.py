"""Kit manifests: ``sources/kits/<id>.yaml``, one per country kit."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import Field, StringConstraints, field_validator

from kitgen.model.base import Id, Node, NonEmpty
from kitgen.model.help import HelpContact


class Paper(str, enum.Enum):
    A4 = "a4"
    LETTER = "letter"


class Links(Node):
    """Where the programme publishes the kit's episodes online (printed as QR codes)."""

    base_url: Annotated[str, StringConstraints(pattern=r"^https://[^\s/?#]+(/[^\s?#]*)?$", max_length=120)] = Field(
        description=(
            "An https:// address (at most 120 characters, so that the QR codes stay small) under which every "
            "episode is published at <base_url>/<locale>/<NN-slug>, the stem of the episode's files (e.g. "
            "https://example.org/kits/am/ru/01-taynye-kristally); the guide's lesson pages, the storybook's episode "
            "openers and the README print each episode's link and its QR code."
        )
    )

    @field_validator("base_url", mode="before")
    @classmethod
    def _https_address(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        parts = urlsplit(value)
        if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment or any(c.isspace() for c in value):
            raise ValueError(
                f"links.base_url must be an https:// address with no query, fragment or spaces, "
                f"e.g. https://example.org/kits/am; not {value!r}"
            )
        if not value.isascii():
            raise ValueError(f"links.base_url must be ASCII (write a non-ASCII host in its xn-- form); not {value!r}")
        return value.rstrip("/")


class TextReview(Node):
    """A native speaker's review of a kit's own text (its branding in one locale)."""

    by: Annotated[str, StringConstraints(min_length=1, max_length=80)] = Field(description="Who reviewed it.")
    on: dt.date = Field(description="When, YYYY-MM-DD.")
    text: NonEmpty = Field(description="The text as reviewed: the review counts only while the branding still says this.")


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
        default_factory=dict,
        description=(
            "Optional branding text per locale (one entry for each kit locale), shown on covers, card backs and "
            "title cards; without it nothing is printed there."
        ),
    )
    branding_reviewed: dict[str, TextReview] = Field(
        default_factory=dict,
        description="Per locale, the native speaker's review of the branding text; unreviewed branding keeps the kit a draft.",
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

    links: Links | None = Field(
        default=None, description="Where the episodes are published online; without it no QR codes are printed."
    )
    help: Annotated[tuple[HelpContact, ...], Field(max_length=6)] = Field(
        default=(),
        description=(
            "The country's child helplines and reporting channels (at most 6), each with its public source and the "
            "date someone checked it; shown on the help card, the storybook's back cover, the guide, the README, the "
            "workbook's last page and every episode's outro. Without any, or with one unchecked, the kit is a draft."
        ),
    )

    def branding_for(self, locale: str) -> str:
        """The branding in ``locale``; empty when the kit has none."""
        return self.branding.get(locale, "")

    def branding_reviewed_for(self, locale: str) -> bool:
        """Whether the branding in ``locale`` (if any) has a review of its current text."""
        text = self.branding.get(locale)
        review = self.branding_reviewed.get(locale)
        return text is None or (review is not None and review.text == text)
