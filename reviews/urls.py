from django.urls import path

from .views import core_plans as plans
from .views import due, tdg, trust_plan
from .views import peer_reviews as reviews

app_name = "reviews"
urlpatterns = [
    path("reviews/", reviews.review_list, name="list"),
    path("reviews/plan/<int:school_pk>/", reviews.plan_review, name="plan"),
    path("reviews/trust-plan/", trust_plan.trust_plan, name="trust_plan"),
    path("reviews/due/", due.due_reviews, name="due"),
    path("reviews/record/", due.record_school_review, name="record_school_review"),
    path("reviews/<int:pk>/", reviews.review_detail, name="detail"),
    path("reviews/<int:pk>/edit/", reviews.edit_plan, name="edit"),
    path("reviews/<int:pk>/team/", reviews.add_member, name="add_member"),
    path("reviews/<int:pk>/team/invite/", reviews.invite_external, name="invite_external"),
    path(
        "reviews/<int:pk>/team/<int:member_pk>/remove/",
        reviews.remove_member,
        name="remove_member",
    ),
    path("reviews/<int:pk>/areas/new/", reviews.add_area, name="add_area"),
    path("reviews/<int:pk>/areas/<int:area_pk>/", reviews.record_findings, name="findings"),
    path("reviews/<int:pk>/areas/<int:area_pk>/remove/", reviews.remove_area, name="remove_area"),
    path("reviews/<int:pk>/overall/", reviews.record_overall, name="overall"),
    path("reviews/<int:pk>/advance/", reviews.advance, name="advance"),
    path("reviews/<int:pk>/priorities/", reviews.propose_priorities, name="priorities"),
    path("reviews/<int:pk>/publish/", reviews.publish, name="publish"),
    path("reviews/<int:pk>/report/", reviews.report_html, name="report"),
    path("reviews/<int:pk>/report.pdf", reviews.report_pdf, name="report_pdf"),
    path("reviews/<int:pk>/report/regenerate/", reviews.regenerate_report, name="regenerate"),
    path("core-plans/", plans.core_plan_list, name="core_plans"),
    path("core-plans/overdue/", plans.overdue, name="overdue"),
    path("core-plans/start/<int:school_pk>/", plans.start_core_plan, name="start_core_plan"),
    path("core-plans/<int:pk>/", plans.core_plan_detail, name="core_plan"),
    path("core-plans/<int:pk>/print/", plans.core_plan_html, name="core_plan_print"),
    path("core-plans/<int:pk>/core-plan.pdf", plans.core_plan_pdf, name="core_plan_pdf"),
    path("core-plans/<int:pk>/actions/new/", plans.add_action, name="add_action"),
    path("actions/<int:pk>/", plans.action_detail, name="action"),
    path("actions/<int:pk>/edit/", plans.edit_action, name="edit_action"),
    path("actions/<int:pk>/accept/", plans.accept_action, name="accept_action"),
    path("actions/<int:pk>/notes/", plans.add_note, name="add_note"),
    path("actions/<int:pk>/close/", plans.close_action, name="close_action"),
    path("tdg/", tdg.deployment_list, name="tdg"),
    path("tdg/record/", tdg.record_deployment, name="record_tdg"),
    path("tdg/mine/", tdg.my_deployments, name="my_tdg"),
]
