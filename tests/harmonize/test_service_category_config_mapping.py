"""Profile 8.27 ServiceCategoryConfig: what an ``electricService`` says of its category.

MultiSpeak 4.1 has no category object: the table maps the kind (the service list) and the
``serviceSubType``; CIM categories alone have no MultiSpeak message (refused clearly).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from meter_strategies import words

from mspcim.cim.end_device_assets import ServiceKind
from mspcim.cim.envelope import build_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import Header, Message, MessageKind, Verb
from mspcim.cim.service_category_config import CODEC_2013, ServiceCategory, ServiceCategoryConfig
from mspcim.exceptions import UnknownOperationError
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles.service_category_config import SERVICE_CATEGORY
from mspcim.harmonize.translator import translate_document
from mspcim.harmonize.utility_info_codecs import SERVICE_KINDS
from mspcim.multispeak.v41.electric_service import ElectricService
from mspcim.validation import SchemaSet


def run(source: object, direction: Direction) -> tuple[object, GapReport]:
    state = TranslationState(profile="ServiceCategoryConfig")
    return translate(SERVICE_CATEGORY, source, direction, state, "/x"), state.report


def test_an_electric_service_is_of_category_electricity_with_its_sub_type():
    category, report = run(ElectricService(service_sub_type="Irrigation"), Direction.TO_CIM)
    assert category == ServiceCategory(
        kind=ServiceKind.ELECTRICITY,
        service_category_names=[Name.typed("Irrigation", "serviceSubType", "MultiSpeak")],
    )
    (entry,) = report
    assert (entry.kind, entry.value) == (GapKind.CARRIED, "Irrigation")
    assert entry.carried_in == "ServiceCategory/Names[NameType/name='serviceSubType']"


def test_what_multispeak_cannot_say_of_a_category_is_reported():
    category = ServiceCategory(
        mrid="sc-7",
        description="Municipal water",
        kind=ServiceKind.WATER,
        service_category_names=[Name(name="W1")],
    )
    service, report = run(category, Direction.TO_MSP)
    assert service == ElectricService()
    lost = {entry.path: entry.value for entry in report.lost}
    assert lost == {
        "/x/kind": "water",
        "/x/mRID": "sc-7",
        "/x/description": "Municipal water",
        "/x/Names[1]": "None=W1",
    }
    reasons = [entry.reason for entry in report.lost if entry.path == "/x/kind"]
    assert reasons == ["an electricService is electric; water is a Water service (not mapped)"]


def test_a_kind_with_no_multispeak_service_type_says_so():
    _, report = run(ServiceCategory(kind=ServiceKind.INTERNET), Direction.TO_MSP)
    assert [entry.reason for entry in report.lost] == [
        "an electricService is electric; internet is no MultiSpeak serviceType"
    ]


def test_the_service_kind_table_uses_multispeak_service_types(schemas: SchemaSet):
    wsdl = etree.parse(str(schemas.root / "multispeak-4.1.6" / "MDM_Server.wsdl"))
    values = set(
        wsdl.xpath(
            "//xs:simpleType[@name='serviceType']/xs:restriction/xs:enumeration/@value",
            namespaces={"xs": "http://www.w3.org/2001/XMLSchema"},
        )
    )
    assert set(SERVICE_KINDS) <= values
    assert SERVICE_KINDS["Electric"] is ServiceKind.ELECTRICITY


def test_a_category_message_has_no_multispeak_counterpart():
    document = ServiceCategoryConfig(
        service_categories=[ServiceCategory(kind=ServiceKind.ELECTRICITY)]
    )
    message = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "ServiceCategoryConfig", message_id="S-1"),
        payload=[CODEC_2013.write(document)],
    )
    with pytest.raises(UnknownOperationError) as caught:
        translate_document(build_message(message), "msp41")
    assert "no translation for CIM EventMessage 'ServiceCategoryConfig'" in str(caught.value)


@settings(max_examples=50, deadline=None)
@given(st.none() | words)
def test_sub_types_come_back_property(sub_type: str | None):
    category, report = run(ElectricService(service_sub_type=sub_type), Direction.TO_CIM)
    assert report.lost == []
    service, back = run(category, Direction.TO_MSP)
    assert back.lost == []
    assert service == ElectricService(service_sub_type=sub_type)
