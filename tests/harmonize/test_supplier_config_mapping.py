"""Profile 8.30 SupplierConfig: what MultiSpeak 4.1 holds of a supplier (its name), both ways.

MultiSpeak 4.1.6 has no supplier object nor operation: the table maps ``@utility`` ⇄ a
ServiceSupplier Name and reports every other CIM value lost (the password of an electronic
address without its value); a SupplierConfig message is refused with a clear error; the declared
profile validates in both editions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mspcim import xmlsafe
from mspcim.cim.common_classes import ElectronicAddress, TelephoneNumber
from mspcim.cim.envelope import read_message
from mspcim.cim.supplier_config import (
    CODEC_2009,
    CODEC_2013,
    ServiceSupplier,
    SupplierConfig,
    SupplierKind,
)
from mspcim.cli import app
from mspcim.exceptions import UnknownOperationError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import supplier_config
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.v41.msp_binding import MspObject
from mspcim.validation import SchemaSet

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "supplier_config"
CREATED = FIXTURE / "supplier_config_created.xml"


def test_the_suppliers_multispeak_objects_name_become_service_suppliers():
    objects = [
        MspObject(utility="NWEC"),
        MspObject(),
        MspObject(utility="NWEC"),
        MspObject(utility="SPPD"),
    ]
    document = supplier_config.to_cim(objects)
    names = [
        [(name.type_name, name.name) for name in supplier.service_supplier_names]
        for supplier in document.service_suppliers
    ]
    assert names == [[("utility", "NWEC")], [("utility", "SPPD")]]
    element = CODEC_2013.write(document)
    assert CODEC_2013.read(element) == document


def test_everything_else_a_supplier_holds_is_reported_lost():
    document = CODEC_2013.read(read_message(xmlsafe.parse(CREATED.read_bytes())).payload[0])
    report = GapReport()
    (found,) = supplier_config.to_msp(document, report)
    assert found == MspObject(utility="NWEC")
    lost = {entry.path.rsplit("/", 1)[-1]: entry for entry in report}
    assert {entry.kind for entry in lost.values()} == {GapKind.LOST}
    assert set(lost) == {
        "electronicAddress",
        "phone1",
        "streetAddress",
        "mRID",
        "issuerIdentificationNumber",
        "kind",
        "name",
    }
    assert lost["name"].value == "Northwind Electric Cooperative"
    assert lost["issuerIdentificationNumber"].value == "600727"


def test_a_password_of_the_electronic_address_is_never_shown():
    supplier = ServiceSupplier(
        kind=SupplierKind.RETAILER,
        phone2=TelephoneNumber(local_number="5550100"),
        electronic_address=ElectronicAddress(user_id="portal", password="pa55-word"),
    )
    report = GapReport()
    supplier_config.to_msp(SupplierConfig(service_suppliers=[supplier]), report)
    assert "pa55-word" not in report.to_json()
    assert "********" in report.to_json()


def test_the_declared_profile_is_valid_in_both_editions(declared: SchemaSet):
    source = xmlsafe.parse(CREATED.read_bytes())
    assert declared.validate(source) == []
    converted = translate_document(source, "cim2009")
    assert declared.validate(converted.document, edition="2009") == []
    message = read_message(converted.document)
    assert message.header is not None and message.header.noun == "SupplierConfig"
    assert message.payload[0].tag == "{http://iec.ch/TC57/2009/SupplierConfig#}SupplierConfig"
    supplier = CODEC_2009.read(message.payload[0]).service_suppliers[0]
    assert (supplier.kind, supplier.issuer_identification_number) == (
        SupplierKind.UTILITY,
        "600727",
    )
    assert supplier.phone1 == TelephoneNumber(
        area_code="555", country_code="1", local_number="0142"
    )


def test_a_supplier_config_message_has_no_multispeak_operation():
    with pytest.raises(UnknownOperationError) as caught:
        translate_document(xmlsafe.parse(CREATED.read_bytes()), "msp41")
    assert "SupplierConfig" in str(caught.value)


def test_the_mapping_says_multispeak_has_no_supplier_object():
    result = CliRunner().invoke(app, ["mappings", "SupplierConfig"])
    assert result.exit_code == 0, result.stderr
    assert "no serviceSupplier object and no operation in MultiSpeak 4.1.6" in result.stdout
    assert "@utility" in result.stdout


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1), unique=True))
def test_utility_names_round_trip_property(utilities: list[str]):
    objects = [MspObject(utility=utility) for utility in utilities]
    report = GapReport()
    back = supplier_config.to_msp(supplier_config.to_cim(objects), report)
    assert back == objects and list(report) == []
