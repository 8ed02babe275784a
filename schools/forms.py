from django import forms

from .models import REPORT_CARD_AREAS, NotifyBy, OfstedInspection, School


class SchoolForm(forms.ModelForm):
    class Meta:
        model = School
        fields = [
            "name",
            "urn",
            "dfe_number",
            "phase",
            "hub",
            "status",
            "joined_on",
            "pupils_on_roll",
            "lgb_chair",
        ]
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"})}


class InspectionForm(forms.ModelForm):
    """Both shapes in one form; the model's ``clean`` says exactly what a shape needs."""

    safeguarding_met = forms.TypedChoiceField(
        label="Safeguarding",
        required=False,
        choices=[("", "Not recorded (legacy inspection)"), ("true", "Met"), ("false", "Not met")],
        coerce=lambda value: value == "true",
        empty_value=None,
    )

    class Meta:
        model = OfstedInspection
        fields = [
            "framework",
            "inspection_type",
            "year",
            "inspected_on",
            "overall_grade",
            *[name for name, _ in REPORT_CARD_AREAS],
            "safeguarding_met",
            "notes",
        ]
        widgets = {
            "inspected_on": forms.DateInput(attrs={"type": "date"}),
            "framework": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class NotificationsForm(forms.Form):
    """How a person is told when something about their schools changes."""

    notify_by = forms.ChoiceField(
        label="Tell me about changes",
        choices=NotifyBy.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how you want to be told: straight away or a weekly digest.",
            "invalid_choice": "Choose one of the two: straight away or a weekly digest.",
        },
    )
