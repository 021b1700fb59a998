"""The id.twitch.tv service (OAuth 2.0 + OpenID Connect), served under `/oauth2` and `/auth`."""
