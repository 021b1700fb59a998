"""The mock's own OpenAPI 3.1 document, generated from the endpoint tables (`Api`/`Endpoint`) of
every namespace the app serves, and the `/docs` page that shows it to people.

Nothing here is written by hand per endpoint. An operation's parts come from:
- path, method, token type, scopes, policies and page sizes: its `Endpoint` line;
- query parameters and the JSON body: the schema dataclasses (http/body.py) the handler parses,
  `Endpoint.query` / `Endpoint.body` where declared, otherwise found in the handler's code (and
  the same-module helpers it calls): `ctx.parse_query(Schema)`, `ctx.parse(Schema)`,
  `parse(Schema, ...)`, and the typed readers `ctx.query.require("x")`, `ctx.form.get("x")`,
  `body.integer("x", minimum=...)`;
- the success answer: the handler's return annotation (`Data`, `Page`, `NoContent`, `Json`...);
  errors: the namespace's error shape (`ErrorStyle`)."""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any

import orjson

from twitch_mock.core.scopes import ALL_SCOPES
from twitch_mock.http import results
from twitch_mock.http.body import Rule, parse
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Api, Auth, Endpoint, ErrorStyle, Handler
from twitch_mock.http.results import Html, Json

Schema = dict[str, Any]
OPENAPI_PATH = "/openapi.json"
DOCS_PATH = "/docs"

HELIX_ERROR: Schema = {
    "type": "object",
    "required": ["error", "status", "message"],
    "properties": {
        "error": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "message": {"type": "string"},
    },
}
OAUTH_ERROR: Schema = {
    "type": "object",
    "required": ["status", "message"],
    "properties": {
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "message": {"type": "string"},
    },
}
PAGINATION: Schema = {"type": "object", "properties": {"cursor": {"type": "string"}}}
DATA: Schema = {"type": "object", "required": ["data"], "properties": {"data": {}}}
PAGE: Schema = {
    "type": "object",
    "required": ["data", "pagination"],
    "properties": {"data": {}, "pagination": {"$ref": "#/components/schemas/Pagination"}},
}
QUERY_READERS: dict[str, Schema] = {
    "require": {"type": "string"},
    "get": {"type": "string"},
    "text": {"type": "string"},
    "all": {"type": "array", "items": {"type": "string"}},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "choice": {"type": "string"},
    "timestamp": {"type": "string", "format": "date-time"},
}
BODY_READERS: dict[str, Schema] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "array": {"type": "array"},
    "object": {"type": "object"},
}
MAX_DEPTH = 4  # helpers followed from a handler
PATH_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


# -- what a handler reads ------------------------------------------------------------------------


@dataclass
class Inputs:
    query: dict[str, Schema] = field(default_factory=dict)
    required_query: set[str] = field(default_factory=set)
    query_schemas: list[type] = field(default_factory=list)
    body: dict[str, Schema] = field(default_factory=dict)
    required_body: set[str] = field(default_factory=set)
    body_schemas: list[type] = field(default_factory=list)
    body_required: bool = False  # a request without a body is refused
    free_body: bool = False  # reads body fields by name the code does not spell out
    form: dict[str, Schema] = field(default_factory=dict)


@cache
def inputs(endpoint: Endpoint) -> Inputs:
    found = Inputs()
    _Reader(found).function(endpoint.handler, {}, 0)
    if endpoint.query is not None:
        found.query_schemas = [endpoint.query]
    if endpoint.body is not None:
        found.body_schemas, found.body_required = [endpoint.body], True
    return found


