from django.urls import path

from . import views

app_name = "schools"
urlpatterns = [
    path("schools/", views.school_list, name="list"),
    path("schools/<int:pk>/", views.school_detail, name="detail"),
    path("schools/<int:pk>/edit/", views.school_edit, name="edit"),
    path("schools/<int:pk>/inspections/new/", views.inspection_add, name="inspection_add"),
    path("calendar/", views.calendar_view, name="calendar"),
]
