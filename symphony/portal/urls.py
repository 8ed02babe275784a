from django.urls import path

from . import api, views

app_name = "portal"
urlpatterns = [
    path("data/kpi-report/", views.kpi_report_page, name="kpi_report"),
    path("data/kpi-report.<str:fmt>", views.kpi_report_download, name="kpi_report_download"),
    path(
        "data/collections/<int:pk>/kpi-report/send/",
        views.send_board_report,
        name="send_board_report",
    ),
    path("data/collections/<int:pk>/kpi-report.pdf", views.board_report, name="board_report"),
    path("api/v1/", api.index, name="api_root"),
    path("api/v1/openapi.json", api.openapi, name="api_schema"),
    path("api/v1/schools", api.schools, name="api_schools"),
    path("api/v1/collections", api.collections, name="api_collections"),
    path("api/v1/measures", api.measures, name="api_measures"),
    path("api/v1/figures", api.figures, name="api_figures"),
    path("api/v1/trust", api.trust, name="api_trust"),
]
