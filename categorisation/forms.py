from django import forms

from schools.models import Role, School, User

from .models import (
    Assessment,
    Category,
    LeadershipCapacity,
    SccCase,
    SccInvolvement,
    SccMove,
    SccStep,
    SchoolIssue,
)
from .scc import REQUIRED_STEPS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Who sits on the Executive Group's risk meeting (School Improvement Strategy 2024-25, §5):
# the trust's leaders and central team, the people who may read every school's category and
# the meeting's minutes.
ATTENDEE_ROLES = [Role.CEO, Role.DOP, Role.CFO, Role.FINANCE_OPS, Role.CENTRAL_ADMIN]


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="Date of the meeting", widget=DATE)
    attendees = forms.ModelMultipleChoiceField(
        label="Present",
        queryset=User.objects.filter(is_active=True, role__in=ATTENDEE_ROLES).order_by("full_name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Who is present at the meeting (recorded ahead of it, they are reminded of "
        "it; correct it afterwards from the meeting's page).",
    )
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)


class MeetingEditForm(MeetingForm):
    held_on = None


EVIDENCE_FIELDS = [
    "ofsted_note",
    "performance",
    "performance_note",
    "qa_visits",
    "qa_visits_note",
    "partnership",
    "partnership_note",
    "external",
    "external_note",
]
CHOICE_FIELDS = ("performance", "qa_visits", "partnership", "external")


class AssessmentForm(forms.Form):
    """The evidence for four criteria (Ofsted is read from the school's inspection history)
    and the meeting's decision. ``deciding`` is False while asking for the suggestion."""

    def __init__(self, *args, deciding: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                Assessment,
                fields=EVIDENCE_FIELDS,
                widgets={name: forms.RadioSelect for name in CHOICE_FIELDS},
            )
        )
        for name in CHOICE_FIELDS:
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]
        self.fields["category"] = forms.TypedChoiceField(
            label="The meeting's decision",
            choices=Category.choices,
            coerce=int,
            widget=forms.RadioSelect,
            required=deciding,
            error_messages={"required": "Choose the category the meeting decided."},
        )
        # A fresh judgement each time: never started from the last decision's.
        self.fields["leadership_capacity"] = forms.ChoiceField(
            label="Leadership capacity to ensure progress",
            choices=LeadershipCapacity.choices,
            widget=forms.RadioSelect,
            required=deciding,
            help_text="The category is directly related to it (School Improvement Strategy "
            "2024-25, §5).",
            error_messages={
                "required": "Record the meeting's judgement of the school's leadership "
                "capacity to ensure progress."
            },
        )
        self.fields["leadership_capacity_note"] = forms.CharField(
            label="Leadership capacity: note", max_length=500, required=False
        )
        self.fields["rationale"] = forms.CharField(
            label="Rationale",
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
            help_text="Required when the decision differs from the suggested category.",
        )
        self.fields["supersedes"] = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def evidence(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in EVIDENCE_FIELDS}


class EnterForm(forms.ModelForm):
    school = forms.ModelChoiceField(queryset=School.objects.filter(status=School.Status.MEMBER))

    class Meta:
        model = SccCase
        fields = [
            "school",
            "trigger",
            "reason",
            "agreed_headteacher",
            "core_offer_support",
            "due_diligence_findings",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ("reason", "core_offer_support", "due_diligence_findings")
        }


class PlanForm(forms.ModelForm):
    class Meta:
        model = SccCase
        fields = ["agreed_headteacher", "core_offer_support", "due_diligence_findings"]
        widgets = EnterForm.Meta.widgets


class MonitoringForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=SccMove.Outcome.choices,
        widget=forms.RadioSelect,
        label="Outcome of the monitoring review",
    )
    held_on = forms.DateField(label="Date of the review", widget=DATE)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, level: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.step_keys = REQUIRED_STEPS[level]
        for key in self.step_keys:
            label = SccStep.Key(key).label
            self.fields[f"{key}-who"] = forms.CharField(label=f"{label}: who", required=False)
            self.fields[f"{key}-done_on"] = forms.DateField(
                label=f"{label}: when", widget=DATE, required=False
            )
            self.fields[f"{key}-evidence"] = forms.CharField(
                label=f"{label}: evidence", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"{key}-document"] = forms.FileField(
                label=f"{label}: letter or minute",
                required=False,
                help_text="PDF, Word (.docx) or an image, up to 5 MB.",
            )

    def step_groups(self):
        return [
            (
                SccStep.Key(k).label,
                [self[f"{k}-{p}"] for p in ("who", "done_on", "evidence", "document")],
            )
            for k in self.step_keys
        ]

    def steps(self) -> dict:
        return {
            key: {
                p: self.cleaned_data.get(f"{key}-{p}") or ""
                for p in ("who", "done_on", "evidence", "document")
            }
            for key in self.step_keys
        }


class InvolvementForm(forms.Form):
    """A body outside the trust involved with the school. The rules between the fields
    are the service's (``scc.record_involvement``), so every caller keeps the same ones."""

    body = forms.ChoiceField(label="Body", choices=SccInvolvement.Body.choices)
    body_name = forms.CharField(
        label="Name of the body",
        max_length=150,
        required=False,
        help_text="Needed for another body; otherwise, for example, the region or the council.",
    )
    tier = forms.ChoiceField(
        label="RISE tier",
        choices=[("", "Not a RISE team"), *SccInvolvement.Tier.choices],
        required=False,
    )
    started_on = forms.DateField(label="Involved from", widget=DATE)
    ended_on = forms.DateField(label="Involved until", widget=DATE, required=False)
    notes = forms.CharField(
        label="What the body is doing with the school, and its contact",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecisionForm(forms.Form):
    held_on = forms.DateField(label="Date of the decision", widget=DATE)
    notes = forms.CharField(label="Decision and reason", widget=forms.Textarea(attrs={"rows": 3}))


class SchoolIssueForm(forms.ModelForm):
    """A staffing or premises issue, for the fifth criterion."""

    class Meta:
        model = SchoolIssue
        fields = ["kind", "level", "started_on", "description"]
        widgets = {
            "started_on": DATE,
            "level": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"description": "What, who is affected, and what is being done."}
        error_messages = {
            "description": {"required": "Describe the issue."},
            "started_on": {"required": "Say since when."},
            "level": {"required": "Say how serious it is: minor, some or significant."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        level = self.fields["level"]
        level.choices = [c for c in level.choices if c[0] != ""]


class ResolveIssueForm(forms.Form):
    resolved_on = forms.DateField(
        label="Resolved on",
        widget=DATE,
        error_messages={"required": "Say when it was resolved."},
    )
    resolution = forms.CharField(label="How", max_length=500, required=False)
