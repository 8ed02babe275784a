"""Termly data pages and the dashboard: who sees what, the submission flow through the
entry form, and a fixed number of queries however many schools."""

import pytest
from django.urls import reverse

from schools.data.measures import expected_rows
from schools.models import Collection, Figure, School, Submission
from tests.conftest import ROLES

LOGIN = 302


@pytest.fixture
def open_collection(demo):
    return Collection.objects.order_by("-term__starts_on").first()


def _url(collection, school, fmt=None):
    if fmt:
        return reverse("schools:submission_template", args=[collection.pk, school.pk, fmt])
    return reverse("schools:submission", args=[collection.pk, school.pk])


PAGES = {
    #                anon   ceo  dop  cfo  head exec trustee gov reviewer
    # The reviewer reads Foxton's figures, on its review team ("other" is Foxton).
    "/data/": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
    "/data/collections/new/": (LOGIN, 200, 200, 200, 403, 403, 403, 403, 403),
    "collection": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
    "own submission": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 404),
    "other submission": (LOGIN, 200, 200, 200, 404, 404, 200, 404, 200),
    "own template": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 404),
    "/data/kpi-report/": (LOGIN, 200, 200, 200, 403, 403, 200, 403, 403),
    "/data/kpi-report.pdf": (LOGIN, 200, 200, 200, 403, 403, 200, 403, 403),
    "/data/kpi-report.csv": (LOGIN, 200, 200, 200, 403, 403, 200, 403, 403),
    "/data/kpi-report.xlsx": (LOGIN, 200, 200, 200, 403, 403, 200, 403, 403),
    "/data/kpi-report.exe": (LOGIN, 404, 404, 404, 403, 403, 404, 403, 403),
    "/api/tokens/": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
    "/": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
}
OWN = {"head": "Glen Hills", "exec_head": "Ashby Hastings", "governor": "Fairfield"}


def _resolve(page, role, collection, school):
    if page.startswith("/"):
        return page
    if page == "collection":
        return reverse("schools:collection", args=[collection.pk])
    which, kind = page.split(" ")
    target = school(OWN.get(role, "Glen Hills") if which == "own" else "Foxton")
    return _url(collection, target, "csv" if kind == "template" else None)


@pytest.mark.parametrize(
    ("path", "role", "status"),
    [(p, r, codes[i]) for p, codes in PAGES.items() for i, r in enumerate(ROLES)],
)
def test_page_access(client_for, open_collection, school, path, role, status):
    response = client_for(role).get(_resolve(path, role, open_collection, school))
    assert response.status_code == status


@pytest.mark.parametrize("role", ["trustee", "governor"])
def test_readers_cannot_change_a_schools_figures(client_for, open_collection, school, role):
    target = school(OWN.get(role, "Glen Hills"))
    before = Figure.objects.count()
    response = client_for(role).post(_url(open_collection, target), {"action": "save"})
    assert response.status_code == 403
    assert Figure.objects.count() == before


def test_a_head_cannot_post_for_another_school(client_for, open_collection, school):
    before = Figure.objects.count()
    response = client_for("head").post(_url(open_collection, school("Foxton")), {"action": "save"})
    assert response.status_code == 404
    assert Figure.objects.count() == before


def test_a_head_never_sees_another_schools_figures_or_name(client_for, open_collection):
    client = client_for("head")
    others = set(School.objects.values_list("name", flat=True)) - {"Glen Hills"}
    for path in [
        reverse("home"),
        reverse("schools:collections"),
        reverse("schools:collection", args=[open_collection.pk]),
    ]:
        content = client.get(path).content.decode()
        assert not [name for name in others if name in content], path


def _grid_post(collection, school, *, value="50", pupils="30", overrides=None):
    data = {"action": "save"}
    for i, key in enumerate(expected_rows(season=collection.season, phase=school.phase)):
        if key.measure in ("pira_average", "puma_average"):
            data[f"v{i}"] = "101"
        elif key.measure in ("pupils_on_roll",):
            data[f"v{i}"] = "300"
        elif key.measure in ("suspensions", "permanent_exclusions"):
            data[f"v{i}"] = "1"
        else:
            data[f"v{i}"] = value
        data[f"p{i}"] = pupils if key.group == "all" else "10"
    data.update(overrides or {})
    return data


def test_a_head_enters_saves_and_submits_their_figures(client_for, open_collection, school):
    glen_hills = school("Glen Hills")
    Submission.objects.filter(collection=open_collection, school=glen_hills).delete()
    client = client_for("head")
    response = client.post(
        _url(open_collection, glen_hills), _grid_post(open_collection, glen_hills)
    )
    assert response.status_code == 302
    submission = Submission.objects.get(collection=open_collection, school=glen_hills)
    assert submission.state == "draft"
    assert submission.figures.count() == len(
        expected_rows(season=open_collection.season, phase=glen_hills.phase)
    )
    client.post(_url(open_collection, glen_hills), {"action": "submit"})
    submission.refresh_from_db()
    assert submission.state == "submitted"


