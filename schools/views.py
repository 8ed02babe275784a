from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from symphony import ical

from . import access, credentials, selectors, services
from .access import Perm
from .calendar import Calendar, academic_start_year
from .forms import InspectionForm, NotificationsForm, SchoolForm
from .models import AcademicYear, AuditEvent, CalendarFeed, NotifyBy, Reminder


def school_list(request):
    if not access.holds(request.user, Perm.VIEW_SCHOOL):
        raise PermissionDenied("Your role does not include the list of schools.")
    filterset, schools = selectors.school_list(user=request.user, params=request.GET)
    return render(
        request,
        "schools/school_list.html",
        {
            "filter": filterset,
            "schools": schools,
            "can_see_all": access.allowed(request.user, Perm.VIEW_SCHOOL),
        },
    )


def school_detail(request, pk):
    school = selectors.school_detail(user=request.user, pk=pk)
    return render(
        request,
        "schools/school_detail.html",
        {
            "school": school,
            "can_change": access.allowed(request.user, Perm.CHANGE_SCHOOL, school),
            "submitted_roll": selectors.submitted_roll(school),
        },
    )


@require_http_methods(["GET", "POST"])
def school_edit(request, pk):
    school = access.get_school(request.user, pk, change=True)
    form = SchoolForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        services.update_school(school=school, data=form.cleaned_data)
        messages.success(request, f"{school.name} was updated.")
        return redirect("schools:detail", pk=school.pk)
    return render(request, "schools/school_form.html", {"school": school, "form": form})


@require_http_methods(["GET", "POST"])
def inspection_add(request, pk):
    school = access.get_school(request.user, pk, change=True)
    form = InspectionForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            services.record_inspection(school=school, data=data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"The inspection was added to {school.name}'s history.")
            return redirect("schools:detail", pk=school.pk)
    return render(request, "schools/inspection_form.html", {"school": school, "form": form})


def calendar_view(request):
    if not access.holds(request.user, Perm.VIEW_CALENDAR):
        raise PermissionDenied("Your role does not give access to the calendar.")
    today = timezone.localdate()
    cal = Calendar.load()
    years = AcademicYear.objects.filter(start_year__gte=academic_start_year(today) - 1)
    terms_by_year = {}
    for term in cal.terms:
        terms_by_year.setdefault(term.academic_year_id, []).append(term)
    halves_by_term = {}
    for half in cal.half_terms:
        halves_by_term.setdefault(half.term_id, []).append(half)
    rows = [
        (year, [(term, halves_by_term.get(term.pk, [])) for term in terms_by_year.get(year.pk, [])])
        for year in years
    ]
    return render(
        request,
        "schools/calendar.html",
        {
            "rows": rows,
            "today": today,
            "term": cal.term_on(today),
            "current_term": cal.term_on_or_next(today),
            "half_term": cal.half_term_on(today),
            "next_term": cal.next_term_after(today),
            "next_half_term": cal.next_half_term_after(today),
        },
    )


# --- The private calendar feed (iCalendar) ------------------------------------------------


@require_http_methods(["GET", "POST"])
def calendar_feed(request):
    """Show the user's private feed address; POST resets it (the old one stops working)."""
    if not access.holds(request.user, Perm.VIEW_CALENDAR):
        raise PermissionDenied("Your role does not give access to the calendar.")
    feed, _ = CalendarFeed.objects.get_or_create(user=request.user)
    if request.method == "POST":
        services.reset_calendar_feed(feed=feed)
        messages.success(request, "Your calendar address was reset; the old one no longer works.")
        return redirect("schools:calendar_feed")
    url = request.build_absolute_uri(reverse("schools:feed_ics", kwargs={"token": feed.token}))
    return render(
        request, "schools/calendar_feed.html", {"feed_url": url, "last_read": feed.last_read_at}
    )


