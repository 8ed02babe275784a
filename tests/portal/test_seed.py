from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from reviews.models import PeerReview
from schools.models import AcademicYear, HalfTerm, OfstedInspection, School, Term, User


def snapshot():
    return {
        "schools": sorted(School.objects.values_list("name", "hub__name", "joined_on", "status")),
        "inspections": sorted(
            OfstedInspection.objects.values_list("school__name", "year", "overall_grade")
        ),
        "reviews": sorted(
            PeerReview.objects.values_list("school__name", "year", "overall_outcome")
        ),
        "users": sorted(User.objects.values_list("email", "role", "is_staff")),
        "links": sorted(User.schools.through.objects.values_list("user__email", "school__name")),
        "calendar": (AcademicYear.objects.count(), Term.objects.count(), HalfTerm.objects.count()),
    }


def test_seed_demo_twice_gives_the_same_data(demo, capsys):
    before = snapshot()
    call_command("seed_demo")
    assert snapshot() == before
    assert "15 schools" in capsys.readouterr().out


def test_demo_trust_has_the_real_results(demo):
    assert School.objects.count() == 15
    newcroft = School.objects.get(name="Newcroft")
    assert newcroft.latest_inspection().summary == "Outstanding 2025"
    assert newcroft.peer_reviews.first().summary == "Outstanding 2024"
    assert School.objects.get(name="Glen Hills").peer_reviews.first().summary == "Good 2025"
    for name in ("The Hall", "Hugglescote", "Thythorn Field"):
        assert not PeerReview.objects.filter(school__name=name).exists()


def test_demo_accounts_sign_in_with_the_demo_password(client, demo):
    for email in ["ceo@example.org", "exec.head@example.org", "reviewer@example.org"]:
        assert client.login(
            # The lock-out backend needs the request a real sign-in has.
            request=RequestFactory().post(reverse("login")),
            username=email,
            password="symphony-demo",
        ), email


def test_demo_links(demo):
    assert set(
        User.objects.get(email="exec.head@example.org").schools.values_list("name", flat=True)
    ) == {"Ashby Willesley", "Ashby Hastings"}
    assert User.objects.get(email="cfo@example.org").is_staff
    assert not User.objects.get(email="ceo@example.org").is_staff
