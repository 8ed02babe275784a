"""Cells the portal writes into CSV and Excel exports."""


def safe_cell(value) -> str:
    """The value as text; one a spreadsheet would run as a formula (CSV injection) gets a
    leading apostrophe, so it is shown, never evaluated. Numbers such as -5 stay numbers."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@") and not _number(text):
        return "'" + text
    return text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
