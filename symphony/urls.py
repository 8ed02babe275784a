"""The root URL conf: part of the roof (docs/architecture.md), so it may import any app."""

from django.contrib import admin
from django.urls import include, path

from schools import mfa_views, password_reset
from symphony import views
from symphony.portal import views as portal_views

admin.site.site_header = "Symphony administration"
admin.site.site_title = "Symphony admin"
admin.site.index_title = "Central team: records and settings"

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("accounts/mfa/", mfa_views.verify, name="mfa_verify"),
    path("accounts/mfa/setup/", mfa_views.setup, name="mfa_setup"),
    path("accounts/mfa/recovery-codes/", mfa_views.recovery_codes, name="mfa_recovery"),
    # Before Django's own: throttled, and the e-mail sent by a task (schools.password_reset).
    path("accounts/password_reset/", password_reset.password_reset, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("", include("symphony.portal.urls")),
    path("", include("schools.urls")),
    path("", include("categorisation.urls")),
    path("", include("reviews.urls")),
    path("", include("governance.urls")),
    path("", include("finance.urls")),
]

handler400 = "symphony.views.bad_request"
handler403 = "symphony.views.permission_denied"
handler404 = "symphony.views.page_not_found"
handler500 = "symphony.views.server_error"
