"""Runs twurple_eventsub.mjs (twurple's EventSubWsListener) and twurple_eventsub_http.mjs (its
EventSubHttpListener, webhooks) under Node against the plugin's mock; skipped without node and npm."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import httpx
import pytest

from twitch_mock.domain.users import UserRecord
from twitch_mock.mock import MockTwitch

EXAMPLE = Path(__file__).with_name("twurple_eventsub.mjs")
HTTP_EXAMPLE = Path(__file__).with_name("twurple_eventsub_http.mjs")
PACKAGES = ["@twurple/api@8", "@twurple/auth@8", "@twurple/eventsub-ws@8", "@twurple/eventsub-http@8"]


@pytest.fixture(scope="session")
def twurple_eventsub_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed to run the twurple example")
    work = tmp_path_factory.mktemp("twurple-eventsub")
    (work / "package.json").write_text('{"type": "module", "private": true}')
    install = ["npm", "install", "--no-audit", "--no-fund", "--silent", *PACKAGES]
    try:
        done = subprocess.run(install, cwd=work, capture_output=True, text=True, timeout=90)
    except subprocess.TimeoutExpired:
        pytest.skip("npm install of the twurple packages took over 90 s")
    if done.returncode != 0:
        pytest.skip(f"npm install of the twurple packages failed: {done.stderr.strip()[:300]}")
    for script in (EXAMPLE, HTTP_EXAMPLE):
        shutil.copy(script, work / script.name)
    return work


def test_eventsub_websocket_with_twurple(
    twurple_eventsub_dir: Path, twitch_mock: MockTwitch, twitch_user: UserRecord
) -> None:
    issued = twitch_mock.issue_token(twitch_user.id, ["channel:manage:broadcast"])
    assert issued.refresh_token is not None
    env = {
        **os.environ,
        "TWURPLE_MOCK_API_PORT": str(twitch_mock.port),
        "CLIENT_ID": twitch_mock.client_id,
        "CLIENT_SECRET": twitch_mock.client_secret,
        "USER_ID": twitch_user.id,
        "ACCESS_TOKEN": issued.access_token,
        "REFRESH_TOKEN": issued.refresh_token,
    }
    run = subprocess.run(
        ["node", EXAMPLE.name], cwd=twurple_eventsub_dir, env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {"title": "Heard by twurple", "broadcaster": twitch_user.id}


def test_eventsub_webhooks_with_twurples_http_listener(
    twurple_eventsub_dir: Path, twitch_mock: MockTwitch, twitch_user: UserRecord
) -> None:
    with socket.socket() as probe:  # a free loopback port for the listener
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "TWURPLE_MOCK_API_PORT": str(twitch_mock.port),
        "CLIENT_ID": twitch_mock.client_id,
        "CLIENT_SECRET": twitch_mock.client_secret,
        "USER_ID": twitch_user.id,
        "PORT": str(port),
    }
    node = subprocess.Popen(
        ["node", HTTP_EXAMPLE.name], cwd=twurple_eventsub_dir, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert node.stdout is not None
        ready = node.stdout.readline()  # the challenge was answered and the subscription verified
        assert ready and json.loads(ready) == {"ready": True}, node.stderr.read() if node.stderr else ""
        token = twitch_mock.user_token(twitch_user.id, ["channel:manage:broadcast"])
        headers = {"Authorization": f"Bearer {token}", "Client-Id": twitch_mock.client_id}
        with httpx.Client(base_url=twitch_mock.helix_url) as helix:
            r = helix.patch(
                f"channels?broadcaster_id={twitch_user.id}",
                json={"title": "Heard by twurple over a webhook"}, headers=headers,
            )  # fmt: skip
        assert r.status_code == 204, r.text
        out, err = node.communicate(timeout=30)
        assert node.returncode == 0, err
        assert json.loads(out) == {"title": "Heard by twurple over a webhook", "broadcaster": twitch_user.id}
    finally:
        if node.poll() is None:
            node.kill()
            node.wait(5)