def test_bad_entries_are_all_reported_and_nothing_is_saved(client_for, open_collection, school):
    glen_hills = school("Glen Hills")
    Submission.objects.filter(collection=open_collection, school=glen_hills).delete()
    data = _grid_post(open_collection, glen_hills, overrides={"v1": "104", "v2": "lots"})
    response = client_for("head").post(_url(open_collection, glen_hills), data)
    assert response.status_code == 422
    problems = [str(p) for p in response.context["problems"]]
    assert len(problems) >= 2
    assert any("104" in p for p in problems) and any("lots" in p for p in problems)
    assert not Figure.objects.filter(
        submission__collection=open_collection, submission__school=glen_hills
    ).exists()


def test_an_upload_with_a_formula_lists_every_problem_and_focuses_the_list(
    client_for, open_collection, school
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    glen_hills = school("Glen Hills")
    Submission.objects.filter(collection=open_collection, school=glen_hills).delete()
    body = (
        "measure,year_group,subject,group,pupils,value\r\n"
        "overall_absence,,,all,412,=4.6\r\n"
        "no_such_measure,,,all,,1\r\n"
    )
    response = client_for("head").post(
        _url(open_collection, glen_hills),
        {"action": "upload", "file": SimpleUploadedFile("figures.csv", body.encode())},
    )
    assert response.status_code == 422
    assert [str(p) for p in response.context["problems"]] == [
        "Row 2, column value: Formulas are not accepted; type the number.",
        "Row 3, column measure: 'no_such_measure' is not a measure in the template.",
    ]
    # The list takes the focus when the page loads, so a keyboard or screen-reader user
    # lands on what to fix.
    assert b'id="problems" tabindex="-1" autofocus' in response.content
    assert not Submission.objects.filter(collection=open_collection, school=glen_hills).exists()


def test_submitting_an_incomplete_return_names_what_is_missing(client_for, open_collection, school):
    glen_hills = school("Glen Hills")
    Submission.objects.filter(collection=open_collection, school=glen_hills).delete()
    client = client_for("head")
    client.post(
        _url(open_collection, glen_hills),
        _grid_post(open_collection, glen_hills, overrides={"v0": ""}),
    )
    response = client.post(_url(open_collection, glen_hills), {"action": "submit"})
    assert "1 figure is still missing: Pupils on roll" in response.content.decode()
    assert Submission.objects.get(collection=open_collection, school=glen_hills).state == "draft"


def test_the_central_team_accepts_or_returns_with_a_reason(client_for, open_collection, school):
    submission = Submission.objects.filter(collection=open_collection, state="submitted").first()
    url = _url(open_collection, submission.school)
    response = client_for("cfo").post(url, {"action": "return", "reason": ""})
    assert "Say what needs correcting" in response.content.decode()
    client_for("cfo").post(url, {"action": "return", "reason": "Year 4 writing looks swapped."})
    submission.refresh_from_db()
    assert submission.state == "returned" and submission.editable
    assert client_for("head").post(url, {"action": "accept"}).status_code in (403, 404)


def test_benchmarking_names_schools_for_those_who_compare_them(client_for):
    rows = (
        client_for("ceo")
        .get(reverse("schools:benchmarking") + "?measure=overall_absence")
        .context["rows"]
    )
    assert all(r.school_id for r in rows)
    values = [r.value for r in rows]
    assert values == sorted(values)  # lower absence is better: best first


def test_a_head_sees_their_rank_but_not_other_schools_names(client_for):
    page = client_for("head").get(reverse("schools:benchmarking") + "?measure=overall_absence")
    rows = page.context["rows"]
    named = [r.label for r in rows if r.school_id]
    assert named == ["Glen Hills"]
    assert all(r.label.startswith("School ") for r in rows if not r.school_id)
    others = set(School.objects.values_list("name", flat=True)) - {"Glen Hills"}
    content = page.content.decode()
    assert not [name for name in others if name in content]


def test_the_trust_may_share_named_comparisons_with_heads(client_for, settings):
    settings.SYMPHONY_HEADS_SEE_NAMED_COMPARISONS = True
    rows = client_for("head").get(reverse("schools:benchmarking")).context["rows"]
    assert all(r.school_id for r in rows)


def test_benchmarking_is_refused_to_roles_without_school_data(client, demo):
    from schools.models import User

    # An account with no role reads no school's data (access denies by default).
    nobody = User.objects.create_user(email="nobody@example.org", password="x", full_name="No role")
    client.force_login(nobody)
    assert client.get(reverse("schools:benchmarking")).status_code == 403


def test_the_figures_read_as_numbers_grouped_by_family(client_for, open_collection, school):
    glen_hills = school("Glen Hills")
    submission = Submission.objects.get(collection=open_collection, school=glen_hills)
    Figure.objects.filter(submission=submission, measure="pupils_on_roll").update(value=262)
    Figure.objects.filter(submission=submission, measure="overall_absence", group="all").update(
        value="4.60", pupils=262
    )
    response = client_for("trustee").get(_url(open_collection, glen_hills))  # read only
    grid = response.context["grid"]
    families = list(dict.fromkeys(row.family for row in grid))
    assert families[0] == "Pupils and attendance"
    assert "Behaviour" in families and "On track by year group and subject" in families
    shown = {row.key.measure: row.shown for row in grid if row.key.group == "all"}
    assert shown["pupils_on_roll"] == "262"
    assert shown["overall_absence"] == "4.6%"
    page = response.content.decode()
    assert '<th scope="rowgroup" colspan="6" class="fw-semibold pt-3">Behaviour</th>' in page
    assert "262.00" not in page
