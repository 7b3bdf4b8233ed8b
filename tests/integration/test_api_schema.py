"""/schema is the contract with the county systems that integrate: every /api/v1 write documents its
request body (when it takes one) and its answer as objects with named, typed fields."""

import re

from litestar.handlers import HTTPRouteHandler

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def resolve(spec: dict, schema: dict) -> dict:
    """Follow $ref and unwrap oneOf/anyOf of one object and null, and arrays, to the object."""
    while True:
        if "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        elif schema.get("type") == "array":
            schema = schema["items"]
        elif any(k in schema for k in ("oneOf", "anyOf")):
            options = [s for s in schema.get("oneOf") or schema["anyOf"] if s.get("type") != "null"]
            schema = options[0]
        else:
            return schema


def typed_fields(spec: dict, schema: dict) -> dict:
    found = resolve(spec, schema)
    props = found.get("properties") or {}
    untyped = [k for k, v in props.items() if not v or v == {}]
    return {"properties": props, "untyped": untyped}


def writes(app):
    for route in app.routes:
        if not route.path.startswith("/api/v1"):
            continue
        for handler in getattr(route, "route_handlers", []):
            if isinstance(handler, HTTPRouteHandler) and WRITES & set(handler.http_methods):
                yield re.sub(r"{(\w+):\w+}", r"{\1}", route.path), handler


def test_every_api_write_documents_its_body_and_its_answer(app, client):
    spec = client.get("/schema/openapi.json").json()
    missing = []
    for path, handler in writes(app):
        for method in WRITES & set(handler.http_methods):
            operation = spec["paths"][path][method.lower()]
            takes_body = "data" in handler.parsed_fn_signature.parameters
            if takes_body:
                body = operation.get("requestBody", {}).get("content", {})
                schema = next(iter(body.values()), {}).get("schema")
                if not schema or not typed_fields(spec, schema)["properties"]:
                    missing.append(f"{method} {path}: request body")
            answers = [r for code, r in operation["responses"].items() if code.startswith("2")]
            content = (answers[0].get("content") or {}) if answers else {}
            schema = next(iter(content.values()), {}).get("schema")
            if not schema or not typed_fields(spec, schema)["properties"]:
                missing.append(f"{method} {path}: answer")
    assert missing == []
