from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from .models import AcademicYear, HalfTerm, Hub, OfstedInspection, School, Term, User


class EmailUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "full_name", "role")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    ordering = ["full_name"]
    list_display = ["email", "full_name", "role", "is_staff", "is_active"]
    list_filter = ["role", "is_staff", "is_active", "schools"]
    search_fields = ["email", "full_name"]
    filter_horizontal = ["schools", "groups", "user_permissions"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "role", "schools")}),
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


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class InspectionInline(admin.StackedInline):
    model = OfstedInspection
    extra = 0


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "hub", "phase", "status", "joined_on", "pupils_on_roll"]
    list_filter = ["hub", "status", "phase"]
    search_fields = ["name", "urn", "dfe_number", "lgb_chair"]
    inlines = [InspectionInline]


@admin.register(OfstedInspection)
class OfstedInspectionAdmin(admin.ModelAdmin):
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
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    search_fields = ["start_year"]
    inlines = [TermInline]


class HalfTermInline(admin.TabularInline):
    model = HalfTerm
    extra = 0
    max_num = 2


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "starts_on", "ends_on"]
    list_filter = ["season", "academic_year"]
    search_fields = ["academic_year__start_year"]
    inlines = [HalfTermInline]


@admin.register(HalfTerm)
class HalfTermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "starts_on", "ends_on"]
    list_filter = ["number", "term__academic_year"]
    search_fields = ["term__academic_year__start_year"]
