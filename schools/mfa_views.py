"""The MFA pages: set up an authenticator app, verify at sign-in (or use a recovery
code), and replace the recovery codes. ``schools.mfa`` holds the rules."""

from base64 import b32encode

import django_otp
import segno
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import mfa


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "").strip().lower()


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _throttled(why) -> str:
    """django-otp doubles the wait after each wrong code (1 s, 2 s, 4 s, ...)."""
    wait = (why or {}).get("locked_until")
    return "Too many wrong codes in a row: wait a few seconds, then try the newest code." + (
        f" (Try again after {wait:%H:%M:%S} UTC.)" if wait else ""
    )


def _grouped(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    """Pair an authenticator app: scan the code (or type the key), then enter a code from
    the app to prove it works. Ten recovery codes are shown once."""
    user = request.user
    if mfa.totp_device(user) is not None:
        return render(request, "registration/mfa_on.html", {"next": _next(request)})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, why = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _throttled(why))
        elif device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save()
            django_otp.login(request, device)
            request.session[mfa.ENROLLED] = True
            codes = mfa.new_recovery_codes(user)
            return render(
                request, "registration/mfa_codes.html", {"codes": codes, "next": _next(request)}
            )
        else:
            form.add_error(
                "code",
                "That code did not match. Check the app shows Symphony and try the newest code.",
            )
    key = b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4)
    qr = qr.replace("<svg ", '<svg role="img" aria-label="QR code for your authenticator app" ', 1)
    return render(
        request,
        "registration/mfa_setup.html",
        {
            "form": form,
            "key": _grouped(key),
            # segno's own SVG: paths only, the account's address is encoded, not written.
            "qr": mark_safe(qr),  # noqa: S308  # nosec B308, B703: segno's SVG, no user text
            "required": mfa.requires_mfa(user),
            "next": _next(request),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of signing in: a code from the app, or one recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not mfa.has_device(user):  # removed by the central team since this session began
        request.session[mfa.ENROLLED] = False
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        throttled = None
        # Six digits: the app's code; anything else: a recovery code. Each is tried only on
        # its own device, so a recovery code does not count as a wrong app code.
        if code.isdigit():
            devices = [mfa.totp_device(user)]
        else:
            devices = [StaticDevice.objects.filter(user=user).first()]
        for device in devices:
            if device is None:
                continue
            allowed, why = device.verify_is_allowed()
            if not allowed:
                throttled = why
                continue
            if device.verify_token(code):
                django_otp.login(request, device)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    messages.warning(
                        request,
                        f"You used a recovery code; {left} left. Make new ones on the "
                        "two-step sign-in page if you are running out.",
                    )
                return redirect(_next(request))
        form.add_error(
            "code",
            _throttled(throttled)
            if throttled
            else "That code did not work. Check your device's clock, or use one of your "
            "recovery codes.",
        )
    return render(request, "registration/mfa_verify.html", {"form": form, "next": _next(request)})


@never_cache
@require_POST
def recovery_codes(request):
    """Replace the recovery codes (the old ones stop working)."""
    if mfa.totp_device(request.user) is None or not request.user.is_verified():
        return redirect("mfa_setup")
    codes = mfa.new_recovery_codes(request.user)
    return render(request, "registration/mfa_codes.html", {"codes": codes, "next": "/"})
