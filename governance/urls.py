from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("governance/", views.overview, name="overview"),
    path("governance/bodies/<int:pk>/", views.body_detail, name="body"),
    path("governance/interests/", views.interests, name="interests"),
    path("governance/interests.<str:fmt>", views.interests_export, name="interests_export"),
    path("governance/skills-audit/", views.skills_audit, name="skills_audit"),
    path("governance/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("governance/meetings/<int:pk>/minutes", views.meeting_minutes, name="minutes"),
    path("governance/lgb-visits/", views.lgb_visits, name="lgb_visits"),
]
