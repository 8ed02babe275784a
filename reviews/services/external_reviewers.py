"""Reviewers from outside the trust (Trust Self-Evaluation 2025: "ensure that external
members join peer reviews to build in further QA", e.g. Inspiring Leaders, other local
trusts).

The Director of Primaries invites a person to one review by e-mail: their account is made
(or, for an address that is already an external reviewer's, reused) with the external
reviewer's role and no trust school, they join that review's team, and an invitation goes
to them with a link to choose their own password (Django's password-reset link, so no
password is ever sent or stored by anyone else). Two-step sign-in is required of the role
(``SYMPHONY_MFA_REQUIRED_ROLES``); what they may open is ``schools.access``'s TEAM scope,
confined to the review they are on. Each invitation is audited.
"""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from schools import audit
from schools.models import AuditEvent, Role, User
from schools.reminders import absolute_link
from symphony.tasks import enqueue_on_commit

from ..models import PeerReview, ReviewTeamMember
from .peer_reviews import EDITABLE, _locked, _refuse_unless


def _clean(value: str, what: str, limit: int) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ValidationError({what: f"Give the reviewer's {what.replace('_', ' ')}."})
    if len(value) > limit:
        raise ValidationError({what: f"Keep the {what.replace('_', ' ')} to {limit} characters."})
    return value


@transaction.atomic
def invite_external_reviewer(
    *,
    review: PeerReview,
    full_name: str,
    email: str,
    organisation: str,
    by,
    is_lead: bool = False,
) -> ReviewTeamMember:
    """Invite someone from outside the trust to ``review``'s team and send them the link to
    choose their password (once the transaction commits). Inviting again someone on the
    team who has not yet chosen a password sends the invitation again."""
    review = _locked(review.pk)
    _refuse_unless(review, EDITABLE, "Changing the team")
    full_name = _clean(full_name, "full_name", 150)
    organisation = _clean(organisation, "organisation", 150)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter the reviewer's e-mail address."}) from None
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and not user.is_external:
        role = user.get_role_display().lower() or "no role yet"
        raise ValidationError(
            {
                "email": f"{email} is a trust account ({role}): someone in the trust joins "
                "the team from the list of reviewers, not by invitation."
            }
        )
    if user is not None and not user.is_active:
        raise ValidationError(
            {"email": f"The account for {email} is switched off; ask the central team."}
        )
    if user is None:
        user = User(email=email, full_name=full_name, organisation=organisation)
        user.role = Role.EXTERNAL_REVIEWER
        user.set_unusable_password()
        user.full_clean()
        user.save()
        made = "made"
    else:
        user.full_name, user.organisation = full_name, organisation
        user.full_clean()
        user.save(update_fields=["full_name", "organisation"])
        made = "reused"
    member = review.team.filter(user=user).first()
    if member is not None and user.has_usable_password():
        raise ValidationError({"email": f"{user} is already on this review's team."})
    if member is None:
        member = ReviewTeamMember(review=review, user=user, is_lead=is_lead)
        member.full_clean()
        member.save()
    audit.record(
        AuditEvent.Action.RECORD_CHANGED,
        user=by,
        school=review.school,
        detail=f"Invited {user} ({organisation}, {email}), from outside the trust, to the "
        f"team of {review} (account {made})",
        about=member,
    )
    from ..tasks import send_external_invitation

    member.invitation = enqueue_on_commit(send_external_invitation, member.pk)
    return member


def invitation_link(user) -> str:
    """The page where the invited person chooses their password (Django's reset link: it
    works once, and for ``PASSWORD_RESET_TIMEOUT``)."""
    return absolute_link(
        "password_reset_confirm",
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )
