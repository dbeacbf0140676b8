import json
import logging

import pytest

from mspcim.gateway.logs import configure_logging


@pytest.fixture
def restore_logging():
    logger = logging.getLogger("mspcim")
    handlers, level, propagate = logger.handlers[:], logger.level, logger.propagate
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)
    logger.propagate = propagate


def test_json_lines_carry_the_ids_of_both_sides(capsys, restore_logging):
    configure_logging("INFO", "json")
    logging.getLogger("mspcim.gateway.test").info(
        "reply translated: %d values",
        9,
        extra={"transaction_id": "T-1", "correlation_id": "C-1", "event": "replied"},
    )
    line = json.loads(capsys.readouterr().err.strip())
    assert line["message"] == "reply translated: 9 values"
    assert (line["transaction_id"], line["correlation_id"], line["event"]) == (
        "T-1",
        "C-1",
        "replied",
    )
    assert line["level"] == "INFO" and line["logger"] == "mspcim.gateway.test"


def test_text_lines_show_ids_and_respect_the_level(capsys, restore_logging):
    configure_logging("WARNING", "text")
    log = logging.getLogger("mspcim.gateway.test")
    log.info("hidden")
    log.warning("late reply kept", extra={"transaction_id": "T-2", "correlation_id": "C-2"})
    err = capsys.readouterr().err
    assert "hidden" not in err
    assert "WARNING late reply kept" in err
    assert "[transaction_id=T-2 correlation_id=C-2]" in err


def test_exceptions_are_logged_with_their_trace_in_json(capsys, restore_logging):
    configure_logging("INFO", "json")
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("mspcim").exception("failed")
    line = json.loads(capsys.readouterr().err.strip())
    assert "ValueError: boom" in line["exception"]
