from django.contrib import admin

from schools.history import RecordsHistory

from .models import (
    Appointment,
    Attendance,
    Body,
    Interest,
    Meeting,
    MeetingAction,
    Person,
    Skill,
    SkillRating,
    Training,
)


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0


@admin.register(Body)
class BodyAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["name", "kind", "school", "size_display", "quorum", "cadence_display"]
    list_filter = ["kind", "cadence"]
    search_fields = ["name", "school__name"]
    inlines = [AppointmentInline]


class InterestInline(admin.TabularInline):
    model = Interest
    extra = 0


class TrainingInline(admin.TabularInline):
    model = Training
    extra = 0


@admin.register(Person)
class PersonAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["full_name", "email", "user"]
    search_fields = ["full_name", "email"]
    inlines = [InterestInline, TrainingInline]


@admin.register(Appointment)
class AppointmentAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["person", "body", "role", "category", "starts_on", "ends_on"]
    list_filter = ["body__kind", "role", "category"]
    search_fields = ["person__full_name", "body__name"]


@admin.register(Interest)
class InterestAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["person", "kind", "organisation", "nature", "declared_on", "ended_on"]
    list_filter = ["kind"]
    search_fields = ["person__full_name", "organisation"]


@admin.register(Training)
class TrainingAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["person", "kind", "course", "completed_on"]
    list_filter = ["kind"]
    search_fields = ["person__full_name", "course"]


@admin.register(Skill)
class SkillAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]


@admin.register(SkillRating)
class SkillRatingAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["person", "skill", "academic_year", "level"]
    list_filter = ["academic_year", "skill"]
    search_fields = ["person__full_name"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


class MeetingActionInline(admin.TabularInline):
    model = MeetingAction
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["body", "held_on"]
    list_filter = ["body__kind"]
    search_fields = ["body__name", "minutes"]
    date_hierarchy = "held_on"
    filter_horizontal = ["trust_leaders"]
    inlines = [AttendanceInline, MeetingActionInline]


@admin.register(MeetingAction)
class MeetingActionAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["description", "meeting", "owner", "due_on", "done_on"]
    search_fields = ["description", "owner", "meeting__body__name"]
