"""The guard in conftest.py: no test sends an HTTP request off this machine."""

from __future__ import annotations

import httpx
import pytest

from conftest import OffMachine


@pytest.mark.parametrize(
    "url", ["https://example.com/cb", "http://93.184.215.14/", "https://[2606:4700::1]/"]
)
async def test_a_request_off_the_machine_is_refused_and_recorded(
    url: str, no_traffic_off_the_machine: list[str]
) -> None:
    with pytest.raises(OffMachine), httpx.Client(trust_env=False) as sync:
        sync.post(url, content=b"{}")
    async with httpx.AsyncClient(trust_env=False) as client:
        with pytest.raises(OffMachine):
            await client.post(url, content=b"{}")
    assert no_traffic_off_the_machine == [url, url]
    no_traffic_off_the_machine.clear()  # this test's own requests were expected


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
async def test_loopback_is_allowed(host: str, no_traffic_off_the_machine: list[str]) -> None:
    async with httpx.AsyncClient(trust_env=False, timeout=2) as client:
        with pytest.raises(httpx.ConnectError):  # port 9 (discard) refuses: nothing listens there
            await client.post(f"http://{host}:9/cb", content=b"{}")
    assert no_traffic_off_the_machine == []
