"""The FastAPI peer of Switchboard for bench/peers/run: the same routes, doing the same work the
way a typical Python service would, so the two can be compared request for request.

  GET  /health                               constant {"status":"ok"}, no credential
  GET  /api/v1/recommendations/{user_id}     a cached list: in-memory cache hit, decoded and
                                             re-encoded with "cached": true (lists seeded from
                                             Switchboard's own answers; a miss is a 503 here)
  POST /api/v1/notifications                 validated (pydantic), written durably to SQLite
                                             (notification + one delivery per channel, one
                                             transaction, committed before the 202)
  POST /api/v1/notifications/batch           the same for up to 1,000 items in one transaction;
                                             in-app items go to the WebSocket hub (ws_peer.py)
  PUT  /api/v1/users/{user_id}               creates/replaces a recipient (email)

What it mirrors from Switchboard (so neither side does less work):
- API keys "sbk_<id>_<secret>" in "Authorization: Bearer"; only the id and the SHA-256 of the
  secret are kept, compared in constant time (host/auth/ApiKey.cpp).
- The store: the same tables and indexes for users, notifications, deliveries and the inbox
  (host/store/Migrations.cpp), and the same SQLite settings (host/store/NativeSession.cpp):
  WAL, busy_timeout 5000, foreign keys on, synchronous FULL (the default: a 202 survives
  power loss).
- A recipient cache of 2 s (notifications.recipient_cache_ttl) and a recommendation cache
  with a TTL, both per process.
- Errors as {"error": {"code", "message", "details"}}.
What it leaves out because the benchmark does not exercise it: templates, idempotency keys,
quiet hours, caps, tenants other than PEER_TENANT, and any delivery (nothing sends the queued
rows).

Environment: PEER_DB (SQLite file, required), PEER_API_KEY (the one valid key, required),
PEER_TENANT (its tenant, default "default"), PEER_RECS (JSON file of cached lists, optional).
Run: uvicorn fastapi_app:app --app-dir bench/peers --workers 2 --no-access-log
"""
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import threading
import time
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Union

from fastapi import Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError, validator
from starlette.concurrency import run_in_threadpool

DB_PATH = os.environ["PEER_DB"]
TENANT = os.environ.get("PEER_TENANT", "default")
RECIPIENT_CACHE_S = 2.0
BATCH_LIMIT = 1000
ROUTED_CHANNELS = {"email"}  # channels with a provider configured (the bench's Switchboard routes email)
INAPP = "inapp"
PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3}

# --- errors -------------------------------------------------------------------------------


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details: Optional[dict] = None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details or {}

    def body(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


def invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "invalid_input", f"{field}: {message}", {"field": field})


# --- API keys -----------------------------------------------------------------------------


def _parse_key(text: str):
    """'sbk_<id>_<secret>' -> (id, secret), or None."""
    if not text.startswith("sbk_"):
        return None
    key_id, sep, secret = text[4:].partition("_")
    return (key_id, secret) if sep and key_id and secret else None


def _sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


_configured = _parse_key(os.environ["PEER_API_KEY"])
if _configured is None:
    raise SystemExit("PEER_API_KEY must look like sbk_<id>_<secret>")
# The stored form: id -> (tenant, hex SHA-256 of the secret). The plaintext is not kept.
KEYS = {_configured[0]: (TENANT, _sha256_hex(_configured[1]))}
del _configured


async def caller(authorization: Optional[str] = Header(None)) -> str:
    """The caller's tenant, from an API key (async: no thread hop for a hash and a dict lookup)."""
    if not authorization or not authorization.startswith("Bearer "):
        raise ApiError(401, "unauthorized", "missing credential: send Authorization: Bearer <API key>")
    parsed = _parse_key(authorization[7:].strip())
    record = KEYS.get(parsed[0]) if parsed else None
    if record is None or not hmac.compare_digest(record[1], _sha256_hex(parsed[1])):
        raise ApiError(401, "unauthorized", "invalid API key")
    return record[0]


