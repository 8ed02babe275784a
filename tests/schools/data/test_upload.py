"""Reading and checking a school's termly upload: good files round-trip through the
templates, and every kind of bad file is refused with problems a head can act on."""

import csv
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl.worksheet.formula import ArrayFormula

from schools.data.measures import (
    AUTUMN,
    BY_KEY,
    COLUMNS,
    PERCENT,
    SCORE,
    SUMMER,
    RowKey,
    expected_rows,
)
from schools.data.upload import (
    read_upload,
    template_csv,
    template_rows,
    template_xlsx,
    validate,
)
from symphony.uploads import (
    FORMULA_MESSAGE,
    NOT_UTF8_MESSAGE,
    NOT_WORKBOOK_MESSAGE,
    ZIP_BOMB_MESSAGE,
    Problem,
    UploadRejected,
)

MB = 1024 * 1024
BOM = b"\xef\xbb\xbf"
XLSX = "figures.xlsx"


def csv_upload(rows, *, header=COLUMNS, name="figures.csv", encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding))


def refused(uploaded) -> list[Problem]:
    with pytest.raises(UploadRejected) as caught:
        read_upload(uploaded)
    return caught.value.problems


def invalid(rows, *, phase="primary", season=AUTUMN) -> list[Problem]:
    """The problems with ``rows`` uploaded as a CSV, so row numbers are the spreadsheet's."""
    raw = read_upload(csv_upload(rows))
    with pytest.raises(UploadRejected) as caught:
        validate(raw, phase=phase, season=season)
    return caught.value.problems


def filled(*, phase="primary", season=SUMMER) -> dict[RowKey, tuple]:
    """Plausible figures for every row a school of ``phase`` submits in ``season``."""
    figures = {}
    for key in expected_rows(season=season, phase=phase):
        kind = BY_KEY[key.measure].kind
        if kind == PERCENT:
            figures[key] = (28 if key.group == "all" else 9, Decimal("62.5"))
        elif kind == SCORE:
            figures[key] = (28, Decimal("101.4"))
        else:
            figures[key] = (None, Decimal(210 if key.measure == "pupils_on_roll" else 2))
    return figures


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_of(member: str, *, megabytes_of_zeros: int) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(member, "w") as stream,
    ):
        for _ in range(megabytes_of_zeros):
            stream.write(bytes(MB))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("problem", "shown"),
    [
        (
            Problem(7, "value", "104 is not a percentage (0 to 100)."),
            "Row 7, column value: 104 is not a percentage (0 to 100).",
        ),
        (Problem(9, None, "This row repeats row 4."), "Row 9: This row repeats row 4."),
        (Problem(None, "pupils", "Missing."), "Column pupils: Missing."),
        (Problem(None, None, "The file is empty."), "The file is empty."),
    ],
)
def test_a_problem_reads_as_a_place_in_the_spreadsheet(problem, shown):
    assert str(problem) == shown


def test_rejection_carries_every_problem():
    problems = [Problem(2, "value", "One."), Problem(3, "pupils", "Two.")]
    rejection = UploadRejected(problems)
    assert rejection.problems == problems
    assert str(rejection) == "Row 2, column value: One.\nRow 3, column pupils: Two."


# Templates and good files


def test_template_has_every_expected_row_in_column_order():
    existing = {RowKey("overall_absence", 0, "", "all"): (412, Decimal("4.6"))}
    rows = template_rows(phase="junior", season=AUTUMN, existing=existing)
    keys = expected_rows(season=AUTUMN, phase="junior")
    assert [RowKey(r["measure"], r["year_group"], r["subject"], r["group"]) for r in rows] == keys
    assert all(tuple(row) == (*COLUMNS, "what_this_row_is") for row in rows)
    assert rows[1]["what_this_row_is"] == "Overall absence: % of pupils, with the number of pupils"
    assert rows[1]["pupils"] == 412 and rows[1]["value"] == Decimal("4.6")
    assert rows[0]["pupils"] is None and rows[0]["value"] is None


