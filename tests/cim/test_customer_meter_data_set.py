"""Profile CustomerMeterDataSet as the project declares it: service points and their links."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim.cim.customer_meter_data_set import (
    CODEC_2009,
    CODEC_2013,
    NAMESPACE_2009,
    NAMESPACE_2013,
    CustomerAccount,
    CustomerAgreement,
    CustomerMeterDataSet,
    LinkedMeter,
    UsagePoint,
)
from mspcim.cim.end_device_assets import Customer, ServiceCategory, ServiceKind, ServiceLocation
from mspcim.cim.identified_object import Name


def data_set() -> CustomerMeterDataSet:
    return CustomerMeterDataSet(
        usage_points=[
            UsagePoint(
                mrid="7a2c9e1f",
                service_point_names=[Name.typed("SP-0042-117-E", "serviceID", "MultiSpeak")],
                service_category=ServiceCategory(kind=ServiceKind.ELECTRICITY),
                service_location=ServiceLocation(mrid="SL-0042-117"),
                customer_agreement=CustomerAgreement(
                    customer=Customer(mrid="CU-77810"),
                    customer_account=CustomerAccount(
                        customer_account_names=[Name.typed("100-4521-07", "accountNumber")]
                    ),
                ),
                meters=[LinkedMeter(mrid="5d1f3c2a")],
            )
        ]
    )


@pytest.mark.parametrize("codec", [CODEC_2013, CODEC_2009], ids=["2013", "2009"])
def test_written_valid_and_read_back(codec):
    element = codec.write(data_set())
    etree.XMLSchema(codec.declared_schema()).assertValid(element)
    assert codec.read(element) == data_set()


def test_names_of_each_edition():
    new = CODEC_2013.write(data_set())
    old = CODEC_2009.write(data_set())
    assert [c.tag for c in new] == [f"{{{NAMESPACE_2013}}}UsagePoint"]
    assert [c.tag for c in old] == [f"{{{NAMESPACE_2009}}}ServiceDeliveryPoint"]
    point = old[0]
    assert point.find(f"{{{NAMESPACE_2009}}}MeterAsset/{{{NAMESPACE_2009}}}mRID").text == "5d1f3c2a"
    customer = point.find(
        f"{{{NAMESPACE_2009}}}CustomerAgreement/{{{NAMESPACE_2009}}}Customer/{{{NAMESPACE_2009}}}mRID"
    )
    assert customer.text == "CU-77810"


ids = st.text(alphabet="ABC0123456789-", min_size=1, max_size=10)
points = st.builds(
    UsagePoint,
    mrid=st.none() | ids,
    service_location=st.none() | st.builds(ServiceLocation, mrid=ids),
    meters=st.lists(st.builds(LinkedMeter, mrid=ids), max_size=2),
    customer_agreement=st.none()
    | st.builds(CustomerAgreement, customer=st.builds(Customer, mrid=ids)),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(points, max_size=3), st.sampled_from([CODEC_2013, CODEC_2009]))
def test_round_trip_property(items, codec):
    document = CustomerMeterDataSet(usage_points=items)
    element = codec.write(document)
    assert etree.XMLSchema(codec.declared_schema()).validate(element)
    assert codec.read(element) == document
