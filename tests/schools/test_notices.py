"""Told when it changes (schools.reminders.notify): one notice per person and event through
the one reminder mechanism, straight away or in a weekly digest as each person chooses at
Account, Notifications; and termly data accepted or returned, told to the school's heads."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from schools import access
from schools.data import services as data_services
from schools.models import Collection, NotifyBy, Reminder, Role, School, Submission
from schools.reminders import (
    NOTICE,
    absolute_link,
    deliver_digests,
    deliver_pending,
    notify,
    quietly,
)
from schools.tasks import deliver_reminders, send_digests
from tests import notices
from tests.conftest import ROLES
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def only_these(demo):
    notices.clear()


def tell(users, key="event:1", subject="Glen Hills: something changed", link=None):
    return notify(
        key,
        users,
        subject,
        ["Something about Glen Hills changed."],
        link or absolute_link("schools:detail", pk=School.objects.get(name="Glen Hills").pk),
    )


# --- notify: once per person and event ---------------------------------------------------


def test_each_person_gets_one_email_once_however_often_the_event_is_told(cast):
    head, ceo = cast["head"], cast["ceo"]
    tell([head, ceo, head])  # the same person twice in one call: one notice
    tell([head, ceo])  # the service runs again: nobody is told twice
    assert Reminder.objects.filter(topic=NOTICE).count() == 2
    notices.deliver()
    notices.deliver()
    notices.assert_told_once([head, ceo], subject_has="something changed")
    # The log keeps them like every reminder: sent, one row a person.
    assert set(Reminder.objects.values_list("state", flat=True)) == {"sent"}


def test_another_event_is_told_again(cast):
    tell([cast["head"]], key="event:1")
    tell([cast["head"]], key="event:2")
    notices.deliver()
    assert len(notices.messages_to(cast["head"])) == 2


def test_inactive_people_and_people_without_an_address_are_not_told(cast):
    gone = UserFactory(is_active=False)
    nameless = UserFactory(email="")
    assert tell([gone, nameless, None]) == []


def test_inside_quietly_nothing_is_queued(cast):
    with quietly():
        assert tell([cast["head"]]) == []
    assert not Reminder.objects.exists()


def test_the_demo_seeding_queues_no_notices(demo):
    from symphony.portal.demo import seed_demo_trust

    seed_demo_trust()
    assert not Reminder.objects.filter(topic=NOTICE).exists()


def test_user_text_is_escaped_in_the_html_part(cast):
    evil = SchoolFactory(name="<script>alert('x')</script> Primary")
    head = UserFactory(full_name="<b>Bold</b> Head", schools=[evil])
    notify(
        "evil:1",
        [head],
        f"{evil.name}: changed",
        [f"{evil.name}'s data were returned."],
        absolute_link("schools:detail", pk=evil.pk),
        school=evil,
    )
    notices.deliver()
    [message] = mail.outbox
    [(html, _)] = message.alternatives
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Primary" in html
    assert "<script>alert('x')</script> Primary" in message.body  # plain text is plain


def test_links_are_built_from_the_served_address(cast, settings):
    settings.SYMPHONY_BASE_URL = "http://127.0.0.1:8123"
    tell([cast["head"]])
    notices.deliver()
    link = notices.the_link(mail.outbox[0])
    assert link.startswith("http://127.0.0.1:8123/schools/")
    assert notices.opens_for(cast["head"], link) == 200


# --- The weekly digest -------------------------------------------------------------------


def test_two_notices_make_one_digest_with_two_lines_and_immediate_people_get_theirs(cast):
    head, ceo = cast["head"], cast["ceo"]
    head.notify_by = NotifyBy.WEEKLY
    head.save()
    tell([head, ceo], key="event:1", subject="Glen Hills: first change")
    tell(
        [head, ceo],
        key="event:2",
        subject="Glen Hills: second change",
        link=absolute_link("schools:collections"),
    )
    deliver_pending()
    # The CEO chose straight away: two e-mails. The head's wait for the digest.
    assert len(notices.messages_to(ceo)) == 2 and not notices.messages_to(head)
    assert Reminder.objects.filter(digest=True, state="pending").count() == 2

    assert send_digests.delay().get() == 1
    [digest] = notices.messages_to(head)
    assert digest.body.startswith(f"Dear {head.get_short_name()},")
    lines = [line for line in digest.body.splitlines() if line.startswith("- ")]
    assert len(lines) == 2
    assert lines[0].startswith("- Glen Hills: first change: http")
    assert lines[1].startswith("- Glen Hills: second change: http")
    [(html, _)] = digest.alternatives
    for line in lines:
        link = line.rsplit(": ", 1)[1]
        assert f'href="{link}"' in html
        assert notices.opens_for(head, link) == 200
    assert not Reminder.objects.filter(state="pending").exists()
    # Sent once: the next week's run finds nothing waiting.
    assert deliver_digests() == 0
    assert len(notices.messages_to(head)) == 1


def test_the_digest_is_scheduled_weekly_beside_the_other_reminder_tasks():
    entry = settings.CELERY_BEAT_SCHEDULE["weekly-digests"]
    assert entry["task"] == "schools.send_digests"
    assert entry["schedule"].day_of_week == {1}  # Monday


def test_a_refused_digest_is_tried_again_by_the_delivery_run(cast, settings):
    from tests.smtp import SmtpServer

    head = cast["head"]
    head.notify_by = NotifyBy.WEEKLY
    head.save()
    tell([head])
    with SmtpServer() as server:
        settings.MAILERS = server.mailer()
        server.refuse = {head.email}
        assert deliver_digests() == 0
        row = Reminder.objects.get()
        assert (row.state, row.attempts) == ("pending", 1) and "refused" in row.last_error
        server.refuse = set()
        Reminder.objects.update(next_attempt_at=None)
        assert deliver_reminders.delay().get() == 1  # the 15-minute run retries it
        assert len(server.received) == 1
    assert Reminder.objects.get().state == "sent"


# --- Termly data: accepted or returned, told to the heads ---------------------------------


@pytest.fixture
def submitted(cast):
    collection = Collection.objects.order_by("-term__starts_on").first()
    glen_hills = School.objects.get(name="Glen Hills")
    submission = Submission.objects.get(collection=collection, school=glen_hills)
    assert submission.state == Submission.State.SUBMITTED
    return submission


def test_figures_returned_for_correction_are_told_to_the_heads_once(cast, submitted):
    data_services.review_submission(
        submission=submitted, accept=False, reason="Year 6 writing is blank.", by=cast["ceo"]
    )
    submitted.refresh_from_db()
    data_services.tell_reviewed(submitted)  # told again: still once
    heads = access.heads_of(submitted.school)
    assert cast["head"] in heads
    notices.deliver()
    notices.assert_told_once(heads, subject_has="returned for correction")
    assert "Year 6 writing is blank." in notices.messages_to(cast["head"])[0].body


def test_figures_accepted_are_told_to_the_heads(cast, submitted):
    data_services.review_submission(submission=submitted, accept=True, by=cast["ceo"])
    notices.deliver()
    notices.assert_told_once(access.heads_of(submitted.school), subject_has="accepted")


def test_returned_again_after_correction_is_a_new_notice(cast, submitted):
    data_services.review_submission(
        submission=submitted, accept=False, reason="Blank.", by=cast["ceo"]
    )
    Submission.objects.filter(pk=submitted.pk).update(state=Submission.State.SUBMITTED)
    data_services.review_submission(submission=submitted, accept=True, by=cast["ceo"])
    notices.deliver()
    subjects = sorted(m.subject for m in notices.messages_to(cast["head"]))
    assert len(subjects) == 2 and "accepted" in subjects[0] and "returned" in subjects[1]


def test_a_refused_review_of_figures_tells_nobody(cast, submitted):
    with pytest.raises(ValidationError):
        data_services.review_submission(submission=submitted, accept=False, by=cast["ceo"])
    assert not Reminder.objects.exists()


# --- The people each notice goes to ------------------------------------------------------


def test_people_lookups(cast, school):
    glen_hills, fairfield = school("Glen Hills"), school("Fairfield")
    assert cast["head"] in access.heads_of(glen_hills)
    assert cast["exec_head"] in access.heads_of(school("Ashby Hastings"))
    assert cast["head"] not in access.heads_of(fairfield)
    assert cast["governor"] in access.governors_of(fairfield)
    assert cast["governor"] not in access.governors_of(glen_hills)
    assert cast["trustee"] in access.trustees()
    assert all(u.role == Role.TRUSTEE for u in access.trustees())


def test_the_chair_of_governors_comes_from_governance(cast, school):
    from governance.models import Appointment, Person

    fairfield = school("Fairfield")
    assert access.chair_of(fairfield) == [cast["governor"]]  # the demo governor chairs it
    assert access.chair_of(school("Glen Hills")) == []  # its chair has no portal account
    person = Person.objects.get(user=cast["governor"])
    appointment = person.appointments.get(body__school=fairfield)
    appointment.role = Appointment.Role.MEMBER
    appointment.save()
    assert access.chair_of(fairfield) == []
    appointment.ends_on = appointment.starts_on.replace(year=appointment.starts_on.year + 1)
    appointment.save()  # a chair whose term has ended is no longer told
    assert access.chair_of(fairfield) == []


# --- Choosing at Account, Notifications ---------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_chooses_for_themselves(client_for, cast, role):
    client = client_for(role)
    url = reverse("schools:notifications")
    response = client.get(url)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client.post(url, {"notify_by": "weekly"}).status_code == 302
        return
    assert response.status_code == 200
    assert re.search(r'value="immediate"[^>]*checked', response.content.decode())
    response = client.post(url, {"notify_by": "weekly"}, follow=True)
    assert "weekly digest" in response.content.decode()
    cast[role].refresh_from_db()
    assert cast[role].notify_by == NotifyBy.WEEKLY
    others = [u for k, u in cast.items() if k not in (role, "anonymous")]
    assert all(u.notify_by == NotifyBy.IMMEDIATE for u in others)  # their own choice only


def test_the_account_menu_links_to_it(client_for):
    page = client_for("governor").get(reverse("home")).content.decode()
    assert f'href="{reverse("schools:notifications")}"' in page


@pytest.mark.parametrize("bad", [{}, {"notify_by": "hourly"}, {"notify_by": ""}])
def test_bad_input_is_refused_with_a_message_and_saves_nothing(client_for, cast, bad):
    response = client_for("head").post(reverse("schools:notifications"), bad)
    assert response.status_code == 200
    assert "Choose" in response.content.decode()
    cast["head"].refresh_from_db()
    assert cast["head"].notify_by == NotifyBy.IMMEDIATE


def test_choosing_straight_away_sends_what_waited_for_the_digest(client_for, cast):
    head = cast["head"]
    head.notify_by = NotifyBy.WEEKLY
    head.save()
    tell([head])
    client_for("head").post(reverse("schools:notifications"), {"notify_by": "immediate"})
    assert not Reminder.objects.filter(digest=True).exists()
    assert deliver_pending() == 1
    assert len(notices.messages_to(head)) == 1


# --- make run: links from the served address, what is due sent at start-up ---------------

RUN_DEV = Path(settings.BASE_DIR) / "scripts" / "run-dev"


def _base_url_for(env: dict) -> str:
    """The SYMPHONY_BASE_URL run-dev exports, from its own lines up to the export."""
    lines = RUN_DEV.read_text().splitlines()
    end = next(i for i, line in enumerate(lines) if line.startswith("export SYMPHONY_BASE_URL"))
    script = "\n".join(lines[: end + 1]) + '\necho "$SYMPHONY_BASE_URL"\n'
    script = script.replace('cd "$(dirname "$0")/.."', "")
    return subprocess.run(
        ["bash", "-c", script],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_run_dev_points_links_at_the_host_and_port_it_serves():
    assert _base_url_for({}) == "http://127.0.0.1:8000"
    assert _base_url_for({"HOST": "localhost", "PORT": "8123"}) == "http://localhost:8123"
    everywhere = {"HOST": "0.0.0.0", "PORT": "9000"}  # noqa: S104 - what run-dev is given
    assert _base_url_for(everywhere) == "http://127.0.0.1:9000"
    chosen = {"PORT": "9000", "SYMPHONY_BASE_URL": "https://portal.example.org"}
    assert _base_url_for(chosen) == "https://portal.example.org"


def test_run_dev_queues_the_reminder_runs_at_start_up(monkeypatch):
    assert "manage.py send_reminders_now" in RUN_DEV.read_text()
    from symphony.celery import app

    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, *a, **k: sent.append(name))
    call_command("send_reminders_now", stdout=io.StringIO())
    assert "schools.deliver_reminders" in sent
    assert "categorisation.send_reminders" in sent
    assert "schools.send_collection_reminders" in sent
    assert "schools.send_digests" not in sent  # the digest waits for its Monday