def test_good_csv_round_trips():
    figures = filled()
    body = template_csv(phase="primary", season=SUMMER, existing=figures)
    assert body.startswith(BOM)
    assert (
        body.splitlines()[0]
        == BOM + b"Measure,Year group,Subject,Group,Pupils,Value,What this row is"
    )
    rows = read_upload(SimpleUploadedFile("figures.csv", body))
    assert validate(rows, phase="primary", season=SUMMER) == figures


def test_good_xlsx_round_trips():
    figures = filled(phase="infant")
    body = template_xlsx(phase="infant", season=SUMMER, existing=figures)
    rows = read_upload(SimpleUploadedFile(XLSX, body))
    assert validate(rows, phase="infant", season=SUMMER) == figures


def test_xlsx_template_holds_numbers_and_a_read_me():
    body = template_xlsx(phase="primary", season=AUTUMN, existing=filled(season=AUTUMN))
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    assert workbook.sheetnames == ["Data", "Read me"]
    data = workbook["Data"]
    assert [cell.value for cell in data[1]] == [
        "Measure",
        "Year group",
        "Subject",
        "Group",
        "Pupils",
        "Value",
        "What this row is",
    ]
    assert [cell.value for cell in data[3]] == [
        "overall_absence",
        0,
        None,
        "all",
        28,
        62.5,
        "Overall absence: % of pupils, with the number of pupils",
    ]
    guidance = " ".join(str(row[0]) for row in workbook["Read me"].iter_rows(values_only=True))
    assert "No pupil names" in guidance
    assert "percentages 0 to 100" in guidance and "69 to 141" in guidance
    assert "pira_average: PIRA reading" in guidance
    assert "ks2_rwm_expected" not in guidance  # Summer only.


def test_xlsx_template_checks_each_cell_as_it_is_typed():
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(phase="primary", season=AUTUMN)))
    data = workbook["Data"]
    rules = {}
    for rule in data.data_validations.dataValidation:
        for cells in rule.sqref.ranges:
            for coordinate in cells.cells:  # (row, column) pairs
                rules[data.cell(*coordinate).coordinate] = (
                    rule.type,
                    rule.operator,
                    rule.formula1,
                    rule.formula2,
                )
    # Row 2: pupils on roll, a count; row 3: overall absence, a percentage with its pupils.
    assert data["A2"].value == "pupils_on_roll" and data["A3"].value == "overall_absence"
    assert rules["F2"] == ("whole", "greaterThanOrEqual", "0", None)
    assert "E2" not in rules  # a count has no pupils to give
    assert rules["F3"] == ("decimal", "between", "0", "100")
    assert rules["E3"] == ("whole", "greaterThanOrEqual", "0", None)
    pira = next(row[0].row for row in data.iter_rows(min_row=2) if row[0].value == "pira_average")
    assert rules[f"F{pira}"] == ("decimal", "between", "69", "141")
    assert all(
        rule.allow_blank and rule.showErrorMessage for rule in data.data_validations.dataValidation
    )


def test_blank_template_uploads_as_nothing_entered_yet():
    body = template_csv(phase="junior", season=AUTUMN)
    figures = validate(
        read_upload(SimpleUploadedFile("figures.csv", body)), phase="junior", season=AUTUMN
    )
    assert figures == dict.fromkeys(expected_rows(season=AUTUMN, phase="junior"), (None, None))


def test_a_few_rows_in_any_case_and_spacing_are_enough():
    upload = csv_upload(
        [
            [" Overall_Absence ", "", "", "", "412", " 4.6 "],
            ["on_track_expected", "3", "Reading", "EAL", "6", "50"],
            ["pira_average", "3.0", "", "all", "", "99"],
        ],
        header=[" Measure", "YEAR_GROUP", "subject ", "Group", "pupils", "Value"],
    )
    figures = validate(read_upload(upload), phase="primary", season=AUTUMN)
    assert figures == {
        RowKey("overall_absence", 0, "", "all"): (412, Decimal("4.6")),
        RowKey("on_track_expected", 3, "reading", "eal"): (6, Decimal("50")),
        RowKey("pira_average", 3, "", "all"): (None, Decimal("99")),
    }