# --- the store ----------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
  tenant_id TEXT NOT NULL, id TEXT NOT NULL, email TEXT, phone TEXT, locale TEXT, timezone TEXT,
  preferences TEXT NOT NULL DEFAULT '{}', attributes TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE TABLE IF NOT EXISTS notifications (
  tenant_id TEXT NOT NULL, id TEXT NOT NULL, user_id TEXT NOT NULL, template_key TEXT,
  template_version INTEGER, category TEXT, priority TEXT NOT NULL, data TEXT, send_at BIGINT NOT NULL,
  expires_at BIGINT, idempotency_key TEXT, cancelled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE INDEX IF NOT EXISTS notifications_by_user ON notifications (tenant_id, user_id, id);
CREATE TABLE IF NOT EXISTS deliveries (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, notification_id TEXT NOT NULL, user_id TEXT NOT NULL,
  channel TEXT NOT NULL, recipient TEXT NOT NULL, content TEXT NOT NULL, status TEXT NOT NULL,
  priority_rank INTEGER NOT NULL, due_at BIGINT NOT NULL, expires_at BIGINT,
  attempts INTEGER NOT NULL DEFAULT 0, locked_until BIGINT, locked_by TEXT, provider_instance TEXT,
  provider_message_id TEXT, reason TEXT, last_error TEXT, created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  FOREIGN KEY (tenant_id, notification_id) REFERENCES notifications (tenant_id, id) ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS deliveries_claim ON deliveries (status, priority_rank, due_at);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, due_at);
CREATE INDEX IF NOT EXISTS deliveries_leases ON deliveries (status, locked_until);
CREATE INDEX IF NOT EXISTS deliveries_by_notification ON deliveries (tenant_id, notification_id);
CREATE INDEX IF NOT EXISTS deliveries_by_provider_message ON deliveries (provider_instance, provider_message_id);
CREATE INDEX IF NOT EXISTS deliveries_by_user_channel ON deliveries (tenant_id, user_id, channel, created_at);
CREATE TABLE IF NOT EXISTS inbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL, user_id TEXT NOT NULL,
  notification_id TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, data TEXT, category TEXT,
  created_at BIGINT NOT NULL, delivered_at BIGINT, read_at BIGINT, archived_at BIGINT,
  FOREIGN KEY (tenant_id, notification_id) REFERENCES notifications (tenant_id, id) ON DELETE CASCADE);
CREATE UNIQUE INDEX IF NOT EXISTS inbox_by_notification ON inbox (tenant_id, notification_id);
CREATE INDEX IF NOT EXISTS inbox_by_user ON inbox (tenant_id, user_id, seq);
CREATE INDEX IF NOT EXISTS inbox_unread ON inbox (tenant_id, user_id) WHERE read_at IS NULL AND archived_at IS NULL;
"""

_local = threading.local()


def db() -> sqlite3.Connection:
    """This thread's connection (sqlite3 connections are not shared between threads)."""
    conn = getattr(_local, "conn", None)
    if conn is None:
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE below).
        conn = sqlite3.connect(DB_PATH, isolation_level=None, check_same_thread=True)
        # Switchboard's settings; synchronous is left at its default, FULL, as Switchboard does.
        conn.executescript("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;")
        _local.conn = conn
    return conn


def _create_schema() -> None:
    conn = sqlite3.connect(DB_PATH, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(SCHEMA)
    conn.close()


_create_schema()  # each worker process runs this once; IF NOT EXISTS makes it idempotent


class write_transaction:
    """BEGIN IMMEDIATE ... COMMIT (or ROLLBACK): the commit is durable before the caller answers."""

    def __enter__(self) -> sqlite3.Connection:
        self.conn = db()
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, kind, value, tb):
        self.conn.execute("COMMIT" if kind is None else "ROLLBACK")
        return False


def now_ms() -> int:
    return int(time.time() * 1000)


def iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


# --- recipients (with Switchboard's 2 s recipient cache) ----------------------------------

_recipients: Dict[tuple, tuple] = {}  # (tenant, user) -> (expires_at, row or None)
_recipients_lock = threading.Lock()


def find_user(tenant: str, user_id: str) -> Optional[dict]:
    key = (tenant, user_id)
    with _recipients_lock:
        hit = _recipients.get(key)
    if hit and hit[0] > time.monotonic():
        return hit[1]
    row = db().execute("SELECT id, email, locale FROM users WHERE tenant_id = ? AND id = ?", key).fetchone()
    user = {"id": row[0], "email": row[1], "locale": row[2]} if row else None
    with _recipients_lock:
        _recipients[key] = (time.monotonic() + RECIPIENT_CACHE_S, user)
    return user


