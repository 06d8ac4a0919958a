"""sponsors.yaml: sponsor tiers and the sponsors in them."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from confsite.model.common import FilePath, Int, Number, PrivateContact, Record, Slug, Text, Url


class Tier(Record):
    id: Slug
    name: Text
    price: Annotated[Number, Field(ge=0)]
    slots: Annotated[Int, Field(ge=0, description="How many sponsors this tier can take.")]
    benefits: tuple[Text, ...] = ()


class Sponsor(Record):
    id: Slug
    name: Text
    tier: Slug
    logo: FilePath | None = None
    url: Url | None = None
    description: Text | None = None
    contact: Annotated[PrivateContact, Field(description="Private.")] = PrivateContact()


class Sponsors(Record):
    tiers: tuple[Tier, ...] = ()
    sponsors: tuple[Sponsor, ...] = ()
