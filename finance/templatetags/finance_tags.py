"""The words of a financial KPI's RAG state, the same in every page that shows one."""

from django import template

from ..kpis import RAG_WORDS

register = template.Library()


@register.filter
def rag_word(rag: str) -> str:
    """ "Met", "Close" or "Not met"; nothing for a figure not judged."""
    return RAG_WORDS.get(rag, "")