@login_not_required
@never_cache
def calendar_feed_ics(request, token):
    """The feed itself: calendar programs cannot sign in, so the private token in the
    address stands for the user. A wrong or reset token answers 404."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None or not access.holds(feed.user, Perm.VIEW_CALENDAR):
        raise Http404("No such calendar.")
    credentials.mark_used(
        feed,
        field="last_read_at",
        action=AuditEvent.Action.FEED_READ,
        request=request,
        detail="Calendar feed",
        path=reverse("schools:feed_ics", kwargs={"token": "(private)"}),  # its secret
    )
    events = []
    for source in settings.SYMPHONY_CALENDAR_FEED_SOURCES:
        events += import_string(source)(feed.user)
    body = ical.calendar(events, name=f"Symphony: {feed.user.full_name or feed.user.email}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="symphony.ics"'
    return response


def reminder_list(request):
    """Every reminder the portal has queued or sent, newest first (the reminders log)."""
    if not access.allowed(request.user, Perm.VIEW_REMINDERS):
        raise PermissionDenied("Your role does not include the reminders log.")
    topic = request.GET.get("topic", "")
    state = request.GET.get("state", "")
    reminders = Reminder.objects.select_related("school")
    if topic:
        reminders = reminders.filter(topic=topic)
    if state in Reminder.State.values:
        reminders = reminders.filter(state=state)
    else:
        state = ""
    paginator = Paginator(reminders, 50)
    page = paginator.get_page(request.GET.get("page"))
    topics = Reminder.objects.order_by("topic").values_list("topic", flat=True).distinct()
    # What could not be sent, above the log: given up (someone must act) and being retried.
    failing = Reminder.objects.aggregate(
        given_up=Count("pk", filter=Q(state=Reminder.State.GIVEN_UP)),
        retrying=Count("pk", filter=Q(state=Reminder.State.PENDING, attempts__gt=0)),
    )
    return render(
        request,
        "schools/reminder_list.html",
        {
            "page": page,
            "topics": list(topics),
            "topic": topic,
            "states": Reminder.State.choices,
            "state": state,
            "max_attempts": settings.SYMPHONY_REMINDER_MAX_ATTEMPTS,
            **failing,
        },
    )


@access.require(Perm.VIEW_AUDIT)
def audit_log(request):
    """The audit trail, newest first, read-only: filter by what happened, by who, by school,
    and by record (the history of one record changed in the admin site)."""
    action = request.GET.get("action", "")
    action = action if action in AuditEvent.Action.values else ""
    school = request.GET.get("school", "")
    school = school if school.isdigit() else ""
    filters = {
        "action": action,
        "who": request.GET.get("who", "").strip()[:254],
        "school": school,
        "record": request.GET.get("record", "").strip()[:100],
        "id": request.GET.get("id", "").strip()[:64],
    }
    events = AuditEvent.objects.all()
    if filters["action"]:
        events = events.filter(action=filters["action"])
    if filters["who"]:
        events = events.filter(user_email__icontains=filters["who"])
    if filters["school"]:
        events = events.filter(school_id=int(filters["school"]))
    if filters["record"]:
        events = events.filter(record_type=filters["record"])
        if filters["id"]:
            events = events.filter(record_id=filters["id"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    one_record = filters["record"] and filters["id"] and page.object_list
    return render(
        request,
        "schools/audit_log.html",
        {
            "page": page,
            "actions": AuditEvent.Action.choices,
            "action": filters["action"],
            "who": filters["who"],
            "record": filters["record"],
            "record_id": filters["id"],
            "school": filters["school"],
            "query": urlencode({k: v for k, v in filters.items() if v}),
            "record_name": page.object_list[0].record_name if one_record else "",
        },
    )


@require_http_methods(["GET", "POST"])
def notifications(request):
    """Each signed-in person chooses how they are told when something about their schools
    changes: straight away, or in a weekly digest (schools.reminders.notify). Their own
    setting only, so every role may use it."""
    user = request.user
    form = NotificationsForm(request.POST or None, initial={"notify_by": user.notify_by})
    if request.method == "POST" and form.is_valid():
        services.set_notify_by(user=user, notify_by=form.cleaned_data["notify_by"])
        messages.success(
            request,
            "Saved: you will be told straight away."
            if user.notify_by == NotifyBy.IMMEDIATE
            else "Saved: you will have a weekly digest, on Monday mornings.",
        )
        return redirect("schools:notifications")
    return render(request, "schools/notifications.html", {"form": form})


def privacy(request):
    """What personal data the portal holds, for how long, and how to export or erase it."""
    retention = [
        (label, settings.SYMPHONY_RETENTION_DAYS.get(key))
        for key, label in (
            ("audit_events", "Audit trail (sign-ins, refusals, downloads, decisions)"),
            ("reminders", "Reminders sent"),
            ("sessions", "Expired sign-in sessions"),
            ("api_tokens", "Revoked or expired API tokens"),
            ("inactive_users", "Deactivated accounts (then anonymised)"),
        )
    ]
    return render(request, "schools/privacy.html", {"retention": retention})