# Bad files


def test_missing_and_unknown_columns_are_each_named():
    upload = csv_upload(
        [["overall_absence", "", "", "all", "4.6", "red"]],
        header=["measure", "year", "subject", "group", "value", "colour"],
    )
    assert [p.message for p in refused(upload)] == [
        "The column 'year_group' is missing; the columns are measure, year_group, subject, "
        "group, pupils, value.",
        "The column 'pupils' is missing; the columns are measure, year_group, subject, group, "
        "pupils, value.",
        "The column 'year' is not one of the template's; the columns are measure, year_group, "
        "subject, group, pupils, value.",
        "The column 'colour' is not one of the template's; the columns are measure, "
        "year_group, subject, group, pupils, value.",
    ]


def test_repeated_and_unheaded_columns_are_refused():
    upload = csv_upload(
        [["overall_absence", "", "", "all", "412", "4.6", "4.6", "note"]],
        header=[*COLUMNS, "Value", ""],
    )
    assert [p.message for p in refused(upload)] == [
        "The column 'value' appears more than once.",
        "Column H has entries but no heading.",
    ]


def test_trailing_empty_columns_are_ignored():
    upload = SimpleUploadedFile(
        "figures.csv",
        b"measure,year_group,subject,group,pupils,value,,\r\nsuspensions,,,all,,0,,\r\n",
    )
    assert read_upload(upload) == [
        {
            "measure": "suspensions",
            "year_group": "",
            "subject": "",
            "group": "all",
            "pupils": "",
            "value": "0",
        }
    ]


def test_semicolon_separated_csv_says_how_to_save_it():
    upload = SimpleUploadedFile("figures.csv", b"measure;year_group;subject;group;pupils;value\n")
    assert [p.message for p in refused(upload)] == [
        "The columns are separated by semicolons, not commas: save the file as "
        "'CSV UTF-8 (Comma delimited)' and upload it again."
    ]


def test_text_in_a_number_cell():
    assert invalid(
        [
            ["overall_absence", "", "", "all", "thirty", "abc"],
            ["persistent_absence", "", "", "all", "30", "12%"],
            ["on_track_expected", "Y4", "maths", "all", "30", "50"],
        ]
    ) == [
        Problem(2, "pupils", "'thirty' is not a number."),
        Problem(2, "value", "'abc' is not a number."),
        Problem(3, "value", "'12%' is not a number: type it without the % sign."),
        Problem(
            4, "year_group", "'Y4' is not a year group: use 1 to 6, or 0 for the whole school."
        ),
    ]


@pytest.mark.parametrize("value", ["104", "-1", "100.5"])
def test_percentage_out_of_range(value):
    assert invalid([["overall_absence", "", "", "all", "412", value]]) == [
        Problem(2, "value", f"{value} is not a percentage (0 to 100).")
    ]


@pytest.mark.parametrize("value", ["150", "68.9"])
def test_score_out_of_range(value):
    assert invalid([["puma_average", "6", "", "all", "30", value]]) == [
        Problem(2, "value", f"{value} is not a standardised score (69 to 141).")
    ]


@pytest.mark.parametrize("value", ["-1", "2.5"])
def test_count_must_be_a_whole_number_not_below_zero(value):
    assert invalid([["suspensions", "", "", "all", "", value]]) == [
        Problem(2, "value", f"{value} is not a count: use a whole number, 0 or more.")
    ]


def test_pupils_must_be_a_whole_number_not_below_zero():
    assert invalid(
        [
            ["overall_absence", "", "", "all", "-3", "4"],
            ["persistent_absence", "", "", "all", "29.5", "4"],
        ]
    ) == [
        Problem(2, "pupils", "-3 is not a number of pupils: use a whole number, 0 or more."),
        Problem(3, "pupils", "29.5 is not a number of pupils: use a whole number, 0 or more."),
    ]


