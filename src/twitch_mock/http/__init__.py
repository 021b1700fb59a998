"""The HTTP framework shared by every API: endpoint tables, request context and readers, auth,
pagination, rate limits, the one serializer and the ASGI dispatcher."""
