"""Helix Predictions family (dev.twitch.tv/docs/api/reference/#get-predictions): Get Predictions,
Create Prediction, End Prediction. The rules (one running prediction per channel, locking when the
window closes, payouts and refunds) are in domain/predictions.py."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.domain import predictions
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data, Page

MAX_IDS = 25


@dataclass(frozen=True, slots=True, kw_only=True)
class PredictionsQuery:
    id: list[str] = rule((), max_items=MAX_IDS)


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeBody:
    title: str = rule(max_length=predictions.MAX_OUTCOME_TITLE, not_empty=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreatePredictionBody:
    broadcaster_id: str
    title: str = rule(max_length=predictions.MAX_TITLE, not_empty=True)
    outcomes: list[OutcomeBody] = rule(min_items=predictions.MIN_OUTCOMES, max_items=predictions.MAX_OUTCOMES)
    prediction_window: int = rule(minimum=predictions.MIN_WINDOW, maximum=predictions.MAX_WINDOW)


@dataclass(frozen=True, slots=True, kw_only=True)
class EndPredictionBody:
    broadcaster_id: str
    id: str = rule(not_empty=True)
    status: str = rule(choices=predictions.END_STATUSES)
    winning_outcome_id: str | None = None


def get_predictions(ctx: Ctx) -> Page:
    query = ctx.parse_query(PredictionsQuery)
    predictions.settle(ctx.services, ctx.user_id)
    return Page(predictions.predictions(ctx.conn, ctx.user_id, ctx.window, query.id))


def create_prediction(ctx: Ctx) -> Data:
    body = ctx.parse(CreatePredictionBody)
    outcomes = [o.title for o in body.outcomes]
    return Data([predictions.create(ctx.services, ctx.user_id, body.title, outcomes, body.prediction_window)])


def end_prediction(ctx: Ctx) -> Data:
    body = ctx.parse(EndPredictionBody)
    ended = predictions.end(ctx.services, ctx.user_id, body.id, body.status, body.winning_outcome_id)
    return Data([ended])


MANAGE = "channel:manage:predictions"
ENDPOINTS = (
    Endpoint(
        "GET",
        "/predictions",
        get_predictions,
        auth=Auth.USER,
        scopes=("channel:read:predictions", MANAGE),
        owner="broadcaster_id",
        first=(20, 25),
    ),
    Endpoint(
        "POST",
        "/predictions",
        create_prediction,
        auth=Auth.USER,
        scopes=(MANAGE,),
        owner="body.broadcaster_id",
    ),
    Endpoint(
        "PATCH", "/predictions", end_prediction, auth=Auth.USER, scopes=(MANAGE,), owner="body.broadcaster_id"
    ),
)
