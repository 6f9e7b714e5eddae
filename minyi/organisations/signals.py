"""Signals for apps that keep work attached to the organisation."""

from django.dispatch import Signal

# Sent inside merge_units' transaction with `source`, `target` and `actor`, so that whoever keeps
# open work for units (the matters engine) re-points it to the target in the same transaction.
unit_merged = Signal()
