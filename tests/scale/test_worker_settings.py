"""Settings and commands of a worker sharing a PostgreSQL store.

The configuration refuses what cannot work (an unknown engine, PostgreSQL without its URL, a lease
shorter than a send, a blank worker id); ``mspcim serve --store-url --worker-id`` builds a gateway
on PostgreSQL under that id; operators' commands should read the store the configuration names.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mspcim.cli import app
from mspcim.exceptions import ConfigurationError
from mspcim.gateway.config import GatewaySettings, load_settings
from mspcim.gateway.store import MessageStore, OutboxItem, ReadTransaction, TransactionState
from mspcim.gateway.store_postgres import PostgresEngine
from services import postgres  # noqa: F401 - fixture

T0 = 1_800_000_000.0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"store": "mysql"}, "store must be sqlite or postgresql, not 'mysql'"),
        ({"store": "postgresql"}, "store = postgresql needs store_url = postgresql://"),
        (
            {"store": "postgresql", "store_url": "mysql://db/x"},
            "store = postgresql needs store_url",
        ),
        ({"worker_id": "  "}, "worker_id must not be empty"),
        (
            {"outbox_lease": 10.0, "request_timeout": 10.0},
            r"outbox_lease \(10.0s\) must be longer than request_timeout \(10.0s\)",
        ),
    ],
)
def test_settings_refuse_a_store_that_cannot_work(values, message):
    with pytest.raises(ConfigurationError, match=message):
        GatewaySettings(**values).validate()


def test_settings_read_the_store_from_the_file(tmp_path):
    path = tmp_path / "gateway.toml"
    path.write_text(
        "[gateway]\n"
        'store = "postgresql"\n'
        'store_url = "postgresql://mspcim@db.example:5432/mspcim"\n'
        'worker_id = "b1"\n'
        "outbox_lease = 30\n",
        encoding="utf-8",
    )

    settings = load_settings(path)

    assert (settings.store, settings.store_url) == (
        "postgresql",
        "postgresql://mspcim@db.example:5432/mspcim",
    )
    assert (settings.worker_id, settings.outbox_lease) == ("b1", 30)
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("[gateway]\nworker_id = 7\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="worker_id must be str"):
        load_settings(wrong)


def test_the_default_store_is_sqlite_under_worker_1(tmp_path):
    store = MessageStore.from_settings(GatewaySettings(db_path=tmp_path / "g.db"))
    try:
        assert (store.location, store.worker_id, store.lease) == (str(tmp_path / "g.db"), "1", 0.0)
    finally:
        store.close()


@pytest.mark.services
def test_serve_runs_a_worker_on_the_postgresql_store(postgres, monkeypatch):  # noqa: F811
    url = postgres.fresh_database()
    served = []
    monkeypatch.setattr(
        "mspcim.gateway.serving.serve",
        lambda application, *args, **options: served.append(application),
    )

    result = CliRunner().invoke(
        app, ["serve", "--store-url", url, "--worker-id", "a2", "--port", "18080"]
    )

    assert result.exit_code == 0, result.output
    [application] = served
    store = application.state.runtime.store
    try:
        assert (store.location, store.worker_id, store.lease) == (url, "a2", 60.0)
        assert isinstance(store.engine, PostgresEngine)
        assert store.counts() == {"transactions": {}, "outbox": {}}
    finally:
        store.close()


@pytest.mark.services
def test_store_stats_read_the_postgresql_store_the_configuration_names(postgres, tmp_path):  # noqa: F811
    url = postgres.fresh_database()
    store = MessageStore(engine=PostgresEngine(url))
    store.accept(
        ReadTransaction(
            "C-1", "TX-1", "http://cb.test/", "CIS", ["M1"], "SOAP11",
            TransactionState.ACCEPTED, T0, T0 + 60,
        ),
        OutboxItem("cim_request", "http://headend.test/", b"<r/>", {}),
    )  # fmt: skip
    store.close()
    config = tmp_path / "gateway.toml"
    config.write_text(
        f'[gateway]\nstore = "postgresql"\nstore_url = "{url}"\n'
        f'db_path = "{tmp_path / "absent.db"}"\n',
        encoding="utf-8",
    )

    result = CliRunner().invoke(app, ["store", "stats", "--json", "--config", str(config)])

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["conversations"] == {"on-demand-read": {"accepted": 1}}
