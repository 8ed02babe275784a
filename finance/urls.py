from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("finance/", views.overview, name="overview"),
    path("finance/central/", views.plan, name="central"),
    path("finance/schools/<int:pk>/", views.plan, name="school"),
    path("finance/import/", views.import_monthly, name="import"),
    path("finance/risks/", views.risk_registers, name="registers"),
    path("finance/risks/<int:pk>/", views.risk_register, name="register"),
]