class _Reader:
    """Walks a handler's syntax tree (and the helpers of its package it calls, with constant
    arguments bound) for the schema parses and typed reads it does."""

    def __init__(self, out: Inputs) -> None:
        self.out = out
        self.seen: set[tuple[Any, ...]] = set()

    def function(self, fn: Callable[..., Any], bound: dict[str, Any], depth: int) -> None:
        fn = inspect.unwrap(fn)
        names: dict[str, Any] = dict(fn.__globals__)
        closure = inspect.getclosurevars(fn) if fn.__closure__ else None
        if closure is not None:
            names.update(closure.nonlocals)
        scope = _Scope(names, bound)
        for node in _nodes(fn):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and _is_attr(node.value, "query", "form", "body"):
                    scope.aliases[target.id] = typing.cast(ast.Attribute, node.value).attr
            elif isinstance(node, ast.Call):
                self.call(node, scope, depth)

    def call(self, node: ast.Call, scope: _Scope, depth: int) -> None:
        func = node.func
        first = scope.value(node.args[0]) if node.args else None
        if isinstance(func, ast.Attribute):
            source = scope.source(func.value)
            if func.attr == "parse_query" and _schema_class(first):
                self.out.query_schemas.append(first)
                return
            if func.attr == "parse" and source == "ctx" and _schema_class(first):
                self.out.body_schemas.append(first)
                self.out.body_required = True
                return
            if func.attr == "fields" and source == "body":
                self.out.free_body = True
            if source in ("query", "form") and func.attr in QUERY_READERS and isinstance(first, str):
                into = self.out.query if source == "query" else self.out.form
                into[first] = _reader_schema(QUERY_READERS[func.attr], node, scope)
                if func.attr == "require" and source == "query":
                    self.out.required_query.add(first)
                return
            if func.attr in BODY_READERS and isinstance(first, str) and source != "query":
                self.out.body[first] = _reader_schema(BODY_READERS[func.attr], node, scope)
                if scope.keyword(node, "required") is True:
                    self.out.required_body.add(first)
                return
        if isinstance(func, ast.Attribute) and func.attr == "body" and scope.source(func.value) == "ctx":
            self.out.free_body = True
        target = scope.value(func)
        if target is parse and _schema_class(first):
            self.out.body_schemas.append(first)
            return
        # helpers handed the request (`_trusted(ctx, ...)`, `required(body, "x")`), not the domain
        handed = any(scope.source(a.value if isinstance(a, ast.Starred) else a) for a in node.args)
        if depth < MAX_DEPTH and handed and inspect.isfunction(target) and _ours(target):
            self.helper(target, node, scope, depth)

    def helper(self, fn: types.FunctionType, node: ast.Call, scope: _Scope, depth: int) -> None:
        try:
            signature = inspect.signature(fn)
        except (TypeError, ValueError):
            return
        args: list[Any] = []
        for a in node.args:
            if isinstance(a, ast.Starred):
                spread = scope.value(a.value)
                args += list(spread) if isinstance(spread, list | tuple) else []
            else:
                args.append(scope.value(a))
        bound: dict[str, Any] = {}
        params = list(signature.parameters.values())
        for i, p in enumerate(params):
            if p.kind is p.VAR_POSITIONAL:
                bound[p.name] = tuple(args[i:])
                break
            if i < len(args):
                bound[p.name] = args[i]
        for kw in node.keywords:
            if kw.arg is not None:
                bound[kw.arg] = scope.value(kw.value)
        key = (fn, tuple(sorted((k, repr(v)) for k, v in bound.items())))
        if key in self.seen:
            return
        self.seen.add(key)
        self.function(fn, bound, depth + 1)
        if not _reads_fields(fn):
            return
        # a helper handed the names a body may hold (`fields(ctx, "a", "b")`) that checks `.fields`
        for value in bound.values():
            if isinstance(value, tuple) and all(isinstance(x, str) for x in value):
                for name in value:
                    self.out.body.setdefault(name, {})


