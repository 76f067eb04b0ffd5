"""Schemathesis hooks for test/setup/fuzz.sh.

The served OpenAPI document states everything about a request that JSON Schema can state. A few rules
cannot be stated there (they relate two parameters, or depend on the store's data, the clock or DNS);
each is written in its operation's description, and schemathesis.toml lets positive_data_acceptance
accept a 400 on exactly those operations. This check then holds every 400 to a schema-valid request to
the documented rejection of its operation: the documented error code, caused by the documented
condition in the request. Any other 400 to a schema-valid request fails the run.
"""

from datetime import datetime, timezone

import schemathesis

LISTS = {f"GET /v1/{name}" for name in ("agents", "blueprints", "variables", "interview-runs", "webhook-endpoints")}


def _error(response):
    try:
        return response.json()["error"]
    except Exception:
        return {}


def _list_rule(case, error):
    """Cursor listing and page-number listing are exclusive; a cursor names an object of the list."""
    q = case.query or {}
    cursors = [k for k in ("starting_after", "ending_before") if k in q]
    pages = [k for k in ("page", "page_size") if k in q]
    if error.get("code") != "VALIDATION_FAILED":
        return False
    if pages and cursors:
        return "cannot be combined" in str(error.get("details"))
    if len(cursors) == 2:
        return "cannot be combined" in str(error.get("details"))
    return len(cursors) == 1 and error.get("message", "").startswith("unknown cursor")


def _api_key_rule(case, error):
    """`expires_at` must be in the future; at most 10 active keys per organisation (the store's data)."""
    if error.get("code") == "LIMIT_EXCEEDED":
        return True
    body = case.body if isinstance(case.body, dict) else {}
    raw = body.get("expires_at")
    if error.get("code") != "VALIDATION_FAILED" or not isinstance(raw, str):
        return False
    when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when <= datetime.now(timezone.utc) and "expires_at" in str(error.get("details"))


def _webhook_url_rule(case, error):
    """The host must resolve, and only to public addresses (the SSRF guard)."""
    reason = (error.get("details") or {}).get("reason")
    return error.get("code") == "INVALID_WEBHOOK_URL" and reason in ("unresolvable", "blocked_host", "blocked_address")


# A rule across fields of the blueprint schema (a zod refinement): reported as SCHEMA, not expressible.
CROSS_FIELD = ("scale.max must be greater than scale.min",)


def _run_rule(case, error):
    """What depends on the blueprint's variables, the clock and DNS."""
    code = error.get("code")
    message = error.get("message", "")
    details = str(error.get("details"))
    if code == "INVALID_WEBHOOK_URL":
        return _webhook_url_rule(case, error)
    if code == "MISSING_REQUIRED_VARIABLES":
        return True
    if code == "VALIDATION_FAILED" and message.startswith("unknown variables"):
        return True
    return code == "VALIDATION_FAILED" and "expires_at" in details and "future" in message


def _blueprint_rule(case, error):
    """A schema-valid document whose graph, conditions or references the validator refuses."""
    problems = (error.get("details") or {}).get("problems") or []
    if error.get("code") != "INVALID_BLUEPRINT" or not problems:
        return False
    errors = [p for p in problems if p.get("severity") == "error"]
    return all(p.get("code") != "SCHEMA" or any(t in p.get("message", "") for t in CROSS_FIELD) for p in errors)


def _live_rule(case, error):
    """Live events exist only while the run is active or processing: the run's state, not the request."""
    return error.get("code") == "RUN_NOT_ACTIVE" and "status" in (error.get("details") or {})


RULES = {
    **{label: _list_rule for label in LISTS},
    "POST /v1/api-keys": _api_key_rule,
    "POST /v1/webhook-endpoints": _webhook_url_rule,
    "PATCH /v1/webhook-endpoints/{id}": _webhook_url_rule,
    "POST /v1/interview-runs": _run_rule,
    "GET /v1/interview-runs/{id}/live": _live_rule,
    "POST /v1/blueprints": _blueprint_rule,
    "PATCH /v1/blueprints/{id}": _blueprint_rule,
}


@schemathesis.check
def documented_rejection(ctx, response, case):
    """A 400 to a schema-valid request is one of the documented rejections of its operation."""
    meta = case.meta
    if response.status_code != 400 or meta is None or not meta.generation.mode.is_positive:
        return None
    # Not left to positive_data_acceptance alone: in the stateful phase its per-operation statuses can
    # come from another operation of the scenario.
    rule = RULES.get(case.operation.label)
    error = _error(response)
    if rule is None or not rule(case, error):
        raise AssertionError(f"Schema-valid request rejected for an undocumented reason: {error}")
    return None


@schemathesis.serializer("audio/wav", "audio/ogg")
def audio(ctx, value):
    """Recording uploads are raw bytes."""
    return {"data": value if isinstance(value, bytes) else str(value).encode()}
