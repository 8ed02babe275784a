"""The school page's slots for the panels the apps register (``schools.panels``)."""

from django import template

from .. import panels as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def school_panels(context, school, slot):
    return registry.render(context["request"], school, slot)
