"""Benchmarks for the portal: ``python -m benchmarks`` (``make bench``).

``generator`` builds a synthetic trust of any size through the project's own models with
``bulk_create``; ``run`` measures pages, PDFs, the upload, the reminder scan and a login
burst against it on a dedicated PostgreSQL database, and prints the table that
``docs/performance.md`` records.
"""
