"""Webhook delivery to a callback served by Node's own `http` server (what twurple's
EventSubHttpListener and most JavaScript listeners run on): the challenge answered with a chunked
body, then notifications, each signature checked by the listener, in order. Skipped without node."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from twitch_mock.domain.users import UserRecord
from twitch_mock.mock import MockTwitch

SECRET = "node-listener-secret"
LISTENER = """
import http from 'node:http';
import crypto from 'node:crypto';
const secret = process.env.SECRET;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const h = req.headers;
    const signed = 'sha256=' + crypto.createHmac('sha256', secret)
      .update(h['twitch-eventsub-message-id'] + h['twitch-eventsub-message-timestamp'])
      .update(body).digest('hex');
    const message = JSON.parse(body);
    if (h['twitch-eventsub-message-type'] === 'webhook_callback_verification') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write(message.challenge);  // no Content-Length: Node answers chunked
      res.end();
      return;
    }
    console.log(JSON.stringify({
      signed: signed === h['twitch-eventsub-message-signature'],
      type: h['twitch-eventsub-message-type'],
      title: message.event.title,
    }));
    res.writeHead(204);
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
"""


Listener = tuple["queue.Queue[str]", int]


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[Listener]:
    """The Node listener's port, and the lines it prints (read by a thread, so a test waits for
    one with a timeout)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is needed for the Node listener")
    script = tmp_path / "listener.mjs"
    script.write_text(LISTENER)
    proc = subprocess.Popen(
        [node, str(script)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "SECRET": SECRET},
    )
    lines: queue.Queue[str] = queue.Queue()
    stdout = proc.stdout
    assert stdout is not None

    def read() -> None:
        for line in stdout:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    port = json.loads(lines.get(timeout=10))["port"]
    yield lines, port
    proc.kill()
    proc.wait(5)


def test_a_node_listener_is_challenged_then_hears_each_write_signed_and_in_order(
    listener: Listener, twitch_mock: MockTwitch, twitch_user: UserRecord
) -> None:
    lines, port = listener
    app = {"Authorization": f"Bearer {twitch_mock.app_token()}", "Client-Id": twitch_mock.client_id}
    body = {
        "type": "channel.update",
        "version": "2",
        "condition": {"broadcaster_user_id": twitch_user.id},
        "transport": {"method": "webhook", "callback": f"http://127.0.0.1:{port}/eventsub", "secret": SECRET},
    }
    token = twitch_mock.user_token(twitch_user.id, ["channel:manage:broadcast"])
    user = {"Authorization": f"Bearer {token}", "Client-Id": twitch_mock.client_id}
    with httpx.Client(base_url=twitch_mock.helix_url) as helix:
        r = helix.post("eventsub/subscriptions", json=body, headers=app)
        assert r.status_code == 202, r.text
        deadline = time.monotonic() + 10
        while helix.get("eventsub/subscriptions", headers=app).json()["data"][0]["status"] != "enabled":
            assert time.monotonic() < deadline, "the challenge was not accepted"
            time.sleep(0.05)
        titles = [f"Heard by Node {n}" for n in range(3)]
        for title in titles:
            r = helix.patch(f"channels?broadcaster_id={twitch_user.id}", json={"title": title}, headers=user)
            assert r.status_code == 204, r.text
    heard = [json.loads(lines.get(timeout=10)) for _ in titles]
    assert heard == [{"signed": True, "type": "notification", "title": t} for t in titles]
