"""TDG deployments (School Improvement Strategy 2024-25, §5): the service's rules at their
boundaries, the audit trail, and each role's access to the pages."""

import datetime
import decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reviews.models import Action, TdgDeployment
from reviews.services import core_plans
from reviews.services import tdg as services
from schools.models import AuditEvent

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _without_the_demos(request, demo):
    """Tests build their own deployments (the demo's is checked on its own)."""
    if "demo" not in request.node.name:
        TdgDeployment.objects.all().delete()


@pytest.fixture
def plan_action(cast, this_year, school):
    def make(name="Glen Hills"):
        plan = core_plans.core_plan_for(school=school(name), academic_year=this_year)
        return Action.objects.create(core_plan=plan, source="monitoring", title=f"Maths {name}")

    return make


def _record(cast, tdg, named, **overrides):
    data = {
        "school": named("Glen Hills"),
        "practitioner": tdg,
        "specialism": "maths",
        "days": 4,
        "starts_on": TODAY,
        "ends_on": TODAY + datetime.timedelta(days=30),
        "by": cast["dop"],
    } | overrides
    return services.record_deployment(**data)


def _refused(field, cast, tdg, named, **overrides):
    before = TdgDeployment.objects.count()
    with pytest.raises(ValidationError) as exc:
        _record(cast, tdg, named, **overrides)
    assert field in exc.value.message_dict
    assert TdgDeployment.objects.count() == before
    return exc.value.message_dict[field][0]


def test_recorded_school_funded_by_default_and_audited(cast, tdg, school, plan_action):
    action = plan_action()
    d = _record(cast, tdg, school, action=action, days="0.5")
    assert d.school_funded is True
    assert d.days == decimal.Decimal("0.5")
    event = AuditEvent.objects.filter(action=AuditEvent.Action.TDG_DEPLOYMENT).latest("id")
    assert event.user == cast["dop"] and event.school == school("Glen Hills")
    assert "Maths" in event.detail and "0.5 days" in event.detail


def test_days_must_be_more_than_zero(cast, tdg, school):
    assert _refused("days", cast, tdg, school, days=0) == "Days must be more than 0."
    _refused("days", cast, tdg, school, days=-1)
    assert _record(cast, tdg, school, days="0.1").pk


def test_ends_on_or_after_it_starts(cast, tdg, school):
    message = _refused("ends_on", cast, tdg, school, ends_on=TODAY - datetime.timedelta(days=1))
    assert message == "The deployment cannot end before it starts."
    assert _record(cast, tdg, school, ends_on=TODAY).pk  # a single day


def test_action_must_be_the_schools_own(cast, tdg, school, plan_action):
    other = plan_action("Thornton")
    assert "Glen Hills" in _refused("action", cast, tdg, school, action=other)
    assert _record(cast, tdg, school, action=plan_action()).action_id


def test_who_is_a_tdg_practitioner_or_a_named_leader(cast, tdg, school):
    assert "not a TDG practitioner" in _refused(
        "practitioner", cast, tdg, school, practitioner=cast["head"]
    )
    _refused("practitioner", cast, tdg, school, practitioner=None)
    _refused("practitioner_name", cast, tdg, school, practitioner_name="A. Leader")
    d = _record(cast, tdg, school, practitioner=None, practitioner_name=" A. Leader ")
    assert d.who == "A. Leader"


def test_specialism_from_the_strategy(cast, tdg, school):
    _refused("specialism", cast, tdg, school, specialism="music")
    assert len(TdgDeployment.Specialism.choices) == 7


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ceo", 200),
        ("dop", 200),
        ("head", 200),
        ("cfo", 403),
        ("trustee", 403),
        ("governor", 403),
        ("reviewer", 403),
    ],
)
def test_list_access(client_for, role, status, cast, tdg, school):
    _record(cast, tdg, school)
    _record(cast, tdg, school, school=school("Thornton"))
    response = client_for(role).get(reverse("reviews:tdg"))
    assert response.status_code == status
    if role == "head":  # their own school's only
        text = response.content.decode()
        assert "Glen Hills" in text and "Thornton" not in text
        assert "Record TDG support" not in text


def test_list_totals_this_academic_year(client_for, cast, tdg, school):
    _record(cast, tdg, school, days="2.5")
    _record(cast, tdg, school, days=1)
    last_year = TODAY.replace(year=TODAY.year - 1)
    _record(cast, tdg, school, days=9, starts_on=last_year, ends_on=last_year)
    response = client_for("dop").get(reverse("reviews:tdg"))
    assert "3.5 days in" in response.content.decode()


@pytest.mark.parametrize("role", ["head", "cfo", "trustee", "reviewer"])
def test_only_ceo_and_dop_record(client_for, role):
    assert client_for(role).get(reverse("reviews:record_tdg")).status_code == 403


def test_record_through_the_form(client_for, tdg, school, plan_action):
    action = plan_action()
    client = client_for("ceo")
    form = {
        "school": school("Glen Hills").pk,
        "practitioner": tdg.pk,
        "specialism": "phonics",
        "days": "0",
        "starts_on": TODAY.isoformat(),
        "ends_on": TODAY.isoformat(),
        "school_funded": "on",
        "action": action.pk,
    }
    response = client.post(reverse("reviews:record_tdg"), form)
    assert "Days must be more than 0." in response.content.decode()
    assert not TdgDeployment.objects.exists()
    response = client.post(reverse("reviews:record_tdg"), form | {"days": "3"})
    assert response.status_code == 302
    assert TdgDeployment.objects.get().action == action


def test_core_plan_page_shows_the_schools_deployments(client_for, cast, tdg, school, plan_action):
    action = plan_action()
    _record(cast, tdg, school, action=action)
    url = reverse("reviews:core_plan", args=[action.core_plan_id])
    assert "TDG support deployed" in client_for("head").get(url).content.decode()
    assert "Test Maths Lead" in client_for("dop").get(url).content.decode()
    # A head of another school does not see the plan at all.
    other = plan_action("Thornton")
    _record(cast, tdg, school, school=school("Thornton"), action=other)
    other_url = reverse("reviews:core_plan", args=[other.core_plan_id])
    assert client_for("head").get(other_url).status_code == 404


def test_practitioner_sees_their_own_on_home_and_page(client, cast, tdg, school):
    from tests.conftest import sign_in

    _record(cast, tdg, school)
    _record(cast, tdg, school, practitioner=None, practitioner_name="Someone Else")
    sign_in(client, tdg)
    home = client.get("/").content.decode()
    assert "Maths support, 4 days" in home
    mine = client.get(reverse("reviews:my_tdg")).content.decode()
    assert "Glen Hills" in mine and "Someone Else" not in mine
    sign_in(client, cast["reviewer"])
    assert "Glen Hills" not in client.get(reverse("reviews:my_tdg")).content.decode()


def test_demo_has_a_deployment(demo):
    d = TdgDeployment.objects.get()
    assert d.practitioner.email == "tdg.maths@example.org"
    assert d.days == 4 and d.school_funded and d.action.core_plan.school == d.school
