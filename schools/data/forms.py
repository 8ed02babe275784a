"""Termly-data forms: opening a collection and uploading a school's figures."""

from django import forms

from ..models import Term

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CollectionForm(forms.Form):
    term = forms.ModelChoiceField(
        queryset=Term.objects.filter(collection__isnull=True).select_related("academic_year"),
        help_text="Terms that have no collection yet.",
    )
    opens_on = forms.DateField(label="Opens on", widget=DATE)
    deadline = forms.DateField(widget=DATE)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        help_text="The template for this school and term, filled in. Up to 2 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
