"""The Python peer of Switchboard's live inbox for bench/peers/run: a python3-websockets server
and the FastAPI app (fastapi_app.py, served by uvicorn) in one process and one event loop, so
a POST that accepts in-app notifications pushes them to the users' open sockets.

It speaks Switchboard's protocol (docs/architecture.md, "Live inbox"), so bench/ws-bench's
ws_bench drives both unchanged:
- GET /api/v1/ws with an HS256 end-user token (Authorization: Bearer, ?access_token= or
  ?token=): iss, aud, exp (30 s leeway) and the tenant claim checked before the upgrade (401).
- On connect: the unread items (newest 100, oldest first) as {"type":"notification",...},
  then {"type":"unread_count","count":N}, both read from SQLite.
- {"type":"ping"} -> {"type":"pong"}; {"type":"read","ids":[...]} marks them read.
- POST /api/v1/notifications/batch (FastAPI) commits the in-app items (inbox rows in the
  accept transaction), then pushes each to its user's sockets; afterwards, off the hot path,
  marks them delivered and sends each user a fresh unread_count (as Switchboard's hub does).
- WebSocket pings every PEER_PING_INTERVAL seconds (the library's keepalive).
One process on purpose: every socket must be in the process that accepts the POST (several
uvicorn workers would need a broker such as Redis between them, as two Switchboards do).

Environment: PEER_DB, PEER_API_KEY, PEER_TENANT (as fastapi_app.py), PEER_JWT_SECRET,
PEER_WS_PORT, PEER_HTTP_PORT, PEER_PING_INTERVAL (seconds, default 30).
Run: /usr/bin/python3 bench/peers/ws_peer.py
"""
import asyncio
import base64
import hashlib
import hmac
import json
import os
import sys
import time
from http import HTTPStatus
from typing import Dict, List, Set, Tuple
from urllib.parse import parse_qs, urlsplit

import uvicorn
import websockets
from websockets.legacy.server import WebSocketServerProtocol

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fastapi_app  # noqa: E402  (reads its environment on import)

JWT_SECRET = os.environ["PEER_JWT_SECRET"].encode()
ISSUER = AUDIENCE = "switchboard"
TENANT_CLAIM = "tenant"
LEEWAY_S = 30
REPLAY_LIMIT = 100

# --- tokens -------------------------------------------------------------------------------


