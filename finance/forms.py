"""Finance forms: balances, the monthly import, SCA allocation and money per project."""

from django import forms

from .models import ProjectEntry


class BalanceForm(forms.Form):
    on = forms.DateField(label="At the month end", widget=forms.DateInput(attrs={"type": "date"}))
    reserves = forms.DecimalField(
        label="Revenue reserves (£)",
        max_digits=12,
        decimal_places=2,
        help_text="Negative in deficit.",
    )
    cash = forms.DecimalField(label="Cash at the bank (£)", max_digits=12, decimal_places=2)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Finance system export (CSV or Excel)",
        help_text="Columns: school, year, month, heading, actual, forecast. Up to 2 MB.",
    )


class AllocationForm(forms.Form):
    amount = forms.DecimalField(
        label="SCA allocated (£)", min_value=0, max_digits=12, decimal_places=2
    )
    score = forms.IntegerField(
        label="Score under the assessment model", min_value=0, max_value=100, required=False
    )
    notes = forms.CharField(
        label="Assessment notes", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class EntryForm(forms.ModelForm):
    class Meta:
        model = ProjectEntry
        fields = ["on", "kind", "amount", "description"]
        widgets = {"on": forms.DateInput(attrs={"type": "date"})}
        labels = {"on": "Date", "kind": "Money in or out", "amount": "Amount (£)"}
