"""The governance rules, at their boundaries in tests: terms of office ending, seats
vacant or over a maximum, safeguarding training in date, and gaps in a body's skills."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

from schools.calendar import months_after

from .models import Appointment, Body, Training


def term_ending(appointment: Appointment, today: datetime.date) -> bool:
    """A current term of office ending within ``SYMPHONY_TERM_ENDING_MONTHS`` (3)."""
    if appointment.ends_on is None or appointment.ends_on < today:
        return False
    return appointment.ends_on <= _months_after(today, settings.SYMPHONY_TERM_ENDING_MONTHS)


def vacancies(body: Body, current: int) -> int:
    """Seats to fill: only a target size has vacancies ("up to five trustees" does not)."""
    if body.size_is == Body.SizeIs.MAXIMUM:
        return 0
    return max(0, (body.target_size or 0) - current)


def over_maximum(body: Body, current: int) -> int:
    """How many more people a body has than its maximum size allows (0 within it)."""
    if body.size_is != Body.SizeIs.MAXIMUM or not body.target_size:
        return 0
    return max(0, current - body.target_size)


@dataclass(frozen=True)
class TrainingStatus:
    state: str  # "in date", "expired", "missing"
    completed_on: datetime.date | None
    expires_on: datetime.date | None


def safeguarding_status(training: list[Training], today: datetime.date) -> TrainingStatus:
    """Safeguarding training is required of every trustee and governor and stays in date
    for ``SYMPHONY_SAFEGUARDING_TRAINING_YEARS`` (3) years: expired on the anniversary."""
    done = [t.completed_on for t in training if t.kind == Training.Kind.SAFEGUARDING]
    if not done:
        return TrainingStatus("missing", None, None)
    latest = max(done)
    expires = _months_after(latest, 12 * settings.SYMPHONY_SAFEGUARDING_TRAINING_YEARS)
    return TrainingStatus("in date" if today < expires else "expired", latest, expires)


def skill_gaps(levels_by_skill: dict[int, list[int]], skills) -> list:
    """Skills that nobody on the body rates at ``SYMPHONY_SKILL_GAP_BELOW`` (3: good) or
    above, including skills nobody rated at all."""
    threshold = settings.SYMPHONY_SKILL_GAP_BELOW
    return [s for s in skills if max(levels_by_skill.get(s.pk, []), default=0) < threshold]


_months_after = months_after  # one calendar helper (schools.calendar)


def quorate(present: int, body: Body) -> bool:
    """The meeting's decisions stand when at least the body's quorum attended."""
    return present >= body.quorum
