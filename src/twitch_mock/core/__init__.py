"""Shared primitives: errors, clock, ids and randomness, scopes."""
