from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import access, selectors, services
from .access import Perm
from .calendar import Calendar, academic_start_year
from .forms import InspectionForm, SchoolForm
from .models import AcademicYear, Role


def home(request):
    user = request.user
    schools = list(access.schools_for(user).select_related("hub"))
    today = timezone.localdate()
    cal = Calendar.load()
    return render(
        request,
        "schools/home.html",
        {
            "schools": schools,
            "term": cal.term_on(today),
            "half_term": cal.half_term_on(today),
            "next_term": cal.next_term_after(today),
            "is_reviewer_without_schools": user.role == Role.TDG_PRACTITIONER,
            "role_label": Role(user.role).label if user.role else "No role",
        },
    )


def school_list(request):
    if access.scope_of(request.user, Perm.VIEW_SCHOOL) is None:
        raise PermissionDenied("Your role does not include the list of schools.")
    filterset, schools = selectors.school_list(user=request.user, params=request.GET)
    return render(
        request,
        "schools/school_list.html",
        {
            "filter": filterset,
            "schools": schools,
            "can_see_all": access.scope_of(request.user, Perm.VIEW_SCHOOL) is access.ALL,
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
    if access.scope_of(request.user, Perm.VIEW_CALENDAR) is None:
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
