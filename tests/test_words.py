"""Words people read: what the screen reader says, what the admin site calls things, and
what the school page says when another part of the portal knows better."""

import re

from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse

from schools.models import School


def test_a_figure_about_the_same_as_national_is_read_out_in_plain_words():
    html = render_to_string(
        "includes/versus.html", {"cell": {"value": 5.0, "against_national": "about"}}
    )
    assert "(about the same as national)" in html and "about than" not in html
    html = render_to_string(
        "includes/versus.html", {"cell": {"value": 5.0, "against_national": "better"}}
    )
    assert "(better than national)" in html


def test_the_admin_site_names_its_lists_properly():
    names = {str(m._meta.verbose_name_plural) for m in admin.site._registry}
    assert {"bodies", "SCC cases", "SCC moves", "SCC letters", "Ofsted inspections"} <= names
    assert not [n for n in names if n.endswith("ys") or n.startswith(("scc ", "ofsted "))]


def test_core_plan_headings_keep_their_capitals(client_for):
    from reviews.models import Action

    action = Action.objects.filter(source=Action.Source.OFSTED).select_related("core_plan").first()
    assert action is not None
    page = client_for("ceo").get(reverse("reviews:core_plan", args=[action.core_plan_id]))
    text = page.content.decode()
    assert ">Ofsted inspection</h2>" in text and "ofsted inspection" not in text


def test_the_school_page_gives_the_roll_the_head_submitted(client_for, demo):
    from schools.models import Figure

    roll = (
        Figure.objects.filter(measure="pupils_on_roll", group="all", year_group=0)
        .exclude(submission__state="draft")
        .select_related("submission__school", "submission__collection__term")
        .order_by("-submission__collection__deadline")
        .first()
    )
    school = roll.submission.school
    School.objects.filter(pk=school.pk).update(pupils_on_roll=None, lgb_chair="")
    text = client_for("ceo").get(reverse("schools:detail", args=[school.pk])).content.decode()
    details = text[text.index(">Details</h2>") :]
    assert re.search(rf"Pupils on roll</dt><dd[^>]*>{int(roll.value)} ", details)
    assert "Chair of governors" not in details  # the LGB panel names the chair
