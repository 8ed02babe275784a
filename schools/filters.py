import django_filters
from django.db.models import Q

from .models import Hub, School


class SchoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Name or URN", method="search")
    hub = django_filters.ModelChoiceFilter(queryset=Hub.objects.all(), empty_label="All hubs")
    status = django_filters.ChoiceFilter(choices=School.Status.choices, empty_label="Any status")
    phase = django_filters.ChoiceFilter(choices=School.Phase.choices, empty_label="Any phase")

    class Meta:
        model = School
        fields = ["q", "hub", "status", "phase"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(urn=value.strip()))
