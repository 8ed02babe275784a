"""National figures with their provenance: the age rule at its boundaries, the strongest
status standing, the words every comparison shows, and the shipped figures."""

import csv
from decimal import Decimal
from types import SimpleNamespace

import pytest

from schools import kpis
from schools.data import benchmarks
from schools.data.benchmarks import National, comparison, current_national
from schools.data.measures import BY_KEY
from schools.models import NationalBenchmark

S = NationalBenchmark.Status


def collection(start_year):
    """A collection of the academic year starting ``start_year`` (only its year is read)."""
    return SimpleNamespace(
        term=SimpleNamespace(academic_year=SimpleNamespace(start_year=start_year))
    )


def figure(year, value="60", status=S.REVISED, measure="ks2_rwm_expected", **extra):
    fields = {"unit": "% of pupils", "coverage": "state-funded primary", "source_name": "DfE"}
    return NationalBenchmark(
        measure=measure,
        academic_year=year,
        value=Decimal(value),
        status=status,
        source="DfE, somewhere",
        **(fields | extra),
    )


def national(*figures):
    return {(f.measure, f.academic_year): f for f in figures}


def status(value, found, lower=False):
    return kpis.versus_national(Decimal(value), found, lower_is_better=lower)


# --- The age rule ----------------------------------------------------------------------


def test_a_figure_for_the_same_year_is_compared_plainly():
    found = comparison(national(figure("2025/26")), "ks2_rwm_expected", collection(2025))
    assert (found.usable, found.older, found.age, found.value) == (True, False, 0, 60)
    assert status("61", found) == "Met: above national"
    assert status("59", found) == "Not met: below national"
    assert found.words == ("60% of pupils (national 2025/26; revised; state-funded primary; DfE)")


def test_a_figure_one_year_older_is_compared_and_says_it_is_the_latest_published():
    found = comparison(national(figure("2024/25")), "ks2_rwm_expected", collection(2025))
    assert (found.usable, found.older, found.age) == (True, True, 1)
    assert status("61", found) == (
        "Met: above national (against national 2024/25, the latest published)"
    )
    assert "national 2024/25, the latest published" in found.words


def test_a_figure_two_years_older_is_shown_but_not_judged_against():
    found = comparison(national(figure("2023/24")), "ks2_rwm_expected", collection(2025))
    assert (found.usable, found.value, found.published, found.age) == (False, None, 60, 2)
    assert status("61", found) == "No national figure for 2025/26 yet; latest 2023/24"
    assert found.words.startswith("No national figure for 2025/26 yet; latest 2023/24 (60%")
    assert found.words.endswith("not compared")


def test_the_latest_year_is_used_not_an_older_one():
    found = comparison(
        national(figure("2022/23", "50"), figure("2024/25", "62")),
        "ks2_rwm_expected",
        collection(2025),
    )
    assert (found.year, found.value) == ("2024/25", 62)


def test_a_figure_for_a_later_year_than_the_data_is_not_used():
    found = comparison(national(figure("2025/26")), "ks2_rwm_expected", collection(2024))
    assert found.figure is None


def test_no_figure_at_all():
    found = comparison({}, "ks2_rwm_expected", collection(2025))
    assert (found.figure, found.usable, found.value) == (None, False, None)
    assert status("61", found).startswith("No national figure yet")
    assert comparison({}, "disadvantaged_absence", collection(2025)).figure is None


@pytest.mark.parametrize(
    ("limit", "age", "compared"), [(0, 0, True), (0, 1, False), (2, 2, True), (2, 3, False)]
)
def test_the_maximum_age_is_a_setting(settings, limit, age, compared):
    settings.SYMPHONY_NATIONAL_MAX_AGE_YEARS = limit
    found = comparison(
        national(figure(f"{2025 - age}/{(26 - age):02d}")), "ks2_rwm_expected", collection(2025)
    )
    assert found.usable is compared


