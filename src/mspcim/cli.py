"""The ``mspcim`` command line: demo, serve, sim, translate, validate.

Each command is a thin shell over the library; errors are one clear line on stderr and a
non-zero exit status, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mspcim import __version__, xmlsafe
from mspcim.cim.message import EnvelopeForm
from mspcim.exceptions import MspcimError
from mspcim.harmonize.gaps import GapReport

app = typer.Typer(
    name="mspcim",
    help="MultiSpeak ⇄ IEC CIM (61968-9, 61968-100) translator and gateway (IEC TS 61968-14).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
sim_app = typer.Typer(
    help="Simulated peers: a CIM head-end and a MultiSpeak CB server.", no_args_is_help=True
)
app.add_typer(sim_app, name="sim")

out = Console()

FormOption = Annotated[
    EnvelopeForm,
    typer.Option("--form", help="CIM envelope form: 61968-100 or the 61968-9 noun wrappers."),
]


def _fail(message: str, code: int = 2) -> typer.Exit:
    """Say what went wrong on one plain line of stderr (the text may echo the input)."""
    _stderr(f"error: {' '.join(message.split())}")
    return typer.Exit(code)


def _stderr(text: str) -> None:
    """Plain text on stderr: no markup, no wrapping (messages may quote untrusted input)."""
    sys.stderr.write(text + "\n")


def _print_version(value: bool) -> None:
    if value:
        out.print(f"mspcim {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_print_version, is_eager=True
        ),
    ] = False,
) -> None:
    """MultiSpeak ⇄ IEC CIM translator and gateway."""


# --- demo


@app.command()
def demo(
    meters: Annotated[int, typer.Option(min=1, max=500, help="Known meters to read.")] = 4,
    mode: Annotated[str, typer.Option(help="Head-end reply mode: async or sync.")] = "async",
    form: FormOption = EnvelopeForm.IEC61968_100,
    trace_dir: Annotated[Path | None, typer.Option(help="Where to write the trace.")] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show the gateway's logs.")
    ] = False,
) -> None:
    """Run the Annex B on-demand read end to end on loopback and print the conversation."""
    from mspcim.console.demo import DemoOptions, run_demo
    from mspcim.gateway.logs import configure_logging

    if mode not in ("async", "sync"):
        raise _fail("--mode must be async or sync")
    configure_logging("INFO" if verbose else "WARNING")
    out.print("[bold]mspcim demo[/] — IEC TS 61968-14 Annex B: on-demand meter read\n")
    result = run_demo(
        DemoOptions(meters=meters, mode=mode, form=form, trace_dir=trace_dir),
        say=lambda line: out.print(line, highlight=False),
    )
    if result.notification is None:
        _stderr(f"no ReadingChangedNotification arrived; see the trace in {result.trace_dir}")
        raise typer.Exit(1)
    conversation = Table(title="The conversation, as the gateway's wire tap saw it", box=None)
    for column in ("#", "ms", "", "side", "message", "bytes"):
        conversation.add_column(
            column, justify="right" if column in ("#", "ms", "bytes") else "left"
        )
    for number, step in enumerate(result.steps, start=1):
        conversation.add_row(
            str(number),
            f"{step['at_ms']:.0f}",
            "→" if step["direction"] == "out" else "←",
            "MultiSpeak" if step["side"] == "multispeak" else "CIM",
            str(step["kind"]),
            str(step["bytes"]),
        )
    out.print()
    out.print(conversation)
    notification = result.notification.notification
    readings = Table(
        title=f"ReadingChangedNotification at the CB server after {result.elapsed:.2f} s "
        f"(transactionID {notification.transaction_id})",
        box=None,
    )
    for column in ("meter", "value", "units", "at", "readingTypeCode / errorString"):
        readings.add_column(column, justify="right" if column == "value" else "left", no_wrap=True)
    for read in notification.changed_meter_reads:
        meter = read.meter_id.value if read.meter_id else "?"
        if read.error_string:
            readings.add_row(meter, "", "", "", f"[red]{escape(read.error_string)}[/]")
        for value in read.reading_values:
            readings.add_row(
                meter,
                value.value or "",
                value.units or "",
                value.time_stamp.strftime("%H:%M:%S") if value.time_stamp else "",
                value.reading_type_code.value if value.reading_type_code else "",
            )
    out.print()
    out.print(readings)
    out.print(
        f"\nFull trace, every message pretty-printed (trace.json indexes them): {result.trace_dir}"
    )


# --- serve


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on [127.0.0.1].")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on [8080].")] = None,
    cim_endpoint: Annotated[str | None, typer.Option(help="URL of the CIM system.")] = None,
    db: Annotated[Path | None, typer.Option(help="SQLite message store [user data dir].")] = None,
    config: Annotated[
        Path | None, typer.Option(help="TOML configuration file ([gateway] table).")
    ] = None,
    public_url: Annotated[
        str | None, typer.Option(help="Base URL peers use to reach the gateway.")
    ] = None,
    cim_form: Annotated[
        EnvelopeForm | None, typer.Option(help="Envelope form of the CIM system.")
    ] = None,
    log_format: Annotated[str, typer.Option(help="text or json.")] = "text",
    log_level: Annotated[
        str, typer.Option(help="DEBUG shows every gap of every translation.")
    ] = "INFO",
    credentials: Annotated[
        Path | None, typer.Option(help="Credentials file: turns authentication on.")
    ] = None,
    tls_cert: Annotated[
        Path | None, typer.Option(help="PEM certificate: serve HTTPS (with --tls-key).")
    ] = None,
    tls_key: Annotated[Path | None, typer.Option(help="PEM private key of --tls-cert.")] = None,
    ca_bundle: Annotated[
        Path | None, typer.Option(help="PEM CAs trusted for outbound HTTPS (always verified).")
    ] = None,
    store_url: Annotated[
        str | None,
        typer.Option(help="PostgreSQL URL: share the message store with other workers."),
    ] = None,
    worker_id: Annotated[
        str | None, typer.Option(help="This worker's name among those sharing a store [1].")
    ] = None,
    broker: Annotated[
        str | None, typer.Option(help="STOMP URL of a broker: the CIM side runs over it.")
    ] = None,
) -> None:
    """Run the gateway: MultiSpeak 4.1 MR_Server ⇄ IEC 61968-100 CIM system."""
    from mspcim.gateway.app import create_app
    from mspcim.gateway.config import load_settings
    from mspcim.gateway.logs import configure_logging
    from mspcim.gateway.security.tls import server_tls_options
    from mspcim.gateway.serving import serve as run

    configure_logging(log_level, log_format)
    try:
        settings = load_settings(
            config,
            host=host,
            port=port,
            cim_endpoint=cim_endpoint,
            db_path=db,
            public_url=public_url,
            cim_form=cim_form,
            credentials_file=credentials,
            tls_cert=tls_cert,
            tls_key=tls_key,
            ca_bundle=ca_bundle,
            store="postgresql" if store_url else None,
            store_url=store_url,
            worker_id=worker_id,
        )
        if broker is not None:
            from dataclasses import replace

            over = replace(settings.broker, url=broker, cim_transport="broker")
            settings = replace(settings, broker=over).validate()
        tls = server_tls_options(settings)
        app = create_app(settings)
    except MspcimError as exc:
        raise _fail(str(exc)) from None
    drain = {"timeout_graceful_shutdown": max(1, round(settings.drain_timeout))}
    run(app, settings.host, settings.port, log_level.lower(), **drain, **tls)


# --- simulators


@sim_app.command("headend")
def sim_headend(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8081,
    mode: Annotated[str, typer.Option(help="sync or async replies.")] = "sync",
    delay: Annotated[float, typer.Option(min=0, help="Seconds before answering.")] = 0.0,
    failure_rate: Annotated[
        float, typer.Option(min=0, max=1, help="Share of meters that fail.")
    ] = 0.0,
    form: FormOption = EnvelopeForm.IEC61968_100,
    seed: Annotated[int | None, typer.Option(help="Random seed for repeatable readings.")] = None,
    broker: Annotated[
        str | None, typer.Option(help="STOMP URL: take requests from this broker, not HTTP.")
    ] = None,
) -> None:
    """A CIM meter data system answering get MeterReadings (61968-100 over SOAP or JMS)."""
    from mspcim.gateway.logs import configure_logging
    from mspcim.gateway.serving import serve as run
    from mspcim.sim.headend import HeadEndSettings, create_headend_app

    if mode not in ("sync", "async"):
        raise _fail("--mode must be sync or async")
    configure_logging("INFO")
    settings = HeadEndSettings(
        mode="async" if mode == "async" else "sync",
        delay_seconds=delay,
        failure_rate=failure_rate,
        form=form,
        seed=seed,
    )
    if broker is not None:
        from mspcim.sim.headend_broker import serve_on_broker

        out.print(f"CIM head-end simulator on the broker {broker} ({mode}, {form.value})")
        try:
            serve_on_broker(settings, broker)
        except MspcimError as exc:
            raise _fail(str(exc)) from None
        return
    out.print(f"CIM head-end simulator on http://{host}:{port}/ ({mode}, {form.value})")
    run(create_headend_app(settings), host, port, "info")


@sim_app.command("cb")
def sim_cb(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8082,
    record: Annotated[
        Path | None, typer.Option(help="Append each notification as a JSON line.")
    ] = None,
    quiet: Annotated[bool, typer.Option(help="Do not print notifications.")] = False,
) -> None:
    """A MultiSpeak 4.1 CB/MDM server receiving ReadingChangedNotification."""
    from mspcim.gateway.logs import configure_logging
    from mspcim.gateway.serving import serve as run
    from mspcim.sim.cb import CbSettings, create_cb_app

    configure_logging("INFO")
    out.print(f"MultiSpeak CB simulator on http://{host}:{port}/CB_Server")
    run(create_cb_app(CbSettings(record_path=record, echo=not quiet)), host, port, "info")


@sim_app.command("not50")
def sim_not50(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8083,
    record: Annotated[
        Path | None, typer.Option(help="Append each notification as a JSON line.")
    ] = None,
    quiet: Annotated[bool, typer.Option(help="Do not print notifications.")] = False,
) -> None:
    """A MultiSpeak v5 NOT_Server receiving MeterReadingsNotification and other notifications."""
    from mspcim.gateway.logs import configure_logging
    from mspcim.gateway.serving import serve as run
    from mspcim.sim.not_server50 import NotServer50Settings, create_not50_app

    configure_logging("INFO")
    out.print(f"MultiSpeak v5 NOT_Server simulator on http://{host}:{port}/NOT_Server")
    settings = NotServer50Settings(record_path=record, echo=not quiet)
    run(create_not50_app(settings), host, port, "info")


# --- translate


STREAM_THRESHOLD = 8 * 1024 * 1024
"""Inputs larger than this (bytes) are translated streaming, in constant memory."""


@app.command()
def translate(
    source: Annotated[Path, typer.Argument(help="Input file ('-' for stdin).", allow_dash=True)],
    to: Annotated[
        str, typer.Option("--to", help="Target: cim (= cim2013), cim2009, msp41 or msp50.")
    ],
    from_: Annotated[
        str | None,
        typer.Option("--from", help="Source dialect, checked against the input [detected]."),
    ] = None,
    release: Annotated[
        str, typer.Option(help="MultiSpeak 5.0 release written: 5.0.7 or 5.0.4.")
    ] = "5.0.7",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Output file [stdout].")
    ] = None,
    gaps: Annotated[str, typer.Option(help="Gap report on stderr: text, json or none.")] = "text",
    form: FormOption = EnvelopeForm.IEC61968_100,
    soap: Annotated[bool, typer.Option(help="Wrap CIM output in a SOAP 1.1 envelope.")] = False,
    stream: Annotated[
        bool,
        typer.Option(
            "--stream",
            help="Translate in constant memory, output not indented (automatic above 8 MiB).",
        ),
    ] = False,
) -> None:
    """Translate a document between MultiSpeak 4.1, 5.0 and the IEC CIM; print what did not map."""
    import shutil
    import tempfile

    from lxml import etree
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    from mspcim.harmonize.streaming import StreamResult, UnsupportedStreamError, translate_stream
    from mspcim.harmonize.translator import Dialect, Translation, translate_document

    if to not in {dialect.value for dialect in Dialect}:
        raise _fail(f"--to must be one of {', '.join(d.value for d in Dialect)}")
    if gaps not in ("text", "json", "none"):
        raise _fail("--gaps must be text, json or none")
    if from_ is not None and from_ not in {dialect.value for dialect in Dialect}:
        raise _fail(f"--from must be one of {', '.join(d.value for d in Dialect)}")
    if release not in ("5.0.7", "5.0.4"):
        raise _fail("--release must be 5.0.7 or 5.0.4")
    if to == Dialect.CIM2009 and form is EnvelopeForm.NOUN_WRAPPER:
        raise _fail("--form noun-wrapper carries 61968-9:2013 payloads: use --form 61968-100")
    with (
        tempfile.SpooledTemporaryFile(max_size=STREAM_THRESHOLD) as data,
        tempfile.TemporaryFile() as streamed,
    ):
        try:
            handle = sys.stdin.buffer if str(source) == "-" else source.open("rb")
            with handle:
                shutil.copyfileobj(handle, data)
        except OSError as exc:
            raise _fail(f"cannot read {source}: {exc.strerror}") from None
        size = data.tell()
        progress = Progress(
            TextColumn("translating"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
            disable=not sys.stderr.isatty(),
        )
        task = progress.add_task("translate", total=2 * size)  # the survey pass, then the items
        # the streaming translator speaks MultiSpeak 4.1 and CIM only
        v5 = Dialect.MSP50 in (to, from_)
        streaming = (stream or size > STREAM_THRESHOLD) and not v5
        try:
            if streaming:
                try:
                    with progress:
                        result: StreamResult | Translation = translate_stream(
                            data,
                            streamed,
                            to,
                            form=form,
                            soap=soap,
                            on_read=lambda n: progress.advance(task, n),
                        )
                except UnsupportedStreamError:
                    if size > xmlsafe.DEFAULT_LIMITS.max_bytes:
                        raise
                    streaming = False  # a kind of document that is translated in memory
                    streamed.seek(0)
                    streamed.truncate()
            if not streaming:
                data.seek(0)
                result = translate_document(
                    xmlsafe.parse(data.read()),
                    to,
                    from_=from_,
                    form=form,
                    soap=soap,
                    release=release,
                )
                text = etree.tostring(
                    result.document, pretty_print=True, xml_declaration=True, encoding="UTF-8"
                )
                streamed.write(text)
        except MspcimError as exc:
            xpath = getattr(exc, "xpath", None)
            where = f" (at {xpath})" if xpath else ""
            raise _fail(f"{exc}{where}", 1) from None
        streamed.seek(0)
        if output is None:
            shutil.copyfileobj(streamed, sys.stdout.buffer)
        else:
            with output.open("wb") as target:
                shutil.copyfileobj(streamed, target)
    if gaps == "json":
        sys.stderr.write(result.gaps.to_json() + "\n")
    elif gaps == "text":
        _stderr(f"{result.source} → {result.target}; gaps: {result.gaps.summary()}")
        _stderr_gaps(result.gaps)


def _stderr_gaps(report: GapReport) -> None:
    """The gap report as text; a translation of two hops shows each hop's entries under it."""
    if not any(entry.profile.startswith("hop ") for entry in report):
        if report:
            _stderr(report.to_text())
        return
    hops: dict[str, GapReport] = {}
    for entry in report:
        hop = entry.profile.partition(")")[0] + ")" if entry.profile.startswith("hop ") else ""
        hops.setdefault(hop, GapReport()).entries.append(entry)
    for hop, entries in hops.items():
        if hop:
            _stderr(f"{hop}:")
        _stderr(entries.to_text())


