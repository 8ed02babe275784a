"""Bodies outside the trust involved with a school causing concern, as records (School
Improvement Strategy 2024-25, §6, level 4, by the DfE's current names: a Regional Director,
a RISE team in its tier, the local authority), and the level-2 discussion with the head."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from categorisation import scc
from categorisation.models import SccCase, SccInvolvement, SccStep
from schools.models import AuditEvent

Body, Tier = SccInvolvement.Body, SccInvolvement.Tier


@pytest.fixture
def case(cast, school):
    return scc.enter_scc(
        school=school("Fairfield"),
        trigger=SccCase.Trigger.TRUST_CONCERN,
        reason="Safeguarding records incomplete at the audit.",
        by=cast["ceo"],
        opened_on=datetime.date(2026, 9, 10),
    )


def record(case, cast, **data):
    values = {
        "body": Body.RISE,
        "body_name": "",
        "tier": Tier.TARGETED,
        "started_on": datetime.date(2026, 10, 1),
        "ended_on": None,
        "notes": "RISE adviser visits fortnightly; contact via the regional office.",
        **data,
    }
    return scc.record_involvement(case=case, data=values, by=cast["dop"])


def test_a_rise_team_is_recorded_with_its_tier_and_audited(case, cast):
    involvement = record(case, cast)
    assert (involvement.body, involvement.tier, involvement.current) == ("rise", "targeted", True)
    event = AuditEvent.objects.filter(
        action=AuditEvent.Action.SCC_INVOLVEMENT, school=case.school
    ).get()
    assert (event.user, event.school) == (cast["dop"], case.school)
    assert "RISE team" in event.detail and "targeted tier" in event.detail


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"tier": ""}, "tier", "Choose the RISE team's tier"),
        ({"body": Body.LOCAL_AUTHORITY}, "tier", "Only a RISE team has a tier"),
        ({"body": Body.OTHER, "tier": "", "body_name": "  "}, "body_name", "Name the body"),
        ({"started_on": datetime.date(2026, 9, 9)}, "started_on", "The case opened on 10 Sep"),
        ({"ended_on": datetime.date(2026, 9, 30)}, "ended_on", "cannot end before it starts"),
    ],
)
def test_bad_involvement_is_refused_with_its_reason_and_saves_nothing(
    case, cast, data, field, words
):
    with pytest.raises(ValidationError) as refused:
        record(case, cast, **data)
    assert any(words in m for m in refused.value.message_dict[field])
    assert not case.involvements.exists()


def test_the_edges_are_accepted(case, cast):
    # From the day the case opened; ending the day it started.
    on = datetime.date(2026, 9, 10)
    regional = record(case, cast, body=Body.REGIONAL_DIRECTOR, tier="", started_on=on, ended_on=on)
    assert regional.ended_on == on and not regional.current
    other = record(case, cast, body=Body.OTHER, tier="", body_name="Diocese of Leicester")
    assert str(other).endswith("Other body (Diocese of Leicester)")


def test_an_involvement_ends_once_on_or_after_its_start(case, cast):
    involvement = record(case, cast)
    with pytest.raises(ValidationError, match="on or after 1 October 2026"):
        scc.end_involvement(
            involvement=involvement, ended_on=datetime.date(2026, 9, 30), by=cast["dop"]
        )
    scc.end_involvement(
        involvement=involvement, ended_on=datetime.date(2026, 10, 1), by=cast["dop"]
    )
    with pytest.raises(ValidationError, match="already ended on 1 October 2026"):
        scc.end_involvement(
            involvement=involvement, ended_on=datetime.date(2026, 11, 1), by=cast["dop"]
        )
    involvement.refresh_from_db()
    assert involvement.ended_on == datetime.date(2026, 10, 1)
    events = AuditEvent.objects.filter(
        action=AuditEvent.Action.SCC_INVOLVEMENT, school=case.school
    ).order_by("pk")
    ended = events.last()
    assert "involvement ended 1 Oct 2026" in ended.detail


def test_a_closed_case_takes_no_new_involvement(case, cast):
    scc.exit_scc(case=case, held_on=datetime.date(2026, 11, 1), notes="Done.", by=cast["ceo"])
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="This case is closed"):
        record(case, cast)


def _post(client, case, **data):
    return client.post(reverse("categorisation:scc_case", args=[case.pk]), data)


FORM = {
    "action": "involvement",
    "involvement-body": "rise",
    "involvement-tier": "intervention",
    "involvement-started_on": "2026-10-01",
    "involvement-notes": "Intervention tier: <b>weekly</b> visits.",
}


def test_the_dop_records_it_on_the_case_page_and_the_school_reads_it(case, client_for):
    response = _post(client_for("dop"), case, **FORM)
    assert response.status_code == 302
    assert case.involvements.get().tier == "intervention"
    # The school's governor reads the case with its involvement, escaped, and no form.
    page = client_for("governor").get(reverse("categorisation:scc_case", args=[case.pk]))
    html = page.content.decode()
    assert "intervention tier" in html
    assert "&lt;b&gt;weekly&lt;/b&gt;" in html
    assert "Record a body" not in html


def test_the_page_names_what_is_wrong_and_saves_nothing(case, client_for):
    response = _post(client_for("dop"), case, **{**FORM, "involvement-tier": ""})
    assert response.status_code == 200
    assert "Choose the RISE team&#x27;s tier" in response.content.decode()
    assert not case.involvements.exists()


@pytest.mark.parametrize(("role", "status"), [("cfo", 403), ("trustee", 403), ("governor", 403)])
def test_only_the_ceo_and_dop_record_involvement(case, client_for, role, status):
    assert _post(client_for(role), case, **FORM).status_code == status
    assert not case.involvements.exists()


def test_another_schools_head_gets_404(case, client_for):
    assert _post(client_for("head"), case, **FORM).status_code == 404


def test_the_end_is_recorded_on_the_page(case, cast, client_for):
    involvement = record(case, cast)
    response = _post(
        client_for("ceo"),
        case,
        action="end_involvement",
        involvement=involvement.pk,
        ended_on="2026-11-20",
    )
    assert response.status_code == 302
    involvement.refresh_from_db()
    assert involvement.ended_on == datetime.date(2026, 11, 20)


def test_moving_up_from_level_2_needs_the_discussion_with_the_head(case, cast):
    today = datetime.date(2026, 10, 20)
    done = {"who": "Demo CEO", "done_on": today, "evidence": "Minuted."}
    scc.record_monitoring(
        case=case,
        outcome="insufficient",
        held_on=today,
        notes="",
        steps={k: done for k in scc.REQUIRED_STEPS[1]},
        by=cast["ceo"],
    )
    without = {k: done for k in scc.REQUIRED_STEPS[2] if k != SccStep.Key.CONCERNS_WITH_HEAD}
    with pytest.raises(ValidationError, match="Concerns discussed with the head teacher"):
        scc.record_monitoring(
            case=case,
            outcome="insufficient",
            held_on=today,
            notes="",
            steps=without,
            by=cast["ceo"],
        )


def test_the_demo_case_shows_the_local_authority_involved(client_for):
    foxton = SccCase.objects.get(school__name="Foxton")
    page = client_for("ceo").get(reverse("categorisation:scc_case", args=[foxton.pk]))
    assert "Local authority</strong> (the county council" in page.content.decode()


def test_the_case_page_has_no_two_fields_of_the_same_id(case, client_for):
    import re

    html = client_for("dop").get(reverse("categorisation:scc_case", args=[case.pk])).content
    ids = re.findall(r'\sid="([^"]+)"', html.decode())
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
