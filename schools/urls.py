from django.urls import path

from . import views
from .data import views as data_views

app_name = "schools"
urlpatterns = [
    path("schools/", views.school_list, name="list"),
    path("schools/<int:pk>/", views.school_detail, name="detail"),
    path("schools/<int:pk>/edit/", views.school_edit, name="edit"),
    path("schools/<int:pk>/inspections/new/", views.inspection_add, name="inspection_add"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("calendar/feed/", views.calendar_feed, name="calendar_feed"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed_ics, name="feed_ics"),
    path("reminders/", views.reminder_list, name="reminders"),
    path("audit/", views.audit_log, name="audit"),
    path("privacy/", views.privacy, name="privacy"),
    path("accounts/notifications/", views.notifications, name="notifications"),
    path("data/", data_views.collection_list, name="collections"),
    path("api/tokens/", data_views.api_tokens, name="api_tokens"),
    path("data/benchmarking/", data_views.benchmarking_page, name="benchmarking"),
    path("data/collections/new/", data_views.collection_new, name="collection_new"),
    path("data/collections/<int:pk>/", data_views.collection_detail, name="collection"),
    path(
        "data/collections/<int:pk>/schools/<int:school_pk>/",
        data_views.submission_detail,
        name="submission",
    ),
    path(
        "data/collections/<int:pk>/schools/<int:school_pk>/template.<str:fmt>",
        data_views.submission_template,
        name="submission_template",
    ),
]
