"""`experimentResults` over a real websocket against a real `publishing serve`: the
read-out first, then again when opens arrive through the server's own pixel endpoint."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from app.auth import issue_token
from domain.deliveries.audience import resolve_audience
from domain.deliveries.models import Delivery
from domain.experiments import service as experiments
from domain.experiments.models import Variant
from domain.links.urls import LinkBuilder
from domain.principals.actor import SYSTEM
from domain.principals.models import Role
from domain.publications import service as publications
from domain.publications.models import Publication, PublicationStatus
from tests.delivery_fixtures import publication_to
from tests.graphql_client import gid
from tests.orm import orm_on
from tests.servers import serve

SECRET = "experiments-live-secret-key-0123456789-abcdefgh"
TIMEOUT = 30
RESULTS = """subscription($id: ID!) { experimentResults(id: $id) {
  experimentId status results { variants { name exposures conversions } } } }"""
READER = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko)")


async def _seed(database_url: str) -> tuple[int, list[Delivery]]:
    from app import migrations

    await migrations.upgrade(database_url)
    async with orm_on(database_url):
        scenario = await publication_to("https://receiver.example/hook", 40, slug="live")
        await Publication.filter(id=scenario.publication.id).update(
            status=PublicationStatus.APPROVED, publish_at=None)
        experiment = await experiments.create_experiment(SYSTEM, experiments.ExperimentSpec(
            publication_id=scenario.publication.id, name="live",
            variants=[experiments.VariantSpec("control"),
                      experiments.VariantSpec("b", title="Another title")]))
        await experiments.start_experiment(SYSTEM, experiment.id)
        await publications.publish_now(SYSTEM, scenario.publication.id)
        await resolve_audience(scenario.publication.id)
        await Delivery.filter(publication_id=scenario.publication.id).update(status="sent")
        control = await Variant.get(experiment_id=experiment.id, position=0)
        rows = await Delivery.filter(variant_id=control.id).order_by("id")
        return experiment.id, rows


async def _next(socket: ClientConnection) -> dict[str, Any]:
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), TIMEOUT))
        if message["type"] == "ping":
            await socket.send(json.dumps({"type": "pong"}))
            continue
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        return message["payload"]["data"]["experimentResults"]


def _arms(update: dict[str, Any]) -> dict[str, tuple[int, int]]:
    return {arm["name"]: (arm["exposures"], arm["conversions"])
            for arm in update["results"]["variants"]}


async def test_results_update_live_when_opens_arrive(shared_database: str, redis_url: str,
                                                     tmp_path: Path) -> None:
    experiment_id, control_rows = await _seed(shared_database)
    with serve(tmp_path, database_url=shared_database, redis_url=redis_url,
               secret_key=SECRET) as server:
        socket = await connect(server.ws_url, subprotocols=["graphql-transport-ws"])
        try:
            token = issue_token(SECRET, "dash", Role.VIEWER, dt.timedelta(minutes=10))
            await socket.send(json.dumps({"type": "connection_init",
                                          "payload": {"Authorization": f"Bearer {token}"}}))
            assert json.loads(await socket.recv())["type"] == "connection_ack"
            await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {
                "query": RESULTS, "variables": {"id": gid("Experiment", experiment_id)}}}))
            first = await _next(socket)
            assert first["experimentId"] == gid("Experiment", experiment_id)
            assert first["status"] == "RUNNING"
            arms = _arms(first)
            assert arms["control"] == (len(control_rows), 0)
            assert arms["control"][0] + arms["b"][0] == 40

            links = LinkBuilder(SECRET, server.http_url)
            long_ago = int(time.time()) - 3600
            async with httpx.AsyncClient(trust_env=False) as client:
                for row in control_rows[:3]:
                    pixel = links.open_url(row.id, row.publication_id, row.channel_id,
                                           row.subscriber_id, issued_at=long_ago)
                    response = await client.get(pixel, headers={"user-agent": READER})
                    assert response.status_code == 200
            deadline = asyncio.get_running_loop().time() + TIMEOUT
            while True:  # updates come as ticks arrive; wait for the one with the opens
                update = _arms(await _next(socket))
                if update["control"][1] == 3:
                    break
                assert asyncio.get_running_loop().time() < deadline, update
            assert update["b"][1] == 0
        finally:
            await socket.close()