# --- validate


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="XML documents to check.")],
    schemas: Annotated[
        Path | None, typer.Option(help="Folder of official schemas [$MSPCIM_SCHEMAS].")
    ] = None,
) -> None:
    """Validate documents against the official MultiSpeak and IEC schemas."""
    from mspcim.validation import SchemaSet, find_schema_dir

    folder = find_schema_dir(schemas)
    if folder is None:
        raise _fail("no schema folder: give --schemas DIR or set MSPCIM_SCHEMAS")
    schema_set = SchemaSet(folder)
    failed = 0
    for path in files:
        try:
            problems = schema_set.validate(xmlsafe.parse(path.read_bytes()))
        except (OSError, MspcimError) as exc:
            problems = [str(exc)]
        if problems:
            failed += 1
            _stderr(f"INVALID {path}")
            for line in problems[:20]:
                _stderr(f"  {line}")
        else:
            print(f"valid   {path}")
    if failed:
        raise typer.Exit(1)


# --- mappings, profiles (the mapping catalogue: console/catalogue_cli.py)

from mspcim.console.catalogue_cli import register as _register_catalogue  # noqa: E402
from mspcim.console.credentials_cli import register as _register_credentials  # noqa: E402
from mspcim.console.store_cli import register as _register_store  # noqa: E402

_register_catalogue(app)
_register_credentials(app)
_register_store(app)


def main() -> None:
    """Console script entry point."""
    app()
