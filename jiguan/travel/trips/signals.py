"""What the platform tells the ledger (the ledger is above it): a trip was closed. Sent inside
the closing transaction so the ledger's entries commit, or roll back, with it."""

from django.dispatch import Signal

# sender=Trip, trip=<Trip>, actor=<User>
trip_closed = Signal()
