"""Bad input gets a clear, specific message and saves nothing."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from schools.models import OfstedInspection, School


def legacy(**extra):
    return {
        "framework": "legacy",
        "inspection_type": "graded",
        "year": 2023,
        "overall_grade": "2",
        **extra,
    }


def report_card(**extra):
    data = {
        "framework": "report_card",
        "inspection_type": "report_card",
        "year": 2026,
        "inspected_on": "2026-01-20",
        "safeguarding_met": "true",
    }
    for area in [
        "inclusion",
        "curriculum_and_teaching",
        "achievement",
        "attendance_and_behaviour",
        "personal_development",
        "leadership_and_governance",
    ]:
        data[area] = "3"
    data.update(extra)
    return data


def post_inspection(client, school, data):
    return client.post(reverse("schools:inspection_add", args=[school.pk]), data)


def test_ceo_records_a_legacy_inspection(client_for, school):
    foxton = school("Foxton")
    response = post_inspection(client_for("ceo"), foxton, legacy())
    assert response.status_code == 302
    assert foxton.inspections.filter(year=2023, overall_grade=2).exists()


def test_dop_records_a_report_card(client_for, school):
    foxton = school("Foxton")
    response = post_inspection(
        client_for("dop"), foxton, report_card(achievement="5", safeguarding_met="false")
    )
    assert response.status_code == 302
    inspection = foxton.inspections.get(framework="report_card")
    assert inspection.causes_concern
    assert inspection.overall_grade is None
    page = client_for("dop").get(reverse("schools:detail", args=[foxton.pk])).content.decode()
    assert "Urgent improvement" in page and "Not met" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (legacy(overall_grade=""), "A graded or ungraded inspection needs its grade."),
        (legacy(inclusion="2"), "graded on report cards only"),
        (legacy(inspected_on="2022-05-01"), "The date must fall in the year given."),
        (legacy(overall_grade="7"), "Select a valid choice"),
        (legacy(year="nineteen"), "Enter a whole number"),
        (report_card(achievement=""), "Every evaluation area needs a grade on a report card."),
        (report_card(overall_grade="2"), "Report cards have no single overall grade"),
        (report_card(safeguarding_met=""), "Say whether safeguarding was met."),
        (
            report_card(inspected_on="2025-06-01", year=2025),
            "Report-card inspections began on 10 November 2025.",
        ),
    ],
)
def test_bad_inspection_is_explained_and_not_saved(client_for, school, data, message):
    foxton = school("Foxton")
    before = foxton.inspections.count()
    response = post_inspection(client_for("ceo"), foxton, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert foxton.inspections.count() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("urn", "12ab", "A URN is six digits"),
        ("dfe_number", "8552001", "A DfE number is the local-authority code"),
        ("pupils_on_roll", "-3", "greater than or equal to 0"),
        ("name", "Newcroft", "School with this Name already exists."),
    ],
)
def test_bad_school_value_is_explained_and_not_saved(client_for, school, field, value, message):
    foxton = school("Foxton")
    data = {
        "name": "Foxton",
        "hub": foxton.hub_id,
        "phase": "primary",
        "status": "member",
        field: value,
    }
    response = client_for("ceo").post(reverse("schools:edit", args=[foxton.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    foxton.refresh_from_db()
    assert foxton.name == "Foxton" and foxton.urn is None and foxton.pupils_on_roll is None


def test_good_school_edit_saves(client_for, school):
    foxton = school("Foxton")
    data = {
        "name": "Foxton",
        "hub": foxton.hub_id,
        "phase": "primary",
        "status": "member",
        "urn": "120001",
        "pupils_on_roll": "210",
    }
    assert (
        client_for("dop").post(reverse("schools:edit", args=[foxton.pk]), data).status_code == 302
    )
    foxton.refresh_from_db()
    assert (foxton.urn, foxton.pupils_on_roll) == ("120001", 210)


def test_database_refuses_a_report_card_with_an_overall_grade(school):
    with pytest.raises(IntegrityError), transaction.atomic():
        OfstedInspection.objects.create(
            school=school("Foxton"),
            year=2026,
            framework="report_card",
            inspection_type="report_card",
            overall_grade=2,
            safeguarding_met=True,
            inclusion=3,
            curriculum_and_teaching=3,
            achievement=3,
            attendance_and_behaviour=3,
            personal_development=3,
            leadership_and_governance=3,
        )


def test_database_refuses_a_legacy_inspection_with_area_grades(school):
    with pytest.raises(IntegrityError), transaction.atomic():
        OfstedInspection.objects.create(
            school=school("Foxton"),
            year=2020,
            framework="legacy",
            inspection_type="graded",
            overall_grade=2,
            inclusion=3,
        )


def test_bad_login_says_so(client, demo):
    response = client.post(reverse("login"), {"username": "ceo@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct e-mail address and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_is_case_insensitive_on_email(client, demo):
    response = client.post(
        reverse("login"), {"username": "CEO@Example.org", "password": "symphony-demo"}
    )
    assert response.status_code == 302


def test_user_text_is_escaped(client_for, school):
    foxton = school("Foxton")
    School.objects.filter(pk=foxton.pk).update(lgb_chair="<script>alert(1)</script>")
    content = client_for("ceo").get(reverse("schools:detail", args=[foxton.pk])).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