def _b64url(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify_token(token: str) -> Tuple[str, str]:
    """(tenant, user) of a valid HS256 token; ValueError otherwise."""
    try:
        head, body, signature = token.split(".")
        header = json.loads(_b64url(head))
        claims = json.loads(_b64url(body))
    except (ValueError, TypeError):
        raise ValueError("malformed token")
    if header.get("alg") != "HS256":
        raise ValueError("unsupported algorithm")
    expected = hmac.new(JWT_SECRET, f"{head}.{body}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, _b64url(signature)):
        raise ValueError("bad signature")
    now = time.time()
    if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] + LEEWAY_S < now:
        raise ValueError("expired")
    if isinstance(claims.get("nbf"), (int, float)) and claims["nbf"] - LEEWAY_S > now:
        raise ValueError("not yet valid")
    aud = claims.get("aud")
    if claims.get("iss") != ISSUER or (aud != AUDIENCE and not (isinstance(aud, list) and AUDIENCE in aud)):
        raise ValueError("wrong issuer or audience")
    tenant, user = claims.get(TENANT_CLAIM), claims.get("sub")
    if not isinstance(tenant, str) or not isinstance(user, str) or not tenant or not user:
        raise ValueError("no tenant or subject")
    return tenant, user


def _error(status: HTTPStatus, code: str, message: str):
    body = json.dumps({"error": {"code": code, "message": message, "details": {}}}).encode()
    headers = [("Content-Type", "application/json")]
    if status == HTTPStatus.UNAUTHORIZED:
        headers.append(("WWW-Authenticate", "Bearer"))
    return status, headers, body


class InboxProtocol(WebSocketServerProtocol):
    """Checks the path and the token before the upgrade; keeps who the socket belongs to."""

    owner: Tuple[str, str] = ("", "")

    async def process_request(self, path, request_headers):
        url = urlsplit(path)
        if url.path != "/api/v1/ws":
            return _error(HTTPStatus.NOT_FOUND, "not_found", "no route " + url.path)
        query = parse_qs(url.query)
        auth = request_headers.get("Authorization", "")
        token = auth[7:].strip() if auth.startswith("Bearer ") else \
            (query.get("access_token") or query.get("token") or [""])[0]
        if not token:
            return _error(HTTPStatus.UNAUTHORIZED, "unauthorized", "an end-user token is required")
        try:
            self.owner = verify_token(token)
        except ValueError as e:
            return _error(HTTPStatus.UNAUTHORIZED, "unauthorized", f"invalid token: {e}")
        return None


# --- the inbox store (blocking; called on executor threads) -------------------------------

UNREAD = "tenant_id = ? AND user_id = ? AND read_at IS NULL AND archived_at IS NULL"


def unread_count(tenant: str, user: str) -> int:
    return fastapi_app.db().execute(f"SELECT COUNT(*) FROM inbox WHERE {UNREAD}", (tenant, user)).fetchone()[0]


def replay(tenant: str, user: str) -> Tuple[List[Tuple[str, str]], int]:
    """The unread items to send on connect (oldest first) and the unread count."""
    rows = fastapi_app.db().execute(
        f"SELECT notification_id, title, body, data, category, created_at, delivered_at FROM inbox WHERE {UNREAD} "
        "ORDER BY seq DESC LIMIT ?", (tenant, user, REPLAY_LIMIT)).fetchall()
    rows.reverse()
    messages = [(r[0], notification_message(r[0], r[1], r[2], r[3], r[4], r[5])) for r in rows]
    first_push = [r[0] for r in rows if r[6] is None]
    if first_push:
        mark_delivered(tenant, first_push)
    return messages, unread_count(tenant, user)


def mark_delivered(tenant: str, ids: List[str]) -> None:
    with fastapi_app.write_transaction() as conn:
        conn.executemany("UPDATE inbox SET delivered_at = ? WHERE tenant_id = ? AND notification_id = ? "
                         "AND delivered_at IS NULL", [(fastapi_app.now_ms(), tenant, i) for i in ids])


def mark_read(tenant: str, user: str, ids: List[str]) -> int:
    with fastapi_app.write_transaction() as conn:
        conn.executemany(f"UPDATE inbox SET read_at = ? WHERE {UNREAD} AND notification_id = ?",
                         [(fastapi_app.now_ms(), tenant, user, i) for i in ids])
    return unread_count(tenant, user)


def after_push(pushed: List[Tuple[str, str, str]]) -> Dict[Tuple[str, str], int]:
    """Records the pushes as delivered; returns each pushed user's new unread count."""
    by_tenant: Dict[str, List[str]] = {}
    for tenant, _, notification_id in pushed:
        by_tenant.setdefault(tenant, []).append(notification_id)
    for tenant, ids in by_tenant.items():
        mark_delivered(tenant, ids)
    return {(t, u): unread_count(t, u) for t, u in {(t, u) for t, u, _ in pushed}}


def notification_message(notification_id, title, body, data, category, created_at) -> str:
    return json.dumps({"type": "notification", "id": notification_id, "title": title, "body": body,
                       "data": json.loads(data) if data else {}, "category": category,
                       "created_at": fastapi_app.iso(created_at)}, separators=(",", ":"))


def unread_message(count: int) -> str:
    return '{"type":"unread_count","count":%d}' % count


# --- the hub: who is connected, and pushing to them ---------------------------------------


class Socket:
    def __init__(self, ws: InboxProtocol):
        self.ws = ws
        self.syncing = True
        self.held: List[Tuple[str, str]] = []  # live pushes that arrived during the replay


class Hub:
    def __init__(self):
        self.by_user: Dict[Tuple[str, str], Set[Socket]] = {}

    def add(self, s: Socket) -> None:
        self.by_user.setdefault(s.ws.owner, set()).add(s)

    def remove(self, s: Socket) -> None:
        sockets = self.by_user.get(s.ws.owner)
        if sockets is not None:
            sockets.discard(s)
            if not sockets:
                del self.by_user[s.ws.owner]

    def publish(self, landed) -> None:
        """Called by fastapi_app on the event loop once in-app items are committed."""
        pushed = []
        for tenant, user, n in landed:
            sockets = self.by_user.get((tenant, user))
            if not sockets:
                continue
            inbox = n["inbox"]
            message = notification_message(n["id"], inbox["title"], inbox["body"], inbox["data"],
                                           inbox["category"], n["created_at"])
            live = []
            for s in sockets:
                if s.syncing:
                    s.held.append((n["id"], message))
                else:
                    live.append(s.ws)
            websockets.broadcast(live, message)  # writes now, without waiting on slow sockets
            pushed.append((tenant, user, n["id"]))
        if pushed:
            asyncio.get_running_loop().create_task(self._after_push(pushed))

    async def _after_push(self, pushed) -> None:
        counts = await asyncio.get_running_loop().run_in_executor(None, after_push, pushed)
        for key, count in counts.items():
            websockets.broadcast([s.ws for s in self.by_user.get(key, ()) if not s.syncing], unread_message(count))


hub = Hub()


async def serve_socket(ws: InboxProtocol) -> None:
    tenant, user = ws.owner
    s = Socket(ws)
    hub.add(s)  # before the replay is read: what lands from now on is in the replay or held
    loop = asyncio.get_running_loop()
    try:
        messages, count = await loop.run_in_executor(None, replay, tenant, user)
        sent = set()
        for notification_id, message in messages:
            await ws.send(message)
            sent.add(notification_id)
        for notification_id, message in s.held:
            if notification_id not in sent:
                await ws.send(message)
        s.syncing, s.held = False, []
        await ws.send(unread_message(count))
        async for text in ws:
            await on_message(ws, tenant, user, text)
    except websockets.ConnectionClosed:
        pass
    finally:
        hub.remove(s)


async def on_message(ws: InboxProtocol, tenant: str, user: str, text) -> None:
    try:
        message = json.loads(text)
        kind = message.get("type") if isinstance(message, dict) else None
    except ValueError:
        kind = None
    if kind == "ping":
        await ws.send('{"type":"pong"}')
    elif kind == "read" and isinstance(message.get("ids"), list) and 1 <= len(message["ids"]) <= 1000:
        count = await asyncio.get_running_loop().run_in_executor(None, mark_read, tenant, user,
                                                                 [str(i) for i in message["ids"]])
        await ws.send(unread_message(count))
    else:
        await ws.send(json.dumps({"type": "error", "code": "invalid_input",
                                  "message": 'expected type "ping" or "read" with "ids"'}))


async def main() -> None:
    fastapi_app.inbox_hub = hub.publish
    ping = float(os.environ.get("PEER_PING_INTERVAL", "30"))
    ws_server = await websockets.serve(
        serve_socket, "127.0.0.1", int(os.environ["PEER_WS_PORT"]), create_protocol=InboxProtocol,
        compression=None, max_size=65536, ping_interval=ping, ping_timeout=2 * ping, backlog=4096)
    http_kwargs = {"http": "httptools"} if _has("httptools") else {}
    config = uvicorn.Config(fastapi_app.app, host="127.0.0.1", port=int(os.environ["PEER_HTTP_PORT"]),
                            access_log=False, log_level="warning", backlog=4096, **http_kwargs)
    await uvicorn.Server(config).serve()  # until SIGTERM/SIGINT
    ws_server.close()
    await ws_server.wait_closed()


def _has(module: str) -> bool:
    try:
        __import__(module)
        return True
    except ImportError:
        return False


if __name__ == "__main__":
    if _has("uvloop"):
        import uvloop
        uvloop.install()
    asyncio.run(main())
