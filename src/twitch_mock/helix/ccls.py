"""Helix Content Classification Labels (dev.twitch.tv/docs/api/reference/#get-content-
classification-labels): Get Content Classification Labels."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.domain import ccls
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelsQuery:
    locale: str = rule(ccls.DEFAULT_LOCALE, choices=ccls.LOCALES)


def get_content_classification_labels(ctx: Ctx) -> Data:
    return Data(ccls.labels(ctx.parse_query(LabelsQuery).locale))


ENDPOINTS = (
    Endpoint("GET", "/content_classification_labels", get_content_classification_labels, auth=Auth.EITHER),
)