# --- notifications ------------------------------------------------------------------------


class Content(BaseModel):
    subject: Optional[str] = None
    text: Optional[str] = None
    html: Optional[str] = None
    data: Optional[Dict[str, Any]] = None


class NotificationIn(BaseModel):
    user_id: str
    channels: Optional[List[str]] = None
    content: Content
    category: Optional[str] = None
    priority: str = "normal"
    send_at: Optional[Union[int, str]] = None
    expires_at: Optional[Union[int, str]] = None
    locale: Optional[str] = None
    data: Optional[Dict[str, Any]] = None

    @validator("content")
    def content_has_text(cls, c: Content) -> Content:
        if not (c.subject or c.text or c.html):
            raise ValueError("needs subject, text or html")
        return c

    @validator("priority")
    def known_priority(cls, p: str) -> str:
        if p not in PRIORITY_RANK:
            raise ValueError("must be urgent, high, normal or low")
        return p

    @validator("send_at", "expires_at")
    def timestamp(cls, v):
        if v is None or isinstance(v, int):
            return v
        try:
            return int(datetime.fromisoformat(v.replace("Z", "+00:00")).timestamp() * 1000)
        except ValueError:
            raise ValueError("must be Unix milliseconds or an ISO 8601 time")


def prepare(tenant: str, n: NotificationIn, created: int) -> dict:
    """The rows one notification becomes (Switchboard's NotificationService::prepare)."""
    user = find_user(tenant, n.user_id)
    if user is None:
        raise ApiError(422, "unknown_user", f"no user '{n.user_id}' (create it with PUT /api/v1/users/{{id}})",
                       {"field": "user_id"})
    channels = list(dict.fromkeys(n.channels)) if n.channels else (["email"] if user["email"] else [])
    if not channels:
        raise ApiError(422, "no_channel", f"user '{n.user_id}' cannot be reached on any configured channel")
    send_at = n.send_at if n.send_at is not None else created
    if n.expires_at is not None and n.expires_at <= send_at:
        raise invalid("expires_at", "must be after send_at")
    notification_id = f"ntf_{created:012x}{secrets.token_hex(6)}"
    content = {"subject": n.content.subject or "", "text": n.content.text or "", "html": n.content.html or "",
               "data": n.content.data or {}, "locale": n.locale or user["locale"] or ""}
    deliveries, inbox = [], None
    for channel in channels:
        d = {"id": "dlv_" + secrets.token_hex(12), "channel": channel, "recipient": "", "status": "queued",
             "reason": None, "due_at": send_at, "provider": None, "content": "{}"}
        if channel == INAPP:
            d["recipient"] = n.user_id
        elif channel not in ROUTED_CHANNELS:
            d.update(status="skipped", reason="no_provider")
        elif channel == "email" and user["email"]:
            d["recipient"] = user["email"]
        else:
            d.update(status="skipped", reason="no_address")
        if d["status"] == "queued":
            d["content"] = json.dumps(content, separators=(",", ":"))
            if channel == INAPP and send_at <= created:
                # Due now: stored in the inbox by the accept transaction itself (as Switchboard does).
                d.update(status="sent", provider=INAPP)
                inbox = {"title": content["subject"], "body": content["text"],
                         "data": json.dumps(content["data"], separators=(",", ":")), "category": n.category}
        deliveries.append(d)
    return {"id": notification_id, "user_id": n.user_id, "category": n.category, "priority": n.priority,
            "data": json.dumps(n.data, separators=(",", ":")) if n.data else None, "send_at": send_at,
            "expires_at": n.expires_at, "created_at": created, "deliveries": deliveries, "inbox": inbox}