class _Scope:
    def __init__(self, names: dict[str, Any], bound: dict[str, Any]) -> None:
        self.names = names
        self.bound = bound
        self.aliases: dict[str, str] = {}

    def value(self, node: ast.expr) -> Any:
        """A constant, a bound argument, or a module-level name; None when not known statically."""
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in self.bound:
                return self.bound[node.id]
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            owner = self.value(node.value)
            if owner is not None and not isinstance(owner, str | int | float | bool):
                return getattr(owner, node.attr, None)
        return None

    def source(self, node: ast.expr) -> str | None:
        """What `node` is: "ctx", "query", "form" or "body" (the request's parts), else None."""
        if isinstance(node, ast.Name):
            if node.id in self.aliases:
                return self.aliases[node.id]
            if node.id == "ctx":
                return "ctx"
            if node.id in ("body", "sent") or node.id.endswith("body"):
                return "body"
            if node.id in ("query", "form"):
                return node.id
            return None
        if isinstance(node, ast.Attribute) and node.attr in ("query", "form", "body"):
            return node.attr
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            # `fields(ctx, "seconds").integer(...)`: a helper returning the body
            return "body" if node.func.id in ("fields", "optional_body") else None
        return None

    def keyword(self, node: ast.Call, name: str) -> Any:
        for kw in node.keywords:
            if kw.arg == name:
                return self.value(kw.value)
        return None


def _is_attr(node: ast.expr, *names: str) -> bool:
    return isinstance(node, ast.Attribute) and node.attr in names


def _reader_schema(base: Schema, node: ast.Call, scope: _Scope) -> Schema:
    schema = dict(base)
    for kw, key in (("minimum", "minimum"), ("maximum", "maximum"), ("max_length", "maxLength")):
        value = scope.keyword(node, kw)
        if isinstance(value, int | float) and not isinstance(value, bool):
            schema[key] = value
    options = scope.value(node.args[1]) if len(node.args) > 1 else None
    if isinstance(node.func, ast.Attribute) and node.func.attr == "choice" and isinstance(options, Iterable):
        schema["enum"] = [str(o) for o in options]
    return schema


def _schema_class(value: Any) -> typing.TypeGuard[type]:
    return isinstance(value, type) and is_dataclass(value)


def _ours(fn: types.FunctionType) -> bool:
    return fn.__module__.startswith("twitch_mock.") and not fn.__module__.startswith("twitch_mock.http.")