def test_a_bad_maximum_age_stops_the_portal_starting(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import symphony.settings.base as base

    monkeypatch.setenv("SYMPHONY_NATIONAL_MAX_AGE_YEARS", "-1")
    with pytest.raises(ImproperlyConfigured, match="SYMPHONY_NATIONAL_MAX_AGE_YEARS"):
        importlib.reload(base)
    monkeypatch.delenv("SYMPHONY_NATIONAL_MAX_AGE_YEARS")
    importlib.reload(base)


# --- Status: final or revised over provisional, an estimate the weakest ----------------


def rows_in_db(*figures):
    for f in figures:
        f.save()
    return current_national()


def test_revised_supersedes_provisional_and_both_are_kept(db):
    NationalBenchmark.objects.filter(measure="ks2_rwm_expected").delete()
    found = rows_in_db(figure("2030/31", "59", S.PROVISIONAL), figure("2030/31", "60", S.REVISED))
    assert found[("ks2_rwm_expected", "2030/31")].value == 60
    assert NationalBenchmark.objects.filter(academic_year="2030/31").count() == 2


def test_final_stands_over_revised_and_provisional(db):
    found = rows_in_db(
        figure("2030/31", "59", S.PROVISIONAL),
        figure("2030/31", "61", S.FINAL),
        figure("2030/31", "60", S.REVISED),
    )
    assert found[("ks2_rwm_expected", "2030/31")].status == S.FINAL


def test_an_estimate_is_the_weakest_and_says_so(db):
    found = rows_in_db(figure("2030/31", "7", S.ESTIMATE), figure("2030/31", "6", S.PROVISIONAL))
    assert found[("ks2_rwm_expected", "2030/31")].status == S.PROVISIONAL
    alone = comparison(
        national(figure("2025/26", "6.9", S.ESTIMATE)), "ks2_rwm_expected", collection(2025)
    )
    assert status("61", alone) == "Met: above national (the national figure is an estimate)"
    assert "; estimate;" in alone.words


# --- The words of a lower-is-better and an at-or-below target --------------------------


def test_lower_is_better_and_at_national():
    found = comparison(
        national(
            figure("2025/26", "2.27", measure="suspension_rate", unit="suspensions per 100 pupils")
        ),
        "suspension_rate",
        collection(2025),
    )
    assert status("2", found, lower=True) == "Met: below national"
    assert status("3", found, lower=True) == "Not met: above national"
    assert kpis.versus_national(Decimal("2.27"), found, lower_is_better=True, at_is_met=True) == (
        "Met: at national"
    )
    assert kpis.versus_national(Decimal("2.27"), found) == "Not met: at national"
    assert found.words.startswith("2.27 suspensions per 100 pupils (national 2025/26;")


def test_attendance_is_100_less_national_absence():
    found = comparison(
        national(
            figure(
                "2025/26", "5.5", measure="primary_overall_absence", unit="% of possible sessions"
            )
        ),
        "overall_absence",
        collection(2025),
    ).as_attendance()
    assert found.value == Decimal("94.5")
    assert found.words.startswith("94.5% of possible sessions attended (100% less national")


def test_the_include_shows_year_status_coverage_and_unit():
    from django.template.loader import render_to_string

    n = comparison(national(figure("2024/25")), "ks2_rwm_expected", collection(2025))
    html = render_to_string("includes/national.html", {"n": n})
    for words in (
        "60%",
        "of pupils",
        "national 2024/25, the latest published",
        "revised",
        "state-funded primary",
    ):
        assert words in html
    old = comparison(national(figure("2022/23")), "ks2_rwm_expected", collection(2025))
    html = render_to_string("includes/national.html", {"n": old})
    assert "No national figure for 2025/26 yet; latest 2022/23" in html and "not compared" in html
    assert "No national figure yet" in render_to_string(
        "includes/national.html", {"n": National(None, "2025/26")}
    )


# --- The shipped figures -----------------------------------------------------------------


def shipped_rows():
    with benchmarks.SHIPPED.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_shipped_figure_has_unit_status_coverage_and_source():
    rows = shipped_rows()
    assert rows
    names = {m.national_key for m in BY_KEY.values() if m.national_key} | {
        k.key for k in kpis.rates()
    }
    for row in rows:
        assert row["measure"] in names, row
        assert row["status"] in S.values, row
        assert row["unit"] and row["coverage"] and row["source_name"] and row["source"], row
        # Primary figures only: an all-school rate (secondary schools' suspensions) misleads.
        assert "secondary" not in row["coverage"], row
        assert benchmarks._year_shape(row["academic_year"]), row


def test_the_found_figures_are_merged_under_the_portals_names(db):
    benchmarks.import_shipped()
    found = current_national()
    # Several coverages for 2023/24 absence: the state-funded primary one is kept.
    assert found[("primary_overall_absence", "2023/24")].value == Decimal("5.5")
    assert found[("primary_overall_absence", "2023/24")].unit == "% of possible sessions"
    assert (
        found[("primary_persistent_absence", "2023/24")].coverage
        == "state-funded mainstream primary"
    )
    assert found[("suspension_rate", "2023/24")].value == Decimal("2.27093")
    assert found[("exclusion_rate", "2023/24")].value == Decimal("0.03168")
    assert found[("ks2_writing_expected", "2024/25")].value == 72
    assert found[("eyfs_gld", "2024/25")].status == S.FINAL
    assert "https://" in found[("eyfs_gld", "2024/25")].source


def test_the_first_files_columns_are_still_read(db):
    text = (
        "measure,academic_year,value_percent,status,coverage,source\n"
        "eyfs_gld,2030/31,69,provisional,all,DfE\n"
    )
    assert benchmarks.import_benchmarks(text) == 1
    assert NationalBenchmark.objects.get(academic_year="2030/31").unit == "%"


def test_a_part_year_or_unknown_status_is_refused_with_its_row(db):
    from django.core.exceptions import ValidationError

    header = ",".join(benchmarks.HEADER) + "\n"
    text = (
        header
        + "eyfs_gld,2024/25 (autumn term only),5,%,final,primary,DfE,DfE\n"
        + "eyfs_gld,2030/31,5,%,guess,primary,DfE,DfE\n"
    )
    with pytest.raises(ValidationError) as caught:
        benchmarks.import_benchmarks(text)
    messages = " ".join(caught.value.messages)
    assert "Row 2:" in messages and "Row 3:" in messages
    assert not NationalBenchmark.objects.filter(academic_year="2030/31").exists()


def test_the_command_imports_the_shipped_figures_and_refuses_a_bad_file(db, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("import_national_figures", stdout=out)
    assert f"{len(shipped_rows())} national figures imported" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(benchmarks.HEADER) + "\neyfs_gld,2030/31,abc,%,final,x,y,z\n")
    with pytest.raises(CommandError, match="Row 2: 'abc' is not a number."):
        call_command("import_national_figures", str(bad))
    assert not NationalBenchmark.objects.filter(academic_year="2030/31").exists()
