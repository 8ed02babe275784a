"""The category history chart on a school's categorisation page: a step line with each
decision's date below it, none cut off at the chart's edge."""

import datetime
from types import SimpleNamespace

from categorisation.templatetags.categorisation_tags import history_chart


def decisions(count):
    start = datetime.date(2024, 9, 1)
    return [
        SimpleNamespace(assessed_on=start + datetime.timedelta(days=120 * i), category=1 + i % 4)
        for i in range(count)
    ]


def test_the_last_date_ends_at_its_dot_so_it_stays_inside_the_chart():
    chart = history_chart(decisions(5))
    anchors = [p["anchor"] for p in chart["points"]]
    assert anchors == ["middle", "middle", "middle", "middle", "end"]
    assert chart["points"][-1]["x"] == chart["right_x"]


def test_a_single_decision_is_centred():
    chart = history_chart(decisions(1))
    assert [p["anchor"] for p in chart["points"]] == ["middle"]


def test_the_rendered_chart_anchors_the_last_label_at_its_end():
    from django.template import Context, Template

    html = Template("{% load categorisation_tags %}{% history_chart a %}").render(
        Context({"a": decisions(3)})
    )
    labels = [line for line in html.splitlines() if 'font-size="11"' in line]
    assert 'text-anchor="end"' in labels[-1]
    assert all('text-anchor="middle"' in line for line in labels[:-1])