@cache
def _nodes(fn: Callable[..., Any]) -> tuple[ast.AST, ...]:
    """Every node of the function's syntax tree (none when its source is not available)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return ()
    return tuple(ast.walk(tree))


@cache
def _reads_fields(fn: Callable[..., Any]) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "fields" for n in _nodes(fn))


# -- schema dataclasses as JSON Schema -----------------------------------------------------------


def json_schema(cls: type, *, strict: bool = False) -> Schema:
    """The JSON Schema of a body schema dataclass (http/body.py): types, required fields, rules."""
    hints = typing.get_type_hints(cls)
    properties: dict[str, Schema] = {}
    required: list[str] = []
    for f in fields(typing.cast(Any, cls)):
        limits: Rule = f.metadata.get("rule", Rule())
        properties[f.name] = _type_schema(hints[f.name], limits, strict)
        if f.default is MISSING and f.default_factory is MISSING:
            required.append(f.name)
            if limits.not_empty and properties[f.name].get("type") == "string":
                properties[f.name].setdefault("minLength", 1)
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    if strict:
        schema["additionalProperties"] = False
    return schema


def _type_schema(hint: Any, limits: Rule, strict: bool) -> Schema:
    hint = _plain(hint)
    if typing.get_origin(hint) is list:
        item = Rule(min_length=limits.min_length, max_length=limits.max_length, choices=limits.choices)
        schema: Schema = {"type": "array", "items": _type_schema(typing.get_args(hint)[0], item, strict)}
        if limits.min_items is not None:
            schema["minItems"] = limits.min_items
        if limits.max_items is not None:
            schema["maxItems"] = limits.max_items
        return schema
    if isinstance(hint, type) and is_dataclass(hint):
        return json_schema(hint, strict=strict)
    if hint is bool:
        return {"type": "boolean"}
    if hint in (int, float):
        schema = {"type": "integer" if hint is int else "number"}
        if limits.minimum is not None:
            schema["minimum"] = limits.minimum
        if limits.maximum is not None:
            schema["maximum"] = limits.maximum
    else:
        schema = {"type": "string"}
        if limits.min_length is not None:
            schema["minLength"] = limits.min_length
        if limits.max_length is not None:
            schema["maxLength"] = limits.max_length
    if limits.choices is not None:
        schema["enum"] = list(limits.choices)
    return schema


def _plain(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(inner) == 1:
            return inner[0]
    return hint


# -- operations ----------------------------------------------------------------------------------


def title(handler: Handler) -> str:
    """ "get_channel_information" -> "Get Channel Information"."""
    return " ".join(word.capitalize() for word in handler.__name__.strip("_").split("_"))


def _parameters(endpoint: Endpoint, found: Inputs, method: str) -> list[Schema]:
    params: dict[str, Schema] = {}
    for name in PATH_PARAMETER.findall(endpoint.path):  # `/faults/{id}`
        params[name] = {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}

    def add(name: str, schema: Schema, required: bool) -> None:
        if name in params:
            if params[name]["in"] == "path":
                return
            params[name]["required"] = params[name]["required"] or required
            return
        param: Schema = {"name": name, "in": "query", "required": required, "schema": schema}
        if schema.get("type") == "array":
            param |= {"style": "form", "explode": True}
        params[name] = param

    for cls in found.query_schemas:
        whole = json_schema(cls)
        for name, schema in whole["properties"].items():
            add(name, schema, name in whole.get("required", ()))
    for name, schema in found.query.items():
        add(name, schema, name in found.required_query)
    for policy in endpoint.policies:
        for name in policy.params:
            if not name.startswith("body.") and name not in found.body:
                add(name, {"type": "string"}, True)
    if endpoint.first is not None:
        default, maximum = endpoint.first
        add("first", {"type": "integer", "minimum": 1, "maximum": maximum, "default": default}, False)
        add("after", {"type": "string"}, False)
        if endpoint.before:
            add("before", {"type": "string"}, False)
    if method == "GET":
        for name, schema in found.form.items():
            add(name, schema, False)
    return list(params.values())


def _request_body(found: Inputs, method: str) -> Schema | None:
    if method == "POST" and found.form:
        form = {"type": "object", "properties": found.form}
        return {"required": False, "content": {"application/x-www-form-urlencoded": {"schema": form}}}
    schemas = [json_schema(cls) for cls in found.body_schemas]
    if not schemas and not found.body and not found.free_body:
        return None
    properties: dict[str, Schema] = {}
    required: list[str] = []
    for s in schemas:
        properties |= s["properties"]
        required += [r for r in s.get("required", ()) if r not in required]
    for name, schema in found.body.items():
        properties.setdefault(name, schema)
        if name in found.required_body and name not in required:
            required.append(name)
    body: Schema = {"type": "object", "properties": properties}
    if required:
        body["required"] = required
    return {
        "required": found.body_required or bool(required),
        "content": {"application/json": {"schema": body}},
    }


def _results(handler: Handler) -> tuple[type, ...]:
    try:
        hint = typing.get_type_hints(inspect.unwrap(handler)).get("return")
    except (NameError, TypeError):
        hint = None
    if hint is None:
        return typing.get_args(results.Result)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _responses(endpoint: Endpoint, api: Api) -> Schema:
    out: Schema = {}
    kinds = _results(endpoint.handler)
    for kind in kinds:
        if kind is results.Page or (kind is results.Data and endpoint.first is not None):
            out["200"] = _json("A page of the list", {"$ref": "#/components/schemas/Page"})
        elif kind is results.Data:
            out["2XX"] = _json("Success", {"$ref": "#/components/schemas/Data"})
        elif kind is results.NoContent:
            out["204"] = {"description": "Success, no content"}
        elif kind is results.Json:
            out.setdefault("2XX", _json("Success", {}))
        elif kind is results.Empty:
            out.setdefault("2XX", {"description": "Success, empty body"})
        elif kind is results.Redirect:
            out["3XX"] = {
                "description": "A redirect",
                "headers": {"Location": {"schema": {"type": "string"}}},
            }
        elif kind is results.Html:
            out.setdefault("2XX", {"description": "An HTML page", "content": {"text/html": {"schema": {}}}})
        elif kind is results.Text:
            types_: Schema = {t: {"schema": {}} for t in _text_types(endpoint.handler)}
            out.setdefault("2XX", {"description": "Text", "content": types_})
        elif kind is results.Bytes:  # a file (a world snapshot), in the media type it names
            binary = {"type": "string", "format": "binary"}
            out.setdefault("2XX", {"description": "A file", "content": {"*/*": {"schema": binary}}})
    error = "OAuthError" if api.errors is ErrorStyle.OAUTH else "Error"
    out["4XX"] = _json("Twitch's error answer", {"$ref": f"#/components/schemas/{error}"})
    if results.Html in kinds:
        # a page for people (consent, activation) says what went wrong as a page
        out["4XX"]["content"]["text/html"] = {"schema": {}}
    return out


def _text_types(handler: Handler) -> list[str]:
    """The media types of the `Text(..., content_type=...)` a handler returns (text/plain when
    its code does not say)."""
    fn = inspect.unwrap(handler)
    scope = _Scope(dict(fn.__globals__), {})
    found = [
        scope.keyword(node, "content_type")
        for node in _nodes(fn)
        if isinstance(node, ast.Call) and scope.value(node.func) is results.Text
    ]
    kinds = sorted({t.split(";")[0].strip() for t in found if isinstance(t, str)})
    return kinds or ["text/plain"]


def _json(description: str, schema: Schema) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _security(endpoint: Endpoint, api: Api) -> list[Schema] | None:
    if not api.helix_auth or endpoint.auth is Auth.NONE:
        return None
    scopes = list(endpoint.scopes) if not endpoint.scopes_optional else []
    user: list[Schema]
    if endpoint.all_scopes or len(scopes) <= 1:
        user = [{"userToken": scopes, "clientId": []}]
    else:
        user = [{"userToken": [s], "clientId": []} for s in scopes]
    app: list[Schema] = [{"appToken": [], "clientId": []}]
    if endpoint.auth is Auth.APP:
        return app
    if endpoint.auth is Auth.USER:
        return user
    return user + app


def operation(api: Api, prefix: str, endpoint: Endpoint) -> Schema:
    method = endpoint.method
    found = inputs(endpoint)
    doc = inspect.getdoc(endpoint.handler) or ""
    op: Schema = {
        "operationId": f"{prefix.strip('/') or 'root'}.{endpoint.handler.__name__}",
        "summary": title(endpoint.handler),
        "tags": [api.name],
        "parameters": _parameters(endpoint, found, method),
        "responses": _responses(endpoint, api),
        "x-twitch-token": endpoint.auth.value,
    }
    if doc:
        op["description"] = doc
    body = _request_body(found, method)
    if body is not None:
        op["requestBody"] = body
    security = _security(endpoint, api)
    if security is not None:
        op["security"] = security
        if endpoint.scopes:
            op["x-scopes"] = list(endpoint.scopes)
            op["x-scopes-needed"] = (
                "all" if endpoint.all_scopes else "none" if endpoint.scopes_optional else "any"
            )
    elif api.helix_auth or endpoint.auth is Auth.NONE:
        op["security"] = []
    if endpoint.policies:
        op["x-policies"] = [
            {"policy": type(p).__name__, "parameters": list(p.params)} for p in endpoint.policies
        ]
    if endpoint.first is not None:
        op["x-page-size"] = {"default": endpoint.first[0], "maximum": endpoint.first[1]}
    return op


def _gone(api: Api, prefix: str, method: str, path: str) -> Schema:
    error = "OAuthError" if api.errors is ErrorStyle.OAUTH else "Error"
    name = f"{method.lower()}{path.replace('/', '_')}"
    return {
        "operationId": f"{prefix.strip('/') or 'root'}.gone.{name}",
        "summary": f"{method} {path} (removed by Twitch)",
        "tags": [api.name],
        "deprecated": True,
        "responses": {
            "410": _json("Twitch has removed this endpoint", {"$ref": f"#/components/schemas/{error}"})
        },
    }


def document(apis: Sequence[Api], *, version: str = "0") -> Schema:
    """The OpenAPI 3.1 document of `apis`, each endpoint under each of its namespace's prefixes."""
    paths: dict[str, Schema] = {}
    for api in apis:
        for prefix in api.prefixes:
            for endpoint in api.endpoints:
                paths.setdefault(prefix + endpoint.path, {})[endpoint.method.lower()] = operation(
                    api, prefix, endpoint
                )
            for method, path in api.gone:
                paths.setdefault(prefix + path, {})[method.lower()] = _gone(api, prefix, method, path)
    scopes = {s: s for s in sorted(ALL_SCOPES)}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "twitch-mock",
            "version": version,
            "description": "Every endpoint twitch-mock serves: Helix (under /helix and /mock), "
            "id.twitch.tv (under /oauth2 and /auth), the /units listings and the /_mock control API. "
            "Generated from the endpoint tables.",
        },
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": {
                "Error": HELIX_ERROR,
                "OAuthError": OAUTH_ERROR,
                "Pagination": PAGINATION,
                "Data": DATA,
                "Page": PAGE,
            },
            "securitySchemes": {
                "userToken": {
                    "type": "oauth2",
                    "description": "A user access token (Authorization: Bearer)",
                    "flows": {
                        "authorizationCode": {
                            "authorizationUrl": "/oauth2/authorize",
                            "tokenUrl": "/oauth2/token",
                            "scopes": scopes,
                        }
                    },
                },
                "appToken": {
                    "type": "oauth2",
                    "description": "An app access token (Authorization: Bearer)",
                    "flows": {"clientCredentials": {"tokenUrl": "/oauth2/token", "scopes": {}}},
                },
                "clientId": {"type": "apiKey", "in": "header", "name": "Client-Id"},
            },
        },
    }