def test_a_number_too_large_to_store():
    assert invalid([["suspensions", "", "", "all", "", "1e9"]]) == [
        Problem(2, "value", "1e9 is too large for a school's figures.")
    ]


def test_a_percentage_needs_its_pupils_and_none_of_zero_pupils():
    assert invalid(
        [
            ["overall_absence", "", "", "all", "", "4.6"],
            ["persistent_absence", "", "", "all", "0", "12"],
            ["disadvantaged_absence", "", "", "all", "0", "0"],
            ["disadvantaged_persistent_absence", "", "", "all", "0", ""],
        ]
    ) == [
        Problem(2, "pupils", "Give the number of pupils this percentage is of."),
        Problem(3, "value", "12% of 0 pupils is not possible: leave it blank or 0."),
    ]


def test_duplicate_rows():
    assert invalid(
        [
            ["on_track_expected", "4", "reading", "boys", "14", "50"],
            ["on_track_expected", "4", "reading", "girls", "15", "60"],
            ["on_track_expected", "4", "Reading", "Boys", "14", "55"],
            ["overall_absence", "", "", "all", "412", "4.6"],
            ["overall_absence", "0", "", "", "412", "4.7"],
        ]
    ) == [
        Problem(4, None, "This row repeats row 2 (same measure, year group, subject and group)."),
        Problem(6, None, "This row repeats row 5 (same measure, year group, subject and group)."),
    ]


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "@SUM(A1:A2)", "+cmd|' /C calc'!A0", "-@SUM(1)", "=1+1"],
)
def test_formula_in_csv(text):
    upload = csv_upload(
        [["overall_absence", "", "", "all", "412", "4.6"], ["suspensions", "", "", "all", "", text]]
    )
    assert refused(upload) == [Problem(3, "value", FORMULA_MESSAGE)]


def test_a_formula_is_reported_with_every_other_problem_in_one_pass():
    found = []
    raw = read_upload(
        csv_upload(
            [
                ["overall_absence", "", "", "all", "412", "=4+0.6"],
                ["suspensions", "", "", "all", "", "-2"],
                ["=A1", "", "", "all", "", "1"],
            ]
        ),
        problems=found,
    )
    assert found == [Problem(2, "value", FORMULA_MESSAGE), Problem(4, "measure", FORMULA_MESSAGE)]
    with pytest.raises(UploadRejected) as caught:
        validate(raw, phase="primary", season=AUTUMN, problems=found)
    # The blank each formula leaves behind is not reported again as blank.
    assert caught.value.problems == [
        Problem(2, "value", FORMULA_MESSAGE),
        Problem(3, "value", "-2 is not a count: use a whole number, 0 or more."),
        Problem(4, "measure", FORMULA_MESSAGE),
    ]


def test_a_formula_alone_still_refuses_the_file_when_the_rest_is_right():
    found = []
    raw = read_upload(
        csv_upload([["overall_absence", "", "", "all", "412", "=4.6"]]), problems=found
    )
    with pytest.raises(UploadRejected) as caught:
        validate(raw, phase="primary", season=AUTUMN, problems=found)
    assert caught.value.problems == [Problem(2, "value", FORMULA_MESSAGE)]


def test_negative_number_is_not_taken_for_a_formula():
    assert invalid([["suspensions", "", "", "all", "", "-5"]]) == [
        Problem(2, "value", "-5 is not a count: use a whole number, 0 or more.")
    ]


@pytest.mark.parametrize(
    "formula", ['=HYPERLINK("http://x","y")', ArrayFormula("F4", "=SUM(E2:E3)")]
)
def test_formula_in_xlsx(formula):
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(phase="primary", season=AUTUMN)))
    workbook["Data"]["F4"] = formula
    assert refused(SimpleUploadedFile(XLSX, workbook_bytes(workbook))) == [
        Problem(4, "value", FORMULA_MESSAGE)
    ]


