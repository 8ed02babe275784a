from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("finance/", views.overview, name="overview"),
    path("finance/central/", views.plan, name="central"),
    path("finance/schools/<int:pk>/", views.plan, name="school"),
    path("finance/import/", views.import_monthly, name="import"),
    path("finance/import/template.csv", views.import_template, name="import_template"),
    path("finance/estates/", views.estates, name="estates"),
    path("finance/estates/<int:pk>/", views.project, name="project"),
    path("finance/estates/report/", views.estates_report, name="estates_report"),
    path("finance/estates/report.pdf", views.estates_report_pdf, name="estates_report_pdf"),
    path("finance/estates/report/send/", views.send_estates_report, name="send_estates_report"),
    path("finance/estates/report/sent.pdf", views.sent_estates_report, name="sent_estates_report"),
    path("finance/procurement/", views.procurement, name="procurement"),
    path("finance/risks/", views.risk_registers, name="registers"),
    path("finance/risks/<int:pk>/", views.risk_register, name="register"),
]
