"""The central team maintains every record of the portal's apps in the admin site: each
model's list opens, searches, and decisions appended in the portal are read-only there."""

import pytest
from django.contrib import admin
from django.urls import reverse

APPS = {"schools", "categorisation", "reviews", "governance", "finance"}
MODELS = sorted(
    (m._meta.app_label, m._meta.model_name)
    for m in admin.site._registry
    if m._meta.app_label in APPS
)


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_the_central_team_opens_and_searches_every_list(client_for, app, model):
    client = client_for("cfo")
    changelist = reverse(f"admin:{app}_{model}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist + "?q=Foxton").status_code == 200


@pytest.mark.parametrize("model", ["assessment", "sccmove"])
def test_decisions_cannot_be_added_or_changed_in_the_admin(client_for, model):
    assert client_for("cfo").get(reverse(f"admin:categorisation_{model}_add")).status_code == 403
