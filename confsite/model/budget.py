"""budget.yaml: money in, money out, and the limits the budget plan must respect.

Private: nothing in this file is ever published on the site.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from confsite.model.common import Date, Int, Number, Record, Slug, Text

Money = Annotated[Number, Field(ge=0)]
Share = Annotated[Number, Field(ge=0, le=1)]


class VenueOption(Record):
    id: Slug
    name: Text
    capacity: Annotated[Int, Field(gt=0)]
    area_m2: Annotated[Number, Field(gt=0)]
    rooms: Annotated[Int, Field(gt=0)]
    price_per_day: Money
    catering_minimum: Annotated[Money, Field(description="Minimum catering spend per day.")] = 0
    dates: Annotated[tuple[Date, ...], Field(description="Dates it is free (empty: any).")] = ()
    venue: Annotated[
        bool, Field(description="This option is the venue described in venue.yaml.")
    ] = False


class PerHead(Record):
    """Costs per attendee per day (catering) or per attendee (badge, swag)."""

    catering_per_day: Money = 0
    badge: Money = 0
    swag: Money = 0
    other: Money = 0


class CostItem(Record):
    id: Slug
    name: Text
    amount: Money
    min: Money | None = None
    max: Money | None = None
    hard: Annotated[bool, Field(description="Must be paid even if attendance falls.")] = True


class SpeakerCost(Record):
    region: Literal["local", "domestic", "international", "remote"]
    travel: Money = 0
    hotel_per_night: Money = 0
    nights: Annotated[Int, Field(ge=0)] = 0
    honorarium: Money = 0


class TicketTier(Record):
    id: Slug
    name: Text
    price: Money
    share: Annotated[Share, Field(description="Expected share of attendees in this tier.")]
    free: Annotated[Int, Field(ge=0, description="Free tickets given away in this tier.")] = 0


class SponsorDemand(Record):
    tier: Annotated[Slug, Field(description="A tier id from sponsors.yaml.")]
    expected: Annotated[Number, Field(ge=0, description="Sponsors expected to buy.")]
    fulfilment_cost: Money = 0


class SpendSegment(Record):
    """One piece of a channel's diminishing-returns curve."""

    up_to: Annotated[Money, Field(description="Spend up to this amount (cumulative).")]
    attendees_per_1000: Annotated[
        float, Field(ge=0, description="Attendees gained per 1,000 spent in this segment.")
    ]


class ChannelBudget(Record):
    channel: Annotated[Slug, Field(description="A channel id from promotion.yaml.")]
    influence: Annotated[Number, Field(ge=0, description="Influence weight of reach here.")] = 1
    threshold: Annotated[
        Money, Field(description="Minimum spend to use the channel at all (0: none).")
    ] = 0
    segments: tuple[SpendSegment, ...] = ()

    @model_validator(mode="after")
    def _increasing(self) -> ChannelBudget:
        ups = [s.up_to for s in self.segments]
        if ups != sorted(ups) or len(set(ups)) != len(ups):
            raise ValueError("segments must have increasing up_to")
        rates = [s.attendees_per_1000 for s in self.segments]
        if rates != sorted(rates, reverse=True):
            raise ValueError("returns must diminish: attendees_per_1000 may not grow")
        return self


class Activity(Record):
    id: Slug
    name: Text
    cost: Money
    influence: Annotated[Number, Field(ge=0)] = 0
    attendees: Annotated[Number, Field(ge=0, description="Extra attendees it draws.")] = 0
    required: bool = False


class Stress(Record):
    attendance_drop: Share = 0.15
    sponsorship_drop: Share = 0.35


class Limits(Record):
    max_days: Annotated[Int, Field(gt=0)] = 2
    min_area_m2: Annotated[Number, Field(ge=0)] = 0
    min_attendance: Annotated[Int, Field(ge=0)] = 0
    max_attendance: Annotated[Int | None, Field(gt=0)] = None


class Budget(Record):
    currency: str = "CNY"
    funds: Annotated[Money, Field(description="Own funds available before any revenue.")]
    days: Annotated[Int, Field(gt=0)] = 2
    objective: Literal["reach", "attendance", "surplus"] = "reach"
    base_influence: Annotated[
        float, Field(ge=0, description="Influence per attendee before promotion.")
    ] = 1
    contingency: Annotated[Share, Field(description="Share of costs kept in reserve.")] = 0.1
    limits: Limits = Limits()
    venues: Annotated[tuple[VenueOption, ...], Field(min_length=1)]
    per_head: PerHead = PerHead()
    costs: tuple[CostItem, ...] = ()
    speakers: tuple[SpeakerCost, ...] = ()
    tickets: tuple[TicketTier, ...] = ()
    sponsors: tuple[SponsorDemand, ...] = ()
    channels: tuple[ChannelBudget, ...] = ()
    activities: tuple[Activity, ...] = ()
    stress: Stress = Stress()
