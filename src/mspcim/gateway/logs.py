"""Logging for operators: text for people, JSON lines for log pipelines, ids on every line.

Flows log with ``extra={"correlation_id": …, "transaction_id": …, "event": …}``; both formats
show them, so one transaction can be followed across the MultiSpeak and CIM sides. Both formats
pass every line through the one masking function: no secret reaches a log.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from mspcim.gateway.security.masking import mask_text

__all__ = ["configure_logging"]

_IDS = ("event", "transaction_id", "correlation_id", "message_id", "caller", "peer", "url")


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as JSON, with the correlation fields when present."""
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_text(record.getMessage()),
        }
        for key in _IDS:
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = mask_text(str(value)) if isinstance(value, str) else value
        if record.exc_info:
            entry["exception"] = mask_text(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Readable lines: time, level, message, then ids as key=value."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of text."""
        when = datetime.fromtimestamp(record.created).strftime("%H:%M:%S.%f")[:-3]
        ids = " ".join(
            f"{key}={getattr(record, key)}"
            for key in _IDS[1:]
            if getattr(record, key, None) is not None
        )
        line = f"{when} {record.levelname:7} {record.getMessage()}"
        if ids:
            line += f"  [{ids}]"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return mask_text(line)


def configure_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Send mspcim's logs to stderr in ``fmt`` ("text" or "json") at ``level``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger("mspcim")
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    root.propagate = False
    logging.getLogger("httpx").setLevel(logging.WARNING)
