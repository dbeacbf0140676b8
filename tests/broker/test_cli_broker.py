"""``--broker`` on the command line: a bad address is refused on one clear line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from mspcim.cli import app


def test_sim_headend_refuses_a_broker_url_that_is_not_stomp() -> None:
    result = CliRunner().invoke(app, ["sim", "headend", "--broker", "http://mq:61613"])
    assert result.exit_code == 2
    assert "error: broker.url must be stomp://host:port" in result.output


def test_serve_refuses_a_broker_url_that_is_not_stomp(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["serve", "--db", str(tmp_path / "g.db"), "--broker", "amqp://mq:5672"]
    )
    assert result.exit_code == 2
    assert "error: broker.url must be stomp://host:port" in result.output
