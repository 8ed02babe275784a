"""The central team's admin-site permissions, defined in code.

The central team (the CFO, the Finance & Operations Lead and the admin staff) maintains the
trust's reference records in the admin site: schools' details, people and their schools, the
calendar, governance bodies and appointments, finance records and contracts, national
figures. It reads governed records there (decisions, SCC cases, reviews, stored documents)
but changes them only through the portal's services. It has no way into the audit trail,
API tokens or calendar feeds, and no say over anyone's privileges (``access.grants_privileges``).

Each app says what its models need in ``AppConfig.central_team_permissions``, a mapping of
model name to the actions granted (``VIEW`` or ``MAINTAIN``); a model not named gets nothing.
``sync_central_team`` makes the "Central team" group hold exactly those permissions: a
migration creates the group, and ``post_migrate`` keeps it exact as models come and go, so a
permission added by hand in the admin site is gone at the next deploy."""

from __future__ import annotations

from django.apps import apps as global_apps

CENTRAL_TEAM_GROUP = "Central team"

VIEW = ("view",)
CHANGE = ("view", "change")
MAINTAIN = ("view", "add", "change")
MAINTAIN_AND_DELETE = ("view", "add", "change", "delete")


def declared_permissions(app_configs=None) -> set[str]:
    """Every permission the central team holds, as ``app_label.codename``."""
    declared = set()
    for config in app_configs or global_apps.get_app_configs():
        for model, actions in getattr(config, "central_team_permissions", {}).items():
            declared |= {f"{config.label}.{action}_{model.lower()}" for action in actions}
    return declared


def sync_central_team(apps=global_apps, **kwargs) -> None:
    """Give the group exactly the declared permissions (those whose models exist yet)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CENTRAL_TEAM_GROUP)
    wanted = {tuple(p.split(".", 1)) for p in declared_permissions()}
    rows = Permission.objects.filter(
        content_type__app_label__in={label for label, _ in wanted}
    ).values_list("pk", "content_type__app_label", "codename")
    group.permissions.set([pk for pk, label, codename in rows if (label, codename) in wanted])


def central_team_group():
    from django.contrib.auth.models import Group

    sync_central_team()
    return Group.objects.get(name=CENTRAL_TEAM_GROUP)