def docs_api(apis: Sequence[Api]) -> Api:
    """`GET /openapi.json` (the document of `apis` and of itself) and `GET /docs`."""
    cache: list[bytes] = []

    def openapi_document(ctx: Ctx) -> Json:
        """This document."""
        if not cache:
            cache.append(orjson.dumps(document([*apis, served])))
        return Json(orjson.loads(cache[0]))

    def docs_page(ctx: Ctx) -> Html:
        """The document rendered for people."""
        return Html(DOCS_HTML)

    served = Api(
        name="docs",
        prefixes=("",),
        endpoints=(
            Endpoint("GET", OPENAPI_PATH, openapi_document, auth=Auth.NONE),
            Endpoint("GET", DOCS_PATH, docs_page, auth=Auth.NONE),
        ),
    )
    return served


DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>twitch-mock API</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
details{border:1px solid #ddd;border-radius:4px;margin:.3em 0;padding:.3em .6em}
summary{cursor:pointer}code,.m{font-family:ui-monospace,monospace}
.m{display:inline-block;width:4.5em;font-weight:bold}.GET{color:#06c}.POST{color:#080}
.PUT{color:#a60}.PATCH{color:#a60}.DELETE{color:#c00}.dep{opacity:.55}
table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #ddd;padding:.15em .5em;text-align:left}
pre{background:#f6f6f6;padding:.5em;overflow:auto}#q{width:30em;padding:.3em}
</style></head><body>
<h1>twitch-mock API</h1>
<p>Generated from the endpoint tables; the raw document is <a href="/openapi.json">/openapi.json</a>.</p>
<p><input id="q" placeholder="filter: path, name or scope"></p>
<div id="out">Loading /openapi.json…</div>
<script>
"use strict";
const esc = s => String(s).replace(/[&<>"]/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]));
function deref(doc, s) {
  while (s && s.$ref) s = s.$ref.split("/").slice(1).reduce((o, k) => o[k], doc);
  return s || {};
}
function rules(s) {
  const out = [];
  for (const k of ["minimum","maximum","minLength","maxLength","minItems","maxItems","default"])
    if (s[k] !== undefined) out.push(k + " " + s[k]);
  if (s.enum) out.push("one of " + s.enum.join(", "));
  return out.join("; ");
}
function kind(s) {
  return s.type === "array" ? (s.items && s.items.type || "any") + "[]" : (s.type || "any");
}
function render(doc, filter) {
  const groups = {};
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    const scopes = op["x-scopes"] || [];
    const text = (path + " " + op.summary + " " + scopes.join(" ")).toLowerCase();
    if (filter && !text.includes(filter)) continue;
    (groups[op.tags[0]] = groups[op.tags[0]] || []).push([path, method.toUpperCase(), op]);
  }
  let html = "";
  for (const [tag, ops] of Object.entries(groups)) {
    html += "<h2>" + esc(tag) + " (" + ops.length + ")</h2>";
    for (const [path, method, op] of ops) {
      html += "<details" + (op.deprecated ? ' class="dep"' : "") + "><summary><span class='m " + method + "'>"
        + method + "</span> <code>" + esc(path) + "</code> — " + esc(op.summary) + "</summary>";
      if (op.description) html += "<pre>" + esc(op.description) + "</pre>";
      html += "<p>Token: <b>" + esc(op["x-twitch-token"] || "none") + "</b>";
      if (op["x-scopes"]) html += "; scopes (" + esc(op["x-scopes-needed"]) + "): <code>"
        + op["x-scopes"].map(esc).join("</code>, <code>") + "</code>";
      if (op["x-policies"]) html += "; who: "
        + op["x-policies"].map(p => esc(p.policy + "(" + p.parameters.join(", ") + ")")).join(", ");
      const size = op["x-page-size"];
      if (size) html += "; page size " + size.default + ", at most " + size.maximum;
      html += "</p>";
      const params = op.parameters || [];
      if (params.length) {
        html += "<table><tr><th>query</th><th>type</th><th>required</th><th>rules</th></tr>";
        for (const p of params) html += "<tr><td><code>" + esc(p.name) + "</code></td><td>"
          + esc(kind(p.schema))
          + "</td><td>" + (p.required ? "yes" : "") + "</td><td>" + esc(rules(p.schema)) + "</td></tr>";
        html += "</table>";
      }
      if (op.requestBody) for (const [type, media] of Object.entries(op.requestBody.content)) {
        const s = deref(doc, media.schema), req = s.required || [];
        html += "<table><tr><th>body (" + esc(type) + ")</th><th>type</th><th>required</th>"
          + "<th>rules</th></tr>";
        for (const [name, f] of Object.entries(s.properties || {})) html += "<tr><td><code>" + esc(name)
          + "</code></td><td>" + esc(kind(f)) + "</td><td>" + (req.includes(name) ? "yes" : "") + "</td><td>"
          + esc(rules(f)) + "</td></tr>";
        html += "</table>";
      }
      html += "<p>Responses: " + Object.keys(op.responses).map(esc).join(", ") + "</p></details>";
    }
  }
  document.getElementById("out").innerHTML = html || "No operation matches.";
}
fetch("/openapi.json").then(r => r.json()).then(doc => {
  const q = document.getElementById("q");
  render(doc, "");
  q.addEventListener("input", () => render(doc, q.value.trim().toLowerCase()));
}).catch(e => { document.getElementById("out").textContent = "Could not load /openapi.json: " + e; });
</script></body></html>
"""
