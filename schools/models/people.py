"""People who use the portal and their roles."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    """The trust's roles (School Improvement Strategy 2024-25; Trust Self-Evaluation 2025;
    Business Plan 2018-19). What each may do is in ``schools.access``."""

    CEO = "ceo", "CEO"
    DOP = "dop", "Director of Primaries"
    CFO = "cfo", "Chief Financial Officer"
    FINANCE_OPS = "finance_ops", "Finance & Operations Lead"
    CENTRAL_ADMIN = "central_admin", "Central team (admin staff)"
    HEADTEACHER = "headteacher", "Headteacher"
    EXECUTIVE_HEADTEACHER = "executive_headteacher", "Executive headteacher"
    TRUSTEE = "trustee", "Trustee"
    MEMBER = "member", "Member"
    LOCAL_GOVERNOR = "local_governor", "Local governor"
    TDG_PRACTITIONER = "tdg_practitioner", "TDG practitioner / peer reviewer"


CENTRAL_TEAM_ROLES = frozenset({Role.CFO, Role.FINANCE_OPS, Role.CENTRAL_ADMIN})
HEADTEACHER_ROLES = frozenset({Role.HEADTEACHER, Role.EXECUTIVE_HEADTEACHER})
# Roles whose access comes from the schools they are linked to.
SCHOOL_LINKED_ROLES = HEADTEACHER_ROLES | {Role.LOCAL_GOVERNOR}


class NotifyBy(models.TextChoices):
    """How a person is told when something about their school changes (schools.reminders.
    notify): each notice as it happens, or the week's notices in one e-mail."""

    IMMEDIATE = "immediate", "Straight away: one e-mail for each change"
    WEEKLY = "weekly", "A weekly digest: one e-mail each week listing the changes"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address and holds one of the trust's roles."""

    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=32, choices=Role.choices, blank=True)
    schools = models.ManyToManyField(
        "School",
        blank=True,
        related_name="people",
        help_text=(
            "Headteachers: the school(s) they lead. Local governors: their one school. "
            "TDG practitioners: their home school (never reviewed by them)."
        ),
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "admin site access",
        default=False,
        help_text="Set for the central team, who maintain records through the admin site.",
    )
    date_joined = models.DateTimeField(default=timezone.now)
    notify_by = models.CharField(
        "tell me about changes",
        max_length=12,
        choices=NotifyBy.choices,
        default=NotifyBy.IMMEDIATE,
        help_text="Chosen by the person at Account, Notifications.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def clean(self):
        super().clean()
        self.email = self.email.lower()