def test_xlsx_cell_formatted_as_a_percentage():
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(phase="primary", season=AUTUMN)))
    workbook["Data"]["F3"] = 0.046
    workbook["Data"]["F3"].number_format = "0.0%"
    assert refused(SimpleUploadedFile(XLSX, workbook_bytes(workbook))) == [
        Problem(
            3,
            "value",
            "The cell is formatted as a percentage, so Excel saves 95% as 0.95: format the "
            "column as Number and type 95.",
        )
    ]


def test_xlsx_keeps_spreadsheet_row_numbers_across_blank_rows():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append(["overall_absence", 0, None, "all", 412, 4.6])
    sheet.append([])
    sheet.append(["persistent_absence", 0, None, "all", 412, 140])
    rows = read_upload(SimpleUploadedFile(XLSX, workbook_bytes(workbook)))
    with pytest.raises(UploadRejected) as caught:
        validate(rows, phase="primary", season=AUTUMN)
    assert caught.value.problems == [Problem(4, "value", "140 is not a percentage (0 to 100).")]


def test_a_50_mb_file_is_refused_unread(settings):
    settings.SYMPHONY_UPLOAD_MAX_BYTES = 2 * MB
    upload = SimpleUploadedFile("figures.csv", b"measure\n")
    upload.size = 50 * MB
    assert refused(upload) == [
        Problem(
            None,
            None,
            "The file is 50.0 MB; files up to 2 MB are accepted. A term's template is far "
            "smaller: check this is the right file.",
        )
    ]


def test_the_size_limit_is_a_setting_and_the_content_is_measured_too(settings):
    settings.SYMPHONY_UPLOAD_MAX_BYTES = MB
    body = template_csv(phase="primary", season=SUMMER)
    upload = SimpleUploadedFile("figures.csv", body + b"\r\n" * MB)
    upload.size = len(body)  # A client may claim any size: what is read is what counts.
    [problem] = refused(upload)
    assert problem.message.startswith("The file is 1.0 MB; files up to 1 MB are accepted.")


def test_a_csv_in_windows_1252_is_read_as_such():
    # Excel's "CSV (Comma delimited)" on a UK Windows machine saves in Windows-1252.
    raw = read_upload(csv_upload([["café", "", "", "all", "", "1"]], encoding="cp1252"))
    assert raw[0]["measure"] == "café"
    with pytest.raises(UploadRejected) as caught:
        validate(raw, phase="primary", season=AUTUMN)
    assert caught.value.problems == [
        Problem(2, "measure", "'café' is not a measure in the template.")
    ]


def test_binary_is_not_taken_for_text():
    upload = SimpleUploadedFile("figures.csv", b"measure,value\r\n\x00\x01\x02")
    assert refused(upload) == [Problem(None, None, NOT_UTF8_MESSAGE)]
    assert NOT_UTF8_MESSAGE == "The file is not text: save it as 'CSV UTF-8' and upload it again."


ROW = ["overall_absence", "", "", "all", "412", "4.6"]


@pytest.mark.parametrize(
    "body",
    [
        ",".join(COLUMNS).encode() + b"\r\n" + ",".join(ROW).encode(),
        BOM + ",".join(COLUMNS).encode() + b"\r\n" + ",".join(ROW).encode(),
        # A CSV UTF-8 file opened as Windows-1252 and saved again as UTF-8 (LibreOffice
        # with its default filter): the mark comes back as three letters before "measure".
        "\u00ef\u00bb\u00bf".encode()
        + ",".join(COLUMNS).encode()
        + b"\r\n"
        + ",".join(ROW).encode(),
        "Measure,Year group,Subject,Group,Pupils,Value\r\n".encode("cp1252")
        + ",".join(ROW).encode("cp1252"),
    ],
    ids=["no mark", "byte-order mark", "mark misread and saved again", "headings in words"],
)
def test_a_csv_is_read_alike_however_it_was_saved(body):
    raw = read_upload(SimpleUploadedFile("figures.csv", body))
    assert validate(raw, phase="primary", season=AUTUMN) == {
        RowKey("overall_absence", 0, "", "all"): (412, Decimal("4.6"))
    }


