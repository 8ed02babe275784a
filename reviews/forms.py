from django import forms

from schools.models import AcademicYear, Role, User

from .models import (
    Action,
    Area,
    FocusArea,
    PeerReview,
    Rag,
    ReviewTeamMember,
    SchoolReview,
    TdgDeployment,
    grade_choices,
)

# HTML date inputs take ISO dates whatever the locale
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanReviewForm(forms.ModelForm):
    academic_year = forms.ModelChoiceField(queryset=AcademicYear.objects.all(), empty_label=None)

    class Meta:
        model = PeerReview
        fields = [
            "academic_year",
            "planned_on",
            "kind",
            "kind_reason",
            "scale",
            "school_priorities",
        ]
        widgets = {
            "planned_on": DATE,
            "kind_reason": forms.Textarea(attrs={"rows": 2}),
            "school_priorities": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"kind": "Type of review"}


class EditPlanForm(forms.ModelForm):
    class Meta:
        model = PeerReview
        fields = ["planned_on", "kind", "kind_reason", "scale", "school_priorities"]
        widgets = PlanReviewForm.Meta.widgets
        labels = PlanReviewForm.Meta.labels

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = True


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Reviewer",
        queryset=User.objects.filter(
            is_active=True, role__in=ReviewTeamMember.TRUST_ROLES
        ).order_by("full_name"),
        help_text="Leaders of other trust schools and TDG practitioners; no one reviews "
        "their own school. Someone from outside the trust is invited by e-mail instead.",
    )
    is_lead = forms.BooleanField(label="Lead reviewer", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.full_name} ({u.get_role_display()})"
        )


class InviteExternalForm(forms.Form):
    """Someone from outside the trust (Trust Self-Evaluation 2025: Inspiring Leaders, other
    local trusts) invited to this review's team."""

    full_name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="The invitation goes here, with a link to choose their own password.",
    )
    organisation = forms.CharField(
        label="Organisation", max_length=150, help_text="For example, Inspiring Leaders."
    )
    is_lead = forms.BooleanField(label="Lead reviewer", required=False)


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["area", "title"]
        labels = {"area": "Focus area", "title": "School priority (if that is the area)"}


def _judgement_field(scale, label):
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "Not yet judged"), *grade_choices(scale)],
        coerce=int,
        empty_value=None,
        required=False,
    )


class FindingsForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = [
            "observations",
            "book_scrutiny",
            "pupil_voice",
            "data",
            "evidence_notes",
            "strengths",
            "areas_for_development",
            "judgement",
        ]
        widgets = {
            "evidence_notes": forms.Textarea(attrs={"rows": 3}),
            "strengths": forms.Textarea(attrs={"rows": 4}),
            "areas_for_development": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judgement"] = _judgement_field(scale, "Judgement")


class OverallForm(forms.Form):
    summary_text = forms.CharField(
        label="Overall summary", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_outcome"] = _judgement_field(scale, "Overall judgement")
        self.order_fields(["proposed_outcome", "summary_text"])


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "title",
            "source",
            "source_detail",
            "owner",
            "owner_user",
            "deadline",
            "support_deployed",
            "school_funded",
            "success_criteria",
        ]
        widgets = {
            "deadline": DATE,
            "success_criteria": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        _owner_accounts(self.fields["owner_user"], school)
        if not self.instance.pk:
            # Peer-review actions arrive by publication, Individual School Action Plan
            # actions from their Schools Causing Concern case.
            self.fields["source"].choices = [
                c
                for c in Action.Source.choices
                if c[0] not in (Action.Source.PEER_REVIEW, Action.Source.SCC)
            ]
        else:
            del self.fields["source"]


def _owner_accounts(field, school):
    """The people of the school with a portal account: an owner chosen here is told."""
    field.queryset = (
        User.objects.filter(is_active=True, schools=school).order_by("full_name")
        if school is not None
        else User.objects.none()
    )
    field.label_from_instance = lambda u: f"{u.full_name} ({u.get_role_display()})"


class AcceptActionForm(forms.Form):
    owner_user = forms.ModelChoiceField(
        label="Owner (with a portal account)",
        queryset=User.objects.none(),
        required=False,
        help_text="They are told the action is theirs.",
    )
    owner = forms.CharField(
        label="Or the owner's name",
        max_length=150,
        required=False,
        help_text="For someone in school without an account.",
    )
    deadline = forms.DateField(widget=DATE)

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        _owner_accounts(self.fields["owner_user"], school)


class ProposePrioritiesForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label="Focus areas from the trust's list",
        choices=[c for c in Area.choices if c[0] != Area.SCHOOL_PRIORITY],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    school_priorities = forms.CharField(
        label="The school's own priorities",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="One per line, usually from your self-evaluation and Core Plan.",
    )


class ModerateForm(forms.Form):
    note = forms.CharField(
        label="Moderation comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you checked, and what you agreed with the team.",
    )


class ProgressNoteForm(forms.Form):
    noted_on = forms.DateField(label="Date", widget=DATE)
    rag = forms.ChoiceField(label="RAG status", choices=Rag.choices)
    note = forms.CharField(label="Progress note", widget=forms.Textarea(attrs={"rows": 3}))


class CloseActionForm(forms.Form):
    closed_on = forms.DateField(label="Closed on", widget=DATE)
    impact_evaluation = forms.CharField(
        label="Impact evaluation", widget=forms.Textarea(attrs={"rows": 3})
    )


class SchoolReviewForm(forms.ModelForm):
    class Meta:
        model = SchoolReview
        fields = [
            "school",
            "kind",
            "held_on",
            "led_by",
            "days",
            "summary",
            "issue_level",
            "reported_on",
        ]
        widgets = {
            "held_on": DATE,
            "reported_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "issue_level": forms.RadioSelect,
        }
        labels = {
            "kind": "Review",
            "held_on": "Held on",
            "days": "Days (SIP visits)",
            "reported_on": "Reported to the LGB (SIP) or the Board (governance review) on",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        level = self.fields["issue_level"]
        level.required = True  # blank only on reviews recorded before it was asked for
        level.choices = [c for c in level.choices if c[0] != ""]
        level.error_messages["required"] = "Say what level of issues the review found."


class PriorityProgressForm(forms.Form):
    """This term's progress on one of the trust's priorities."""

    rag = forms.ChoiceField(label="RAG status", choices=Rag.choices, widget=forms.RadioSelect)
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the monitoring shows this term.",
        required=False,  # the service says why it is needed
    )


class TdgDeploymentForm(forms.Form):
    """TDG support deployed to a school; the rules are the service's."""

    school = forms.ModelChoiceField(queryset=None)
    practitioner = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="TDG practitioner",
        help_text="Or, for a system leader not in the portal, give their name below.",
    )
    practitioner_name = forms.CharField(max_length=150, required=False, label="System leader")
    specialism = forms.ChoiceField(choices=TdgDeployment.Specialism.choices)
    days = forms.DecimalField(max_digits=5, decimal_places=1, help_text="More than 0.")
    starts_on = forms.DateField(widget=DATE, label="Starts on")
    ends_on = forms.DateField(widget=DATE, label="Ends on")
    school_funded = forms.BooleanField(
        required=False,
        initial=True,
        label="Funded by the school",
        help_text="TDG support is funded by the school (School Improvement Strategy 2024-25).",
    )
    action = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Core Plan action it serves",
        help_text="One of the school's own Core Plan actions.",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, schools, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["practitioner"].queryset = User.objects.filter(
            role=Role.TDG_PRACTITIONER, is_active=True
        )
        self.fields["action"].queryset = actions
        self.fields["action"].label_from_instance = lambda a: f"{a.core_plan.school}: {a.title}"
