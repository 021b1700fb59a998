"""The generated OpenAPI document (http/openapi.py): every served route is in it and every route in
it is served; it is valid OpenAPI 3.1; its parameters, bodies and security come from the endpoint
tables and the schema dataclasses; /docs renders it with nothing off the machine."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_spec_validator import validate

from conftest import World, build_world
from twitch_mock.app import APIS
from twitch_mock.core.scopes import ALL_SCOPES
from twitch_mock.domain.polls import MAX_TITLE
from twitch_mock.http.endpoint import Api, Auth, Endpoint
from twitch_mock.http.openapi import docs_api, document, json_schema
from twitch_mock.http.results import Data

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[World, dict[str, Any]]]:
    world = build_world()
    r = world.http.get("/openapi.json")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    yield world, r.json()
    world.store.close()


def operations(doc: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (method.upper(), path) for path, ops in doc["paths"].items() for method in ops if method in METHODS
    }


def test_every_served_route_is_documented_and_every_documented_route_is_served(
    served: tuple[World, dict[str, Any]],
) -> None:
    world, doc = served
    routes = world.http.app.dispatcher.routes  # type: ignore[attr-defined]
    served_ops = {(m, path) for path, route in routes.items() for m in (*route.methods, *route.gone)}
    assert operations(doc) == served_ops
    # and each is answered by the app, not by the 404 of an unknown path
    for method, path in sorted(operations(doc)):
        r = world.http.request(method, path)
        assert r.status_code != 404 or r.json()["message"] != "Not Found", (method, path)


def test_the_document_covers_every_api_of_the_app(served: tuple[World, dict[str, Any]]) -> None:
    _, doc = served
    paths = set(doc["paths"])
    for api in APIS:
        for prefix in api.prefixes:
            for e in api.endpoints:
                assert prefix + e.path in paths
                assert e.method.lower() in doc["paths"][prefix + e.path]
    assert {"/openapi.json", "/docs"} <= paths


def test_the_document_is_valid_openapi_3_1(served: tuple[World, dict[str, Any]]) -> None:
    _, doc = served
    assert doc["openapi"] == "3.1.0"
    validate(doc)
    ids = [op["operationId"] for ops in doc["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))


def test_a_body_schema_carries_its_rules(served: tuple[World, dict[str, Any]]) -> None:
    _, doc = served
    op = doc["paths"]["/helix/polls"]["post"]
    body = op["requestBody"]["content"]["application/json"]["schema"]
    assert op["requestBody"]["required"] is True
    assert body["properties"]["title"] == {"type": "string", "maxLength": MAX_TITLE, "minLength": 1}
    assert body["properties"]["duration"] == {"type": "integer", "minimum": 15, "maximum": 1800}
    choices = body["properties"]["choices"]
    assert choices["type"] == "array" and choices["minItems"] == 2 and choices["maxItems"] == 5
    assert choices["items"]["required"] == ["title"]
    assert {"broadcaster_id", "title", "choices", "duration"} <= set(body["required"])
    assert "channel_points_voting_enabled" not in body["required"]


def test_query_parameters_come_from_query_schemas_readers_and_paging(
    served: tuple[World, dict[str, Any]],
) -> None:
    _, doc = served
    params = {p["name"]: p for p in doc["paths"]["/helix/channels"]["get"]["parameters"]}
    assert params["broadcaster_id"]["schema"] == {
        "type": "array",
        "items": {"type": "string"},
        "maxItems": 100,
    }
    assert params["broadcaster_id"]["explode"] is True
    followers = {p["name"]: p for p in doc["paths"]["/helix/channels/followers"]["get"]["parameters"]}
    assert followers["broadcaster_id"]["required"] is True
    assert followers["user_id"]["required"] is False
    assert followers["first"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
    assert "before" not in followers
    assert "before" in {p["name"] for p in doc["paths"]["/helix/moderation/banned"]["get"]["parameters"]}
    # a form endpoint of id.twitch.tv: its fields as a urlencoded body
    revoke = doc["paths"]["/oauth2/revoke"]["post"]["requestBody"]["content"]
    assert set(revoke["application/x-www-form-urlencoded"]["schema"]["properties"]) == {"client_id", "token"}


def test_security_names_the_token_type_and_the_scopes(served: tuple[World, dict[str, Any]]) -> None:
    _, doc = served
    modify = doc["paths"]["/helix/channels"]["patch"]
    assert modify["security"] == [{"userToken": ["channel:manage:broadcast"], "clientId": []}]
    assert modify["x-twitch-token"] == "user"
    assert modify["x-policies"] == [{"policy": "Owner", "parameters": ["broadcaster_id"]}]
    get = doc["paths"]["/helix/channels"]["get"]
    assert get["security"] == [{"userToken": [], "clientId": []}, {"appToken": [], "clientId": []}]
    assert doc["paths"]["/oauth2/token"]["post"]["security"] == []
    assert doc["paths"]["/_mock/reset"]["post"]["security"] == []
    flows = doc["components"]["securitySchemes"]["userToken"]["flows"]
    assert set(flows["authorizationCode"]["scopes"]) == ALL_SCOPES


def test_responses_follow_the_handler_result_and_the_error_style(
    served: tuple[World, dict[str, Any]],
) -> None:
    _, doc = served
    paths = doc["paths"]
    assert set(paths["/helix/channels"]["patch"]["responses"]) == {"204", "4XX"}
    assert set(paths["/helix/channels/followers"]["get"]["responses"]) == {"200", "4XX"}
    error = paths["/helix/users"]["get"]["responses"]["4XX"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    oauth = paths["/oauth2/token"]["post"]["responses"]["4XX"]["content"]["application/json"]["schema"]
    assert oauth == {"$ref": "#/components/schemas/OAuthError"}
    assert doc["components"]["schemas"]["Error"]["required"] == ["error", "status", "message"]
    gone = paths["/helix/users/follows"]["get"]
    assert gone["deprecated"] is True and set(gone["responses"]) == {"410"}


def test_a_new_api_appears_by_itself() -> None:
    def ping(ctx: object) -> Data:
        return Data([])

    api = Api(name="extra", prefixes=("/extra",), endpoints=(Endpoint("GET", "/ping", ping, auth=Auth.NONE),))
    doc = document([*APIS, api])
    assert doc["paths"]["/extra/ping"]["get"]["summary"] == "Ping"
    assert "/extra/ping" in docs_api([api]).endpoints[0].handler(None).body["paths"]  # type: ignore[arg-type,union-attr,call-overload]


def test_a_declared_schema_wins_over_what_the_code_shows() -> None:
    from twitch_mock.helix.channels import CommercialBody

    def made(ctx: object) -> Data:
        return Data([])

    api = Api(
        name="extra",
        prefixes=("/x",),
        endpoints=(Endpoint("POST", "/made", made, auth=Auth.NONE, body=CommercialBody),),
    )
    op = document([api])["paths"]["/x/made"]["post"]
    assert (
        op["requestBody"]["content"]["application/json"]["schema"]["properties"]
        == (json_schema(CommercialBody)["properties"])
    )


def test_docs_page_renders_the_document_with_nothing_off_the_machine(
    served: tuple[World, dict[str, Any]],
) -> None:
    world, _ = served
    r = world.http.get("/docs")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert 'fetch("/openapi.json")' in r.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", r.text)
    assert "://" not in r.text.replace("http://www.w3.org", "")


# Found by the fuzzer (tests/fuzz): what the document said differed from what the app answered.
def test_a_text_answer_is_documented_with_its_own_media_type(served: tuple[World, dict[str, Any]]) -> None:
    world, doc = served
    ok = doc["paths"]["/helix/schedule/icalendar"]["get"]["responses"]["2XX"]
    assert set(ok["content"]) == {"text/calendar"}
    r = world.http.get("/helix/schedule/icalendar", params={"broadcaster_id": world.users["alice"]})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] in ok["content"]


def test_pages_for_people_may_answer_a_4xx_as_a_page(served: tuple[World, dict[str, Any]]) -> None:
    world, doc = served
    for path, method in (("/oauth2/activate", "get"), ("/oauth2/activate", "post")):
        assert set(doc["paths"][path][method]["responses"]["4XX"]["content"]) == {
            "application/json",
            "text/html",
        }
    assert set(doc["paths"]["/oauth2/token"]["post"]["responses"]["4XX"]["content"]) == {"application/json"}
    r = world.http.get("/oauth2/activate", params={"device-code": "ABCDEFGH", "mock_login": "nobody-here"})
    assert r.status_code == 400
    assert r.headers["content-type"] == "text/html; charset=utf-8"


def test_a_path_template_is_a_required_path_parameter() -> None:
    def remove(ctx: object) -> Data:
        return Data([])

    api = Api(
        name="extra",
        prefixes=("/x",),
        endpoints=(Endpoint("DELETE", "/things/{id}", remove, auth=Auth.NONE),),
    )
    doc = document([api])
    validate(doc)
    assert doc["paths"]["/x/things/{id}"]["delete"]["parameters"] == [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    ]


def test_a_file_answer_is_documented_as_a_binary_body(served: tuple[World, dict[str, Any]]) -> None:
    """Found by fuzzing: GET /_mock/export answers 200 with the snapshot file, which the document
    first left out (only its 4XX was listed)."""
    _, doc = served
    ok = doc["paths"]["/_mock/export"]["get"]["responses"]["2XX"]
    assert ok["content"] == {"*/*": {"schema": {"type": "string", "format": "binary"}}}
