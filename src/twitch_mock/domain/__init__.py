"""The domain layer: one module per family, each the one owner of its tables, their SQL and their
rules (a ban ends the moderator and VIP roles wherever the ban comes from). Helix, the control API,
`MockTwitch`, the generator, and later EventSub and chat act on the world only through it. State
changes publish typed events into the transaction's outbox (outbox.py); `Services` (services.py)
is what one mock instance owns."""
