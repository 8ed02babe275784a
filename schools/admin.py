from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from symphony.admin import ReadOnlyAdmin

from . import access
from .history import RecordsHistory
from .models import (
    AcademicYear,
    AuditEvent,
    Collection,
    HalfTerm,
    Hub,
    NationalBenchmark,
    OfstedInspection,
    Reminder,
    School,
    Submission,
    Term,
    TrustJudgement,
    User,
)


class EmailUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"

    def clean(self):
        # User.clean refuses any school for an external reviewer, on the schools field.
        cleaned = super().clean()
        if "schools" in cleaned:
            self.instance.pending_schools = list(cleaned["schools"])
        return cleaned


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "full_name", "role")


class NewAccountForm(forms.ModelForm):
    """A new account made by the central team: no role and no password until a superuser
    gives it a role and the person sets their password through the reset e-mail."""

    class Meta:
        model = User
        fields = ("email", "full_name")

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(RecordsHistory, BaseUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    ordering = ["full_name"]
    list_display = ["email", "full_name", "role", "is_staff", "is_active"]
    list_filter = ["role", "is_staff", "is_active", "schools"]
    search_fields = ["email", "full_name"]
    filter_horizontal = ["schools", "groups", "user_permissions"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "role", "organisation", "schools")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "role", "password1", "password2"),
            },
        ),
    )

    # No one raises privileges here but a superuser (schools.access).
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not access.grants_privileges(request.user):
            fields += access.PRIVILEGE_FIELDS
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None and not access.grants_privileges(request.user):
            return ((None, {"classes": ("wide",), "fields": ("email", "full_name")}),)
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and not access.grants_privileges(request.user):
            kwargs["fields"] = ("email", "full_name")
            kwargs["form"] = NewAccountForm
        return super().get_form(request, obj, **kwargs)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or access.maintains_account(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return access.grants_privileges(request.user) and super().has_delete_permission(
            request, obj
        )


@admin.register(Hub)
class HubAdmin(RecordsHistory, admin.ModelAdmin):
    search_fields = ["name"]


class InspectionInline(admin.StackedInline):
    model = OfstedInspection
    extra = 0


@admin.register(School)
class SchoolAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["name", "urn", "hub", "phase", "status", "joined_on", "pupils_on_roll"]
    list_filter = ["hub", "status", "phase"]
    search_fields = ["name", "urn", "dfe_number", "lgb_chair"]
    inlines = [InspectionInline]


@admin.register(OfstedInspection)
class OfstedInspectionAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = [
        "school",
        "year",
        "inspected_on",
        "framework",
        "inspection_type",
        "overall_grade",
    ]
    list_filter = ["framework", "inspection_type", "overall_grade", "school__hub"]
    search_fields = ["school__name", "notes"]
    autocomplete_fields = ["school"]


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(AcademicYear)
class AcademicYearAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    search_fields = ["start_year"]
    inlines = [TermInline]


class HalfTermInline(admin.TabularInline):
    model = HalfTerm
    extra = 0
    max_num = 2


@admin.register(Term)
class TermAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["__str__", "starts_on", "ends_on"]
    list_filter = ["season", "academic_year"]
    search_fields = ["academic_year__start_year"]
    inlines = [HalfTermInline]


@admin.register(HalfTerm)
class HalfTermAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["__str__", "starts_on", "ends_on"]
    list_filter = ["number", "term__academic_year"]
    search_fields = ["term__academic_year__start_year"]


@admin.register(Collection)
class CollectionAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["term", "opens_on", "deadline"]
    search_fields = ["notes"]


@admin.register(Submission)
class SubmissionAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["school", "collection", "state", "submitted_at"]
    list_filter = ["state", "collection"]
    search_fields = ["school__name"]
    readonly_fields = ["submitted_by", "submitted_at", "reviewed_by", "reviewed_at"]


@admin.register(NationalBenchmark)
class NationalBenchmarkAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = [
        "measure",
        "academic_year",
        "value",
        "unit",
        "status",
        "coverage",
        "source_name",
    ]
    list_filter = ["status", "measure"]
    search_fields = ["measure", "source", "source_name", "coverage"]


@admin.register(TrustJudgement)
class TrustJudgementAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["academic_year", "area", "score", "words"]
    list_filter = ["academic_year"]
    search_fields = ["area"]


@admin.register(Reminder)
class ReminderAdmin(RecordsHistory, admin.ModelAdmin):
    """Reminders are queued by the portal's scans; a sent one is the record of what went."""

    list_display = ["subject", "topic", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state", "topic"]
    search_fields = ["subject", "recipients"]
    readonly_fields = ["key", "sent_at", "attempts", "last_error", "next_attempt_at"]
    actions = ["send_again"]

    @admin.action(description="Send again (given-up reminders, once the address is right)")
    def send_again(self, request, queryset):
        again = queryset.filter(state=Reminder.State.GIVEN_UP).update(
            state=Reminder.State.PENDING, attempts=0, last_error="", next_attempt_at=None
        )
        self.message_user(request, f"{again} reminder(s) will be sent at the next run.")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        sent = obj is not None and obj.state == Reminder.State.SENT
        return not sent and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        sent = obj is not None and obj.state == Reminder.State.SENT
        return not sent and super().has_delete_permission(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the trail cannot be added to, edited or deleted through the portal (and
    the central team's group holds no permission to read it: it is the CEO's, in the portal)."""

    list_display = ["at", "action", "user_email", "school_name", "detail"]
    list_filter = ["action"]
    search_fields = ["user_email", "school_name", "detail", "path"]
    date_hierarchy = "at"
