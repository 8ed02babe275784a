"""Tokens for the read-only JSON API: trust data teams pull figures into Power BI
or Excel. A token acts as its owner, through the same access layer as the pages; only its
hash is stored.

A token ends: it expires ``SYMPHONY_API_TOKEN_DAYS`` after it is made (a year by
default), and it is revoked by its owner, by a change of its owner's password (a reset
included) and by the owner's account being deactivated (``schools.credentials``). It is
made only from a session that has passed two-step sign-in where the owner's role requires
it (``schools.mfa``), so the expiry also bounds how long a token stands in for that step."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "sym_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def default_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.SYMPHONY_API_TOKEN_DAYS)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What it is for, e.g. Power BI.")
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="The first characters, to recognise it.")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=default_expiry)
    # Moved on at most once a minute (the API's ``api_view``), not written on every call.
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def live(self) -> bool:
        return self.revoked_at is None and not self.expired

    @classmethod
    def issue(cls, *, user, name: str) -> tuple["ApiToken", str]:
        """A new token and its key; the key is shown once and never stored."""
        key = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=hash_key(key), hint=key[:10])
        return token, key
