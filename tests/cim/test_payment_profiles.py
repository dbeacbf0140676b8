"""The declared profiles of pricing, suppliers, receipts and transactions, as payload codecs.

Each of PricingStructureConfig, SupplierConfig, ReceiptRecord and TransactionRecord is registered
in both editions with the XSD the project declares; documents read back equal to what was
written and validate against that XSD; the fixtures' payloads read as expected; a wrong root is
refused clearly.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

from mspcim import xmlsafe
from mspcim.cim import pricing_structure_config, receipt_record, supplier_config, transaction_record
from mspcim.cim.catalogue import Edition, payload_codec, payload_for_tag
from mspcim.cim.envelope import read_message
from mspcim.cim.transaction_record import Money
from mspcim.exceptions import MappingError, MessageFormatError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MODULES = (pricing_structure_config, supplier_config, receipt_record, transaction_record)
PAYLOADS = {
    pricing_structure_config: FIXTURES
    / "pricing_structure_config"
    / "pricing_structure_config_changed.xml",
    supplier_config: FIXTURES / "supplier_config" / "supplier_config_created.xml",
    receipt_record: FIXTURES / "receipt_record" / "receipt_record_created.xml",
    transaction_record: FIXTURES / "transaction_record" / "transaction_record_created.xml",
}


def payload_of(module: ModuleType) -> etree._Element:
    return read_message(xmlsafe.parse(PAYLOADS[module].read_bytes())).payload[0]


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.NOUN)
def test_both_editions_are_registered_with_their_declared_schema(module: ModuleType):
    for edition, codec, namespace in (
        (Edition.CIM2013, module.CODEC_2013, module.NAMESPACE_2013),
        (Edition.CIM2009, module.CODEC_2009, module.NAMESPACE_2009),
    ):
        assert payload_codec(module.NOUN, edition) is codec
        assert codec.tag == f"{{{namespace}}}{module.NOUN}"
        assert payload_for_tag(codec.tag) is codec
        schema = codec.declared_schema()
        assert schema.get("targetNamespace") == namespace
        etree.XMLSchema(schema)
    assert f"http://iec.ch/TC57/2011/{module.NOUN}#" == module.NAMESPACE_2013
    assert f"http://iec.ch/TC57/2009/{module.NOUN}#" == module.NAMESPACE_2009


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.NOUN)
def test_fixture_documents_read_back_equal_in_both_editions(module: ModuleType):
    document = module.CODEC_2013.read(payload_of(module))
    for codec in (module.CODEC_2013, module.CODEC_2009):
        element = codec.write(document)
        etree.XMLSchema(codec.declared_schema()).assertValid(element)
        assert codec.read(element) == document


def test_amounts_read_as_decimals_with_their_currency():
    document = receipt_record.CODEC_2013.read(payload_of(receipt_record))
    (receipt,) = document.receipts
    assert [tender.amount for tender in receipt.tenders] == [
        Money(value=Decimal("40.00"), unit="EUR"),
        Money(value=Decimal("5.30"), unit="EUR"),
    ]
    structures = pricing_structure_config.CODEC_2013.read(payload_of(pricing_structure_config))
    charge = structures.pricing_structures[0].tariffs[0].tariff_profiles[0]
    price = charge.time_tariff_intervals[0].charges[0].fixed_portion
    assert price is not None and price.value == Decimal("0.071234567890123")
    assert str(price.value) == "0.071234567890123"


def test_a_wrong_root_is_refused_clearly():
    element = receipt_record.CODEC_2013.write(receipt_record.ReceiptRecord())
    with pytest.raises(MessageFormatError) as caught:
        transaction_record.CODEC_2013.read(element)
    assert "expected TransactionRecord" in str(caught.value)


def test_a_bad_amount_is_refused_with_its_path():
    element = payload_of(transaction_record)
    amount = element.find(".//{*}amount")
    assert amount is not None
    amount.text = "12,50"
    with pytest.raises(MappingError) as caught:
        transaction_record.CODEC_2013.read(element)
    assert "not a number: '12,50'" in str(caught.value)
    assert caught.value.xpath is not None
    assert caught.value.xpath.endswith("Transaction[1]/line[1]/amount[1]")
