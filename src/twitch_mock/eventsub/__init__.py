"""EventSub: the subscriptions API, its transports (WebSocket, webhook, conduit) and the dispatch of
the outbox's events to every matching subscription."""
