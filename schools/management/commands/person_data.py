"""A person's data, for a subject access request or an erasure (the privacy page):

manage.py person_data export someone@example.org > someone.json
manage.py person_data erase someone@example.org
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from schools.models import User
from schools.person_data import export
from schools.retention import anonymise


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
