"""Helpers for the tests of notices ("told when it changes", schools.reminders.notify):
deliver what is queued, and check that each person got one e-mail whose absolute link
opens for them."""

from django.conf import settings
from django.core import mail
from django.test import Client

from schools.models import Reminder
from schools.reminders import deliver_digests, deliver_pending
from tests.conftest import sign_in


def clear():
    """Nothing else queued or sent: only what the test does is under test."""
    Reminder.objects.all().delete()
    mail.outbox.clear()


def deliver():
    deliver_pending()
    deliver_digests()


def messages_to(user):
    return [m for m in mail.outbox if user.email in m.to]


def the_link(message) -> str:
    """The absolute link of a notice: the line that is the portal's address."""
    base = settings.SYMPHONY_BASE_URL
    [link] = [line for line in message.body.splitlines() if line.startswith(base + "/")][:1]
    return link


def opens_for(user, link: str) -> int:
    """The status the link's page answers ``user`` with (signed in as them)."""
    base = settings.SYMPHONY_BASE_URL
    assert link.startswith(base + "/"), link
    client = Client()
    sign_in(client, user)
    return client.get(link[len(base) :]).status_code


def assert_told_once(users, *, subject_has: str):
    """Each of ``users`` got exactly one e-mail about it, greeting them by first name, with
    a plain and an HTML part and an absolute link that opens for them; nobody else did."""
    told = {address for m in mail.outbox for address in m.to}
    assert told == {u.email for u in users}
    for user in users:
        [message] = messages_to(user)
        assert subject_has in message.subject
        assert message.body.startswith(f"Dear {user.get_short_name()},")
        assert settings.SYMPHONY_TRUST_NAME in message.body
        [(html, mimetype)] = message.alternatives
        assert mimetype == "text/html" and f"Dear {user.get_short_name()}," in html
        link = the_link(message)
        assert f'href="{link}"' in html
        assert opens_for(user, link) == 200


def chair_with_an_account(school):
    """A chair of ``school``'s LGB with a portal account (the demo's chairs have none)."""
    import datetime

    from governance.models import Appointment, Body, Person
    from schools.models import Role
    from tests.factories import UserFactory

    user = UserFactory(
        email=f"chair.{school.pk}@example.org",
        full_name="Chris Chair",
        role=Role.LOCAL_GOVERNOR,
        schools=[school],
    )
    lgb, _ = Body.objects.get_or_create(
        school=school, defaults={"kind": Body.Kind.LGB, "name": f"{school.name} LGB"}
    )
    Appointment.objects.create(
        person=Person.objects.create(full_name=user.full_name, user=user),
        body=lgb,
        role=Appointment.Role.CHAIR,
        category=Appointment.Category.APPOINTED,
        starts_on=datetime.date(2024, 9, 1),
    )
    return user
