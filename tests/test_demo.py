"""The demo is the main job on embedded defaults: it must run end to end and leave a trace."""

import json

from mspcim import xmlsafe
from mspcim.cim.message import EnvelopeForm
from mspcim.console.demo import UNKNOWN_METER, DemoOptions, run_demo


def test_demo_reads_every_meter_and_writes_the_trace(tmp_path, assert_schema_valid):
    lines: list[str] = []
    result = run_demo(DemoOptions(meters=2, delay=0.05, trace_dir=tmp_path), say=lines.append)
    assert result.ok
    notification = result.notification.notification
    assert notification.transaction_id == result.transaction_id
    by_meter = {read.meter_id.value: read for read in notification.changed_meter_reads}
    assert set(by_meter) == {"M1001", "M1002", UNKNOWN_METER}
    assert by_meter[UNKNOWN_METER].error_string == "unknown meter"
    assert [value.units for value in by_meter["M1001"].reading_values] == ["kWh", "kW", "V RMS"]
    assert result.latest is not None and result.latest.meter_id.value == "M1001"
    index = json.loads((tmp_path / "trace.json").read_text())
    kinds = [step["kind"] for step in index]
    assert kinds[:2] == ["InitiateMeterReadingsByMeterID", "get MeterReadings"]
    assert "ReadingChangedNotification" in kinds
    for step in index:
        document = (tmp_path / step["file"]).read_bytes()
        assert_schema_valid(xmlsafe.parse(document))
    assert any("InitiateMeterReadingsByMeterID" in line for line in lines)
    assert (tmp_path / "notifications.jsonl").read_text().count("\n") == 1


def test_demo_in_the_noun_wrapper_form_with_a_synchronous_head_end(tmp_path):
    result = run_demo(
        DemoOptions(meters=1, mode="sync", form=EnvelopeForm.NOUN_WRAPPER, trace_dir=tmp_path),
        say=lambda line: None,
    )
    assert result.ok
    meters = [read.meter_id.value for read in result.notification.notification.changed_meter_reads]
    assert meters == ["M1001", UNKNOWN_METER]