def write(tenant: str, accepted: List[dict]) -> None:
    """One transaction for all of them, committed (fsync'd) before returning."""
    if not accepted:
        return
    with write_transaction() as conn:
        conn.executemany(
            "INSERT INTO notifications (tenant_id, id, user_id, category, priority, data, send_at, expires_at, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(tenant, n["id"], n["user_id"], n["category"], n["priority"], n["data"], n["send_at"],
              n["expires_at"], n["created_at"]) for n in accepted])
        conn.executemany(
            "INSERT INTO deliveries (id, tenant_id, notification_id, user_id, channel, recipient, content, status, "
            "priority_rank, due_at, expires_at, reason, provider_instance, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(d["id"], tenant, n["id"], n["user_id"], d["channel"], d["recipient"], d["content"], d["status"],
              PRIORITY_RANK[n["priority"]], d["due_at"], n["expires_at"], d["reason"], d["provider"],
              n["created_at"], n["created_at"]) for n in accepted for d in n["deliveries"]])
        conn.executemany(
            "INSERT INTO inbox (tenant_id, user_id, notification_id, title, body, data, category, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(tenant, n["user_id"], n["id"], n["inbox"]["title"], n["inbox"]["body"], n["inbox"]["data"],
              n["inbox"]["category"], n["created_at"]) for n in accepted if n["inbox"]])


def summary(n: dict) -> dict:
    deliveries = []
    for d in n["deliveries"]:
        item = {"channel": d["channel"], "status": d["status"]}
        if d["reason"]:
            item["reason"] = d["reason"]
        item["due_at"] = iso(d["due_at"])
        deliveries.append(item)
    return {"id": n["id"], "status": "accepted", "duplicate": False, "deliveries": deliveries}


def accept_one(tenant: str, n: NotificationIn) -> dict:
    prepared = prepare(tenant, n, now_ms())
    write(tenant, [prepared])
    return prepared


def accept_many(tenant: str, items: List[Union[NotificationIn, ApiError]]) -> List[Union[dict, ApiError]]:
    created = now_ms()
    outcomes: List[Union[dict, ApiError]] = []
    for item in items:
        if isinstance(item, ApiError):
            outcomes.append(item)
            continue
        try:
            outcomes.append(prepare(tenant, item, created))
        except ApiError as e:
            outcomes.append(e)
    write(tenant, [o for o in outcomes if isinstance(o, dict)])
    return outcomes


# The WebSocket side (ws_peer.py) sets this to a callable taking the in-app items just
# committed: [(tenant, user_id, notification dict)], called on the event loop.
inbox_hub = None

# --- recommendations (an in-memory cache of encoded lists) --------------------------------

# (tenant, user, cache key) -> (expires at, encoded result); cache key as Switchboard builds
# it: pipeline|recommender|limit|category|experiment|variant.
_recs: Dict[tuple, tuple] = {}
_pipelines: Dict[str, str] = {}  # pipeline -> its recommender
_default_pipeline = ""


def _load_recs(path: Optional[str]) -> None:
    """Lists seeded from Switchboard's answers (bench/peers/run writes the file)."""
    global _default_pipeline
    if not path:
        return
    with open(path) as f:
        seed = json.load(f)
    _pipelines.update(seed["pipelines"])
    _default_pipeline = seed.get("default_pipeline") or next(iter(_pipelines), "")
    expires = time.monotonic() + float(seed.get("ttl_s", 600))
    for e in seed["entries"]:
        result = dict(e["result"])
        result.pop("cached", None)
        key = f"{e['pipeline']}|{_pipelines[e['pipeline']]}|{e['limit']}|||"
        _recs[(TENANT, e["user"], key)] = (expires, json.dumps(result, separators=(",", ":")))


_load_recs(os.environ.get("PEER_RECS"))

# --- the app ------------------------------------------------------------------------------

app = FastAPI(title="switchboard-peer", docs_url=None, redoc_url=None, openapi_url=None)


@app.exception_handler(ApiError)
async def api_error(_: Request, e: ApiError) -> JSONResponse:
    return JSONResponse(e.body(), status_code=e.status)


@app.exception_handler(RequestValidationError)
async def validation_error(_: Request, e: RequestValidationError) -> JSONResponse:
    first = e.errors()[0] if e.errors() else {"loc": (), "msg": "invalid"}
    field = ".".join(str(p) for p in first["loc"] if p != "body")
    return JSONResponse(invalid(field or "body", first["msg"]).body(), status_code=422)


HEALTH = b'{"status":"ok"}'


@app.get("/health")
async def health() -> Response:
    return Response(HEALTH, media_type="application/json")