def test_a_utf8_csv_with_accents_is_read():
    assert invalid([["café", "", "", "all", "", "1"]]) == [
        Problem(2, "measure", "'café' is not a measure in the template.")
    ]


def test_an_xlsx_that_is_a_zip_bomb():
    bomb = zip_of("xl/worksheets/sheet1.xml", megabytes_of_zeros=30)
    assert len(bomb) < 100 * 1024
    assert refused(SimpleUploadedFile(XLSX, bomb)) == [Problem(None, None, ZIP_BOMB_MESSAGE)]


def test_an_xlsx_member_compressed_a_hundredfold_is_refused_even_when_small():
    squashed = zip_of("xl/worksheets/sheet1.xml", megabytes_of_zeros=5)
    assert refused(SimpleUploadedFile(XLSX, squashed)) == [Problem(None, None, ZIP_BOMB_MESSAGE)]


@pytest.mark.parametrize(
    "body",
    [
        b"measure,year_group,subject,group,pupils,value\r\n",
        b"PK\x03\x04 but no more of a zip than that",
    ],
    ids=["csv text", "zip magic only"],
)
def test_an_xlsx_that_is_not_a_zip(body):
    assert refused(SimpleUploadedFile(XLSX, body)) == [Problem(None, None, NOT_WORKBOOK_MESSAGE)]


def test_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes.txt", "Spring figures to follow.")
    upload = SimpleUploadedFile(XLSX, buffer.getvalue())
    assert refused(upload) == [Problem(None, None, NOT_WORKBOOK_MESSAGE)]


def test_a_workbook_named_csv():
    upload = SimpleUploadedFile("figures.csv", template_xlsx(phase="primary", season=AUTUMN))
    [problem] = refused(upload)
    assert problem.message.startswith("The file is named .csv but is an Excel workbook")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "figures.pdf",
            ".pdf files are not accepted: upload the template as a .csv or .xlsx file.",
        ),
        (
            "figures.xls",
            ".xls files are not accepted: upload the template as a .csv or .xlsx file.",
        ),
        (
            "figures",
            "Files without a type are not accepted: upload the template as a .csv or .xlsx file.",
        ),
    ],
)
def test_other_types_are_refused_naming_the_accepted_ones(name, message):
    upload = SimpleUploadedFile(name, b"%PDF-1.7\n")
    assert refused(upload) == [Problem(None, None, message)]


@pytest.mark.parametrize(
    "body",
    [b"", BOM + b"\r\n\r\n", b"measure,year_group,subject,group,pupils,value\r\n,,,,,\r\n"],
    ids=["empty", "blank lines", "headings only"],
)
def test_a_file_with_no_figures(body):
    [problem] = refused(SimpleUploadedFile("figures.csv", body))
    assert "fill in the template" in problem.message


def test_a_file_far_longer_than_any_template():
    upload = csv_upload([["suspensions", "", "", "all", "", "1"]] * 2001)
    [problem] = refused(upload)
    assert problem.message.startswith("The file has entries beyond row 2001 or column Z")


# Rows that do not belong to this school or term


def test_a_year_group_an_infant_school_does_not_have():
    assert invalid([["on_track_expected", "5", "reading", "all", "30", "70"]], phase="infant") == [
        Problem(2, "year_group", "This school has no Year 5 (infant school).")
    ]


def test_measures_outside_this_term_or_this_school():
    assert invalid(
        [
            ["ks2_rwm_expected", "", "", "all", "60", "70"],
            ["y1_phonics_expected", "", "", "", "", ""],
        ],
        phase="junior",
        season=SUMMER,
    ) == [
        Problem(
            3,
            "measure",
            "Year 1 phonics screening check, met the standard is not "
            "collected from this school (junior school).",
        ),
    ]
    assert invalid([["eyfs_gld", "", "", "all", "60", "70"]], season=AUTUMN) == [
        Problem(
            2,
            "measure",
            "EYFS good level of development is collected in the summer term only, not the "
            "autumn term.",
        )
    ]


