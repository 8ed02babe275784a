"""A person's data, for a subject access request or an erasure (the privacy page):

manage.py person_data export someone@example.org > someone.json
manage.py person_data erase someone@example.org
"""

import json

from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from schools.models import User
from schools.retention import anonymise

SECRET_FIELDS = {"password", "key_hash"}


def _rows(objects) -> list[dict]:
    rows = []
    for row in serializers.serialize("python", objects):
        row["fields"] = {k: v for k, v in row["fields"].items() if k not in SECRET_FIELDS}
        rows.append(row)
    return rows


def _related(obj) -> dict[str, list[dict]]:
    """Every row that points at ``obj``, by model."""
    found = {}
    for relation in obj._meta.related_objects:
        model = relation.related_model
        objects = model._default_manager.filter(**{relation.field.name: obj})
        if relation.many_to_many:
            objects = model._default_manager.filter(**{relation.field.name: obj})
        rows = _rows(objects)
        if rows:
            found.setdefault(model._meta.label, []).extend(rows)
    return found


def export(user: User) -> dict:
    from governance.models import Person

    data = {"user": _rows([user])[0], "records": _related(user)}
    person = (
        Person.objects.filter(user=user).first()
        or Person.objects.filter(email__iexact=user.email).first()
    )
    if person is not None:
        data["governance_person"] = _rows([person])[0]
        data["governance_records"] = _related(person)
    return data


class Command(BaseCommand):
    help = "Export (as JSON) or erase (anonymise) what the portal holds about one person."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")

    def handle(self, *args, action, email, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account has the address {email}.")
        if action == "export":
            self.stdout.write(json.dumps(export(user), indent=2, default=str))
            return
        with transaction.atomic():
            anonymise(user)
        self.stdout.write(f"{email} is anonymised: account #{user.pk} is now 'Former user'.")
