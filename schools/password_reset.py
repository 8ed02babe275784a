"""Asking for a password reset e-mail, without telling anyone whether an account exists
and without becoming a way to flood someone's inbox.

- The request never looks the address up: it queues the task ``schools.send_password_reset``
  with the address typed, and the task decides whether an account has it and sends the
  e-mail (Django's ``PasswordResetForm`` does both). So the page does the same work, and
  takes the same time, for every address.
- At most ``SYMPHONY_PASSWORD_RESET_LIMIT`` requests for one address, and from one client
  address (``symphony.security.client_ip``), in ``SYMPHONY_PASSWORD_RESET_WINDOW_MINUTES``;
  more are refused (HTTP 429) with the same words for every address, and send nothing."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponseRedirect

from symphony.security import client_ip, within_limit
from symphony.tasks import enqueue

from .tasks import send_password_reset


def throttled_message() -> str:
    minutes = settings.SYMPHONY_PASSWORD_RESET_WINDOW_MINUTES
    span = "an hour" if minutes == 60 else f"{minutes} minute{'s' if minutes != 1 else ''}"
    return (
        "Too many requests to reset a password, for this address or from your network. "
        f"Nothing was sent. Wait {span} and try again, or ask the central team."
    )


QUEUE_DOWN = "The portal cannot send e-mail just now. Nothing was sent; try again in a few minutes."


def allowed(request, email: str) -> bool:
    """Count this request against the address and the client; both must be under the limit."""
    limit = settings.SYMPHONY_PASSWORD_RESET_LIMIT
    seconds = settings.SYMPHONY_PASSWORD_RESET_WINDOW_MINUTES * 60
    by_client = within_limit(
        "password-reset-ip", client_ip(request) or "", limit=limit, seconds=seconds
    )
    by_address = within_limit(
        "password-reset-address", email.strip().lower(), limit=limit, seconds=seconds
    )
    return by_client and by_address


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm

    def form_valid(self, form):
        request = self.request
        email = form.cleaned_data["email"]
        if not allowed(request, email):
            return self._again(form, throttled_message(), status=429)
        # The host was checked against ALLOWED_HOSTS; the link in the e-mail points at it.
        if not enqueue(send_password_reset, email, request.get_host(), request.is_secure()):
            return self._again(form, QUEUE_DOWN, status=503)
        return HttpResponseRedirect(self.get_success_url())

    def _again(self, form, message, *, status):
        form.add_error(None, message)
        return self.render_to_response(self.get_context_data(form=form), status=status)


password_reset = PasswordResetView.as_view()
