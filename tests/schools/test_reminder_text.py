"""Every reminder reads alike: one wording for due and overdue, a greeting, the page to act
on as an address that opens from an e-mail, and who sent it (schools.reminders)."""

import datetime

from schools.reminders import absolute_link, compose, due_message

DAY = datetime.date(2026, 12, 3)


def test_due_and_overdue_are_worded_one_way(settings):
    settings.SYMPHONY_TRUST_NAME = "Symphony Learning Trust"
    subject, body = due_message(
        what="Foxton's risk register review", due_on=DAY, overdue=False, link="https://x/r/1/"
    )
    assert subject == "Due by 3 December 2026: Foxton's risk register review"
    assert body.startswith("Hello,\n\nFoxton's risk register review is due by Thursday 3 ")
    assert body.endswith(
        "\n\nhttps://x/r/1/\n\nSymphony, Symphony Learning Trust's school-improvement portal\n"
    )
    subject, body = due_message(what="the plan", due_on=DAY, overdue=True, details=["Owner: A."])
    assert subject == "Overdue: the plan (due 3 December 2026)"
    assert "The plan is overdue since Thursday 3 December 2026.\nOwner: A.\n" in body


def test_a_body_without_a_page_has_no_empty_link():
    assert compose("One line.").count("\n\n") == 2  # greeting, line, sign-off


def test_links_open_from_an_e_mail(settings):
    settings.SYMPHONY_BASE_URL = "https://symphony.example.org"
    assert absolute_link("schools:detail", pk=3) == "https://symphony.example.org/schools/3/"
