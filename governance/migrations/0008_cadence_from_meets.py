"""Reads each body's free-text "meets" into its meeting rule where the words say one
plainly ("termly", "fortnightly", "four times a year", "annually, late November"); anything
else is left unset, shown as "not set" for the central team to choose."""

import re

from django.db import migrations

NUMBERS = {
    "once": 1,
    "one": 1,
    "twice": 2,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else NUMBERS.get(word)


def parse_meets(text: str) -> tuple[str, int | None, int | None]:
    """(cadence, number, month) for the free text, or ("", None, None) when unclear."""
    words = re.sub(r"[^a-z0-9 ]+", " ", (text or "").lower()).split()
    said = " ".join(words)
    if not said:
        return "", None, None
    if said in ("termly", "each term", "every term", "once a term", "once each term"):
        return "termly", None, None
    if said in ("weekly", "every week"):
        return "every_weeks", 1, None
    if said == "fortnightly":
        return "every_weeks", 2, None
    if m := re.fullmatch(r"every (\w+) weeks", said):
        n = _number(m.group(1))
        return ("every_weeks", n, None) if n and n <= 26 else ("", None, None)
    month = next((i for i, name in enumerate(MONTHS, start=1) if name in words), None)
    if said.startswith(("annually", "yearly", "once a year", "once per year")):
        return ("in_month", None, month) if month else ("per_year", 1, None)
    if m := re.fullmatch(r"(\w+)(?: times)? (?:a|per|each) year", said):
        n = _number(m.group(1))
        return ("per_year", n, None) if n else ("", None, None)
    return "", None, None


def forwards(apps, schema_editor):
    Body = apps.get_model("governance", "Body")
    for body in Body.objects.exclude(meets=""):
        body.cadence, body.cadence_number, body.cadence_month = parse_meets(body.meets)
        body.save(update_fields=["cadence", "cadence_number", "cadence_month"])


def backwards(apps, schema_editor):
    Body = apps.get_model("governance", "Body")
    for body in Body.objects.exclude(cadence=""):
        body.meets = {
            "termly": "termly",
            "per_year": f"{body.cadence_number} times a year",
            "in_month": f"annually, {MONTHS[(body.cadence_month or 1) - 1].capitalize()}",
            "every_weeks": f"every {body.cadence_number} weeks",
        }[body.cadence]
        body.save(update_fields=["meets"])


class Migration(migrations.Migration):
    dependencies = [("governance", "0007_body_cadence_and_size")]

    operations = [migrations.RunPython(forwards, backwards)]
