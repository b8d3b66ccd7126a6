"""Small helpers shared by the core tests: build a request, ask the API."""

from __future__ import annotations

import json
from typing import Any

from staycheck.api import handle


def ask(destination: str | None = None, nationality: str | None = None, on: str = "",
        stays: list[tuple[str, str | None] | dict[str, Any]] = (), plan: str | None = None,
        regime: str | None = None, **extra: Any) -> dict[str, Any]:
    """Call staycheck.api.handle; stays may be (entry, exit) pairs or full dicts."""
    request: dict[str, Any] = {"on": on, "stays": [
        s if isinstance(s, dict) else {"entry": s[0], "exit": s[1]} for s in stays]}
    if destination:
        request["destination"] = destination
    if nationality:
        request["nationality"] = nationality
    if regime:
        request["regime"] = regime
    if plan:
        request["plan"] = {"entry": plan}
    request.update(extra)
    return json.loads(handle(json.dumps(request)))


def ok(response: dict[str, Any]) -> dict[str, Any]:
    assert response["ok"], response.get("error")
    return response


def violation_spans(response: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(v["first"], v["last"], v["limit_kind"]) for v in ok(response)["violations"]]
