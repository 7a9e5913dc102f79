"""Help contacts of a kit: the child helplines and reporting channels printed on every artifact.

Each contact is a fact about the real world that a child may act on, so each one names the
public source it was taken from and the date someone last checked it. A contact nobody has
checked (``verified`` absent), or checked more than :data:`VERIFIED_FOR_DAYS` days ago, keeps
the kit a draft (see :mod:`kitgen.pipeline.readiness`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, StringConstraints, field_validator, model_validator

from kitgen.model.base import Node, NonEmpty

#: A check stands for twelve months; after that the contact must be checked again.
VERIFIED_FOR_DAYS = 365

Short = Annotated[str, StringConstraints(min_length=1, max_length=120)]
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{1,22}[0-9]$")


def _web_address(value: object, what: str) -> object:
    if not isinstance(value, str):
        return value
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname or any(c.isspace() for c in value):
        raise ValueError(f"{what} must be a web address starting with https:// (no spaces), not {value[:80]!r}")
    if len(value) > 300:
        raise ValueError(f"{what} is {len(value)} characters long, at most 300; use the page's short address")
    return value


class Source(Node):
    """The public page a contact was taken from."""

    url: str = Field(description="Address of the public page that lists the contact, e.g. the helpline's own site.")
    title: Short = Field(description="Title of that page or the organisation that publishes it.")
    retrieved: dt.date | None = Field(default=None, description="When the page was read, YYYY-MM-DD.")
    quote: Annotated[str, StringConstraints(min_length=1, max_length=500)] | None = Field(
        default=None, description="The words on that page that give the number or address, for whoever checks the contact."
    )

    @field_validator("url", mode="before")
    @classmethod
    def _url(cls, value: object) -> object:
        return _web_address(value, "source.url")


class HelpContact(Node):
    """A child helpline or a channel for reporting harmful content."""

    name: NonEmpty = Field(description="The service's name as it presents itself, e.g. 'Telefonul Copilului'.")
    organisation: Short | None = Field(default=None, description="Who runs it, when the source says so.")
    phone: Annotated[str, StringConstraints(max_length=24)] | None = Field(
        default=None, description="The number as a child dials it, e.g. '116 111'. Digits, spaces, dashes, brackets, a leading +."
    )
    url: str | None = Field(default=None, description="The service's web address (https://).")
    hours: Short | None = Field(default=None, description="When it answers, as the source says, e.g. '24/7'.")
    languages: tuple[NonEmpty, ...] = Field(default=(), description="BCP 47 codes of the languages it answers in, when the source says.")
    source: Source = Field(description="The public source the contact was taken from (required: invent no contact).")
    verified: dt.date | None = Field(
        default=None,
        description=(
            "The date someone called or opened the contact and found it right, YYYY-MM-DD. Without it, or when it "
            f"is more than {VERIFIED_FOR_DAYS} days old, the kit is a draft."
        ),
    )
    verified_by: Short | None = Field(default=None, description="Who checked it.")

    @field_validator("phone", mode="before")
    @classmethod
    def _phone(cls, value: object) -> object:
        if isinstance(value, int) and not isinstance(value, bool):
            raise ValueError(f"phone must be written in quotes, as a child dials it: phone: \"{value}\"")
        if isinstance(value, str) and not _PHONE.match(value):
            raise ValueError(f"phone {value[:40]!r} is not a phone number: use digits, spaces, dashes, brackets and a leading +")
        return value

    @field_validator("url", mode="before")
    @classmethod
    def _url(cls, value: object) -> object:
        return _web_address(value, "url")

    @model_validator(mode="after")
    def _reachable(self) -> "HelpContact":
        if self.phone is None and self.url is None:
            raise ValueError(f"help contact '{self.name[:60]}' needs a phone or a url (or both)")
        return self

    def expired(self, today: dt.date) -> bool:
        """Whether the last check is missing or older than :data:`VERIFIED_FOR_DAYS` days."""
        return self.verified is None or (today - self.verified).days > VERIFIED_FOR_DAYS
