from django import forms

from schools.models import Role, User

from .models import Assessment, Category

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Who sits on the Executive Group's risk meeting (School Improvement Strategy 2024-25, §5):
# the trust's leaders and central team, the people who may read every school's category and
# the meeting's minutes.
ATTENDEE_ROLES = [Role.CEO, Role.DOP, Role.CFO, Role.FINANCE_OPS, Role.CENTRAL_ADMIN]


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="Date of the meeting", widget=DATE)
    attendees = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(is_active=True, role__in=ATTENDEE_ROLES).order_by("full_name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="They are reminded ahead of the meeting.",
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
        self.fields["rationale"] = forms.CharField(
            label="Rationale",
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
            help_text="Required when the decision differs from the suggested category.",
        )
        self.fields["supersedes"] = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def evidence(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in EVIDENCE_FIELDS}
