"""Cells the portal writes into CSV and Excel exports."""

# What a spreadsheet may take as the start of a formula (OWASP "CSV injection"): = + - @,
# and tab or carriage return, which some programs skip before looking for one.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The value as text; one a spreadsheet would run as a formula (CSV injection) gets a
    leading apostrophe, so it is shown, never evaluated. Numbers such as -5 stay numbers."""
    text = str(value)
    if text.startswith(_FORMULA_STARTS) and not (text[0] in "+-" and _number(text)):
        return "'" + text
    return text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text
