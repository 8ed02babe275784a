"""Governance forms: a person's own skills audit."""

from django import forms

from .models import SkillRating


class SkillsForm(forms.Form):
    def __init__(self, *args, skills, **kwargs):
        super().__init__(*args, **kwargs)
        for skill in skills:
            self.fields[f"skill-{skill.pk}"] = forms.TypedChoiceField(
                label=skill.name,
                choices=SkillRating.Level.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Rate yourself on {skill.name.lower()}."},
            )
