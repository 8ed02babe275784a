"""Termly data collection: what schools submit, how it is read and checked, and
the trust and national figures it is compared with. Aggregates only: no pupil is named."""
