"""What governance holds about a person (its register of people, who may have no account),
for the privacy page's export and erasure: registered with ``schools.person_data``."""

from schools import person_data

from .models import Person


def export_person(user) -> dict:
    person = (
        Person.objects.filter(user=user).first()
        or Person.objects.filter(email__iexact=user.email).first()
    )
    if person is None:
        return {}
    return {
        "governance_person": person_data.rows([person])[0],
        "governance_records": person_data.related(person),
    }


def anonymise_person(user) -> None:
    Person.objects.filter(user=user).update(full_name="Former governor", email="", user=None)