def test_key_cells_must_fit_the_measure():
    assert invalid(
        [
            ["overall_absence", "3", "maths", "boys", "30", "5"],
            ["pira_average", "", "", "all", "", "100"],
            ["on_track_expected", "2", "", "", "30", "50"],
            ["", "2", "reading", "all", "30", "50"],
        ]
    ) == [
        Problem(
            2,
            "year_group",
            "Overall absence is for the whole school: the year group must be 0 or blank.",
        ),
        Problem(2, "subject", "Overall absence has no subject: leave the subject blank."),
        Problem(2, "group", "Overall absence is for all pupils only: the group must be 'all'."),
        Problem(
            3,
            "year_group",
            "PIRA reading, average standardised score is given for each year group: use one of "
            "1, 2, 3, 4, 5, 6.",
        ),
        Problem(4, "subject", "The subject is blank: use reading, writing or maths."),
        Problem(
            4, "group", "The group is blank: use all, disadvantaged, send, eal, boys or girls."
        ),
        Problem(5, "measure", "The measure is blank: copy it from the template."),
    ]


def test_a_group_larger_than_its_whole():
    assert invalid(
        [
            ["on_track_expected", "4", "reading", "all", "30", "60"],
            ["on_track_expected", "4", "reading", "disadvantaged", "31", "40"],
            ["on_track_expected", "4", "reading", "boys", "30", "55"],
            ["on_track_expected", "4", "maths", "girls", "31", "55"],
        ]
    ) == [
        Problem(
            3, "pupils", "Disadvantaged: 31 pupils is more than the 30 in the whole year group."
        )
    ]


def test_every_problem_is_reported_at_once_with_row_and_column():
    rows = [
        ["overall_absence", "", "", "all", "", "104"],
        ["on_track_expected", "5", "science", "all", "thirty", "55"],
        ["pira_average", "3", "", "all", "28", "150"],
        [],
        ["suspensions", "", "", "all", "", "-2"],
        ["overall_absence", "", "", "all", "30", "5.2"],
        ["attendance", "", "", "all", "", "95"],
    ]
    assert [str(problem) for problem in invalid(rows)] == [
        "Row 2, column pupils: Give the number of pupils this percentage is of.",
        "Row 2, column value: 104 is not a percentage (0 to 100).",
        "Row 3, column subject: 'science' is not a subject: use reading, writing or maths.",
        "Row 3, column pupils: 'thirty' is not a number.",
        "Row 4, column value: 150 is not a standardised score (69 to 141).",
        "Row 6, column value: -2 is not a count: use a whole number, 0 or more.",
        "Row 7: This row repeats row 2 (same measure, year group, subject and group).",
        "Row 8, column measure: 'attendance' is not a measure in the template.",
    ]


@pytest.mark.parametrize(
    ("measure", "value", "text"),
    [
        ("pupils_on_roll", Decimal("262.00"), "262"),
        ("pupils_on_roll", Decimal("1262"), "1,262"),
        ("overall_absence", Decimal("4.60"), "4.6%"),
        ("overall_absence", Decimal("100.00"), "100%"),
        ("overall_absence", Decimal("0"), "0%"),
        ("pira_average", Decimal("101.40"), "101.4"),
        ("pira_average", Decimal("100"), "100.0"),
        ("suspensions", None, "—"),
    ],
)
def test_a_figure_is_shown_as_people_read_it(measure, value, text):
    from schools.data.measures import shown

    assert shown(measure, value) == text


def test_every_measure_has_a_family_on_the_data_page():
    from schools.data.measures import FAMILY_OF, MEASURES

    assert {m.key for m in MEASURES} == set(FAMILY_OF)
