from celery import shared_task


@shared_task(name="reviews.send_external_invitation")
def send_external_invitation(member_id: int) -> bool:
    """The invitation to an external reviewer (``reviews.services.external_reviewers``):
    their review, who invited them and the link to choose their password. Nothing is sent if
    they have left the team, or the account is no longer an active external reviewer's."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    from schools.reminders import header_safe

    from .models import ReviewTeamMember
    from .services.external_reviewers import invitation_link

    member = (
        ReviewTeamMember.objects.select_related("user", "review__school", "review__academic_year")
        .filter(pk=member_id)
        .first()
    )
    if member is None or not member.user.is_active or not member.user.is_external:
        return False
    review = member.review
    context = {
        "name": member.user.full_name,
        "organisation": member.user.organisation,
        "school": review.school.name,
        "period": review.period,
        "planned_on": review.planned_on,
        "link": invitation_link(member.user),
        "trust": settings.SYMPHONY_TRUST_NAME,
        "email": member.user.email,
    }
    subject = header_safe(f"{settings.SYMPHONY_TRUST_NAME}: an invitation to join a peer review")
    send_mail(
        subject,
        render_to_string("reviews/email/invitation.txt", context),
        None,
        [member.user.email],
        html_message=render_to_string("reviews/email/invitation.html", context),
    )
    return True