@app.get("/api/v1/recommendations/{user_id}")
async def recommendations(user_id: str, limit: int = 10, pipeline: str = "", recommender: str = "",
                          category: str = "", tenant: str = Depends(caller)) -> JSONResponse:
    if not 1 <= limit <= 100:
        raise ApiError(422, "unprocessable", "limit must be between 1 and 100")
    pipeline = pipeline or _default_pipeline
    if pipeline not in _pipelines:
        raise ApiError(404, "not_found", f"pipeline {pipeline} not found")
    key = f"{pipeline}|{recommender or _pipelines[pipeline]}|{limit}|{category}||"
    hit = _recs.get((tenant, user_id, key))
    if hit is None or hit[0] < time.monotonic():
        raise ApiError(503, "not_cached", "this peer serves cached lists only (it has no recommender)")
    result = json.loads(hit[1])
    result["cached"] = True
    return JSONResponse(result)


@app.post("/api/v1/notifications", status_code=202)
async def notify(body: NotificationIn, tenant: str = Depends(caller)) -> JSONResponse:
    n = await run_in_threadpool(accept_one, tenant, body)
    if n["inbox"] and inbox_hub:
        inbox_hub([(tenant, n["user_id"], n)])
    return JSONResponse(summary(n), status_code=202, headers={"Location": f"/api/v1/notifications/{n['id']}"})


@app.post("/api/v1/notifications/batch", status_code=202)
async def notify_batch(request: Request, tenant: str = Depends(caller)) -> JSONResponse:
    try:
        body = await request.json()
    except ValueError:
        raise ApiError(400, "invalid_json", "the body is not valid JSON")
    items = body.get("notifications") if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise ApiError(422, "unprocessable", "field 'notifications' must be a list")
    if not 1 <= len(items) <= BATCH_LIMIT:
        raise ApiError(422, "unprocessable", f"a batch holds 1 to {BATCH_LIMIT} notifications")
    parsed: List[Union[NotificationIn, ApiError]] = []
    for item in items:
        try:
            parsed.append(NotificationIn.parse_obj(item))
        except ValidationError as e:
            first = e.errors()[0]
            parsed.append(invalid(".".join(str(p) for p in first["loc"]), first["msg"]))
    outcomes = await run_in_threadpool(accept_many, tenant, parsed)
    if inbox_hub:
        inbox_hub([(tenant, o["user_id"], o) for o in outcomes if isinstance(o, dict) and o["inbox"]])
    results, accepted = [], 0
    for i, o in enumerate(outcomes):
        if isinstance(o, dict):
            item = summary(o)
            item["status"] = 202
            accepted += 1
        else:
            item = {"status": 422, "error": o.body()["error"]}
        item["index"] = i
        results.append(item)
    return JSONResponse({"accepted": accepted, "rejected": len(items) - accepted, "results": results},
                        status_code=202)


class UserIn(BaseModel):
    email: Optional[str] = None
    phone: Optional[str] = None
    locale: Optional[str] = None
    timezone: Optional[str] = None


def put_user(tenant: str, user_id: str, u: UserIn) -> bool:
    t = now_ms()
    with write_transaction() as conn:
        created = conn.execute("SELECT 1 FROM users WHERE tenant_id = ? AND id = ?", (tenant, user_id)).fetchone() is None
        conn.execute(
            "INSERT INTO users (tenant_id, id, email, phone, locale, timezone, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, id) DO UPDATE SET email = excluded.email, "
            "phone = excluded.phone, locale = excluded.locale, timezone = excluded.timezone, "
            "updated_at = excluded.updated_at",
            (tenant, user_id, u.email, u.phone, u.locale, u.timezone, t, t))
    with _recipients_lock:
        _recipients.pop((tenant, user_id), None)
    return created


@app.put("/api/v1/users/{user_id}")
async def user(user_id: str, body: UserIn, tenant: str = Depends(caller)) -> JSONResponse:
    if not user_id or len(user_id) > 128:
        raise invalid("user_id", "must be 1-128 characters")
    if body.email is not None and "@" not in body.email:
        raise invalid("email", "must be an email address")
    created = await run_in_threadpool(put_user, tenant, user_id, body)
    return JSONResponse({"id": user_id, **body.dict()}, status_code=201 if created else 200)
