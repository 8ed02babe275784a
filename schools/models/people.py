"""People who use the portal and their roles."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
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
    # Trust Self-Evaluation 2025: external members join peer reviews to build in further
    # quality assurance (Inspiring Leaders, other local trusts). Invited to one review by
    # the Director of Primaries; never linked to a trust school.
    EXTERNAL_REVIEWER = "external_reviewer", "External reviewer (from outside the trust)"


CENTRAL_TEAM_ROLES = frozenset({Role.CFO, Role.FINANCE_OPS, Role.CENTRAL_ADMIN})
HEADTEACHER_ROLES = frozenset({Role.HEADTEACHER, Role.EXECUTIVE_HEADTEACHER})
# Roles whose access comes from the schools they are linked to.
SCHOOL_LINKED_ROLES = HEADTEACHER_ROLES | {Role.LOCAL_GOVERNOR}
# People from outside the trust: no trust school is ever linked to their account.
OUTSIDE_ROLES = frozenset({Role.EXTERNAL_REVIEWER})
NO_SCHOOL_FOR_OUTSIDERS = (
    "An external reviewer is from outside the trust: no trust school can be linked to "
    "their account. Their access comes from the peer review they are invited to."
)


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
            "TDG practitioners: their home school (never reviewed by them). "
            "External reviewers: none, ever."
        ),
    )
    organisation = models.CharField(
        max_length=150,
        blank=True,
        help_text="External reviewers: the organisation they come from (e.g. Inspiring Leaders).",
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

    @property
    def is_external(self) -> bool:
        return self.role in OUTSIDE_ROLES

    def clean(self):
        super().clean()
        self.email = self.email.lower()
        # A form that also sets the schools says what they will be (``pending_schools``).
        pending = getattr(self, "pending_schools", None)
        if pending is None:
            pending = self.schools.all() if self.pk else []
        if self.is_external and pending:
            raise ValidationError({"schools": NO_SCHOOL_FOR_OUTSIDERS})


@receiver(m2m_changed, sender=User.schools.through)
def _no_school_for_outsiders(sender, instance, action, reverse, pk_set, **kwargs):
    """However a school is linked (the admin, a service, the shell, from either side), an
    external reviewer's account refuses it."""
    if action != "pre_add" or not pk_set:
        return
    if not reverse and instance.is_external:
        raise ValidationError({"schools": NO_SCHOOL_FOR_OUTSIDERS})
    if reverse and User.objects.filter(pk__in=pk_set, role__in=OUTSIDE_ROLES).exists():
        raise ValidationError({"schools": NO_SCHOOL_FOR_OUTSIDERS})
