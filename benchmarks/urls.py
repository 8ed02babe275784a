"""The project's URLs plus one bare authenticated view: the yardstick every page's time
is divided by. It passes through the same middleware (session, authentication, CSRF,
CSP...) and does nothing else, so a page's ratio is what its own work costs."""

from django.http import HttpResponse
from django.urls import path

from symphony.urls import (  # noqa: F401 - the error handlers must be in this module
    handler400,
    handler403,
    handler404,
    handler500,
)
from symphony.urls import urlpatterns as project_urlpatterns


def bare(request):
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [path("__bench__/bare/", bare, name="bench_bare"), *project_urlpatterns]
