from django.urls import path

from . import scc_views, views

app_name = "categorisation"
urlpatterns = [
    path("categorisation/", views.overview, name="overview"),
    path("categorisation/meetings/new/", views.meeting_new, name="meeting_new"),
    path("categorisation/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("categorisation/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path(
        "categorisation/meetings/<int:pk>/assess/<int:school_pk>/",
        views.assess,
        name="assess",
    ),
    path(
        "categorisation/meetings/<int:pk>/letters/",
        views.send_letters,
        name="send_letters",
    ),
    path("categorisation/letters/<int:pk>.pdf", views.letter, name="letter"),
    path("categorisation/schools/<int:pk>/", views.school_history, name="school"),
    path("categorisation/schools/<int:pk>/issues/", views.school_issues, name="school_issues"),
    path(
        "categorisation/issues/<int:pk>/resolve/",
        views.resolve_school_issue,
        name="resolve_school_issue",
    ),
    path("scc/", scc_views.case_list, name="scc"),
    path("scc/enter/", scc_views.enter, name="scc_enter"),
    path("scc/<int:pk>/", scc_views.case_detail, name="scc_case"),
    path("scc/<int:pk>/letter.pdf", scc_views.letter, name="scc_letter"),
    path("scc/<int:pk>/letters/", scc_views.issue_letter, name="scc_issue_letter"),
    path("scc/<int:pk>/letters/latest.pdf", scc_views.issued_letter, name="scc_issued_letter"),
    path("scc/documents/<int:pk>", scc_views.step_document, name="scc_document"),
]
