"""Hypothesis strategies for MultiSpeak 5.0 headers: every element and attribute, schema-valid."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import strategies as st

from mspcim.multispeak.v50.header import (
    BUILD_DESCRIPTORS,
    CODED_NAME_TYPES,
    MESSAGE_CONTEXTS,
    Caller,
    CodedName,
    CoordinateSystemInformation,
    CSAuthority,
    CSAuthorityName,
    CSUnits,
    DataSetIDs,
    DataSetState,
    MultiSpeakVersion,
    RequestHeader,
    ResponseHeader,
)
from mspcim.multispeak.v50.result import (
    RESULT_LEVELS,
    ErrorObject,
    MessageResultLevel,
    ReplyCodeIdentifier,
    Result,
)

texts = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABC-_.0123456789", min_size=1, max_size=12)
alphanumerics = st.text(alphabet="ABCDEFGHabcdefgh0123456789", min_size=1, max_size=8)
guids = st.uuids().map(str)
times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
)


def optional(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


versions = st.builds(
    MultiSpeakVersion,
    major_version=st.just(5),
    minor_version=st.just(0),
    build=st.sampled_from([4, 7]),
    branch=optional(st.integers(0, 9)),
    build_string=optional(st.sampled_from(BUILD_DESCRIPTORS)),
)
callers = st.builds(
    Caller,
    app_name=texts,
    app_version=optional(texts),
    company=texts,
    audit_id=optional(texts),
    audit_password=optional(texts),
    system_id=optional(texts),
    password=optional(texts),
)
coded_names = st.builds(
    CodedName,
    coded_value=alphanumerics,
    name_part=alphanumerics,
    description=optional(texts),
    coded_name_type=optional(st.sampled_from(CODED_NAME_TYPES)),
)
coordinates = st.builds(
    CoordinateSystemInformation,
    cs_units=st.builds(CSUnits, value=st.sampled_from(["Feet", "Meters", "USSurveyFeet"])),
    cs_authorities=st.lists(
        st.builds(
            CSAuthority,
            cs_authority_name=st.builds(CSAuthorityName, value=st.just("EPSG")),
            coordinate_system_authority_code=alphanumerics,
            datum=texts,
        ),
        min_size=1,
        max_size=2,
    ),
)
data_set_states = st.one_of(
    st.builds(
        DataSetState,
        publish=st.builds(DataSetIDs, data_set_id=texts, previous_data_set_id=texts),
    ),
    st.builds(
        DataSetState,
        request=st.builds(DataSetIDs, data_set_id=optional(texts), previous_data_set_id=texts),
    ),
)
_common = {
    "multi_speak_version": versions,
    "caller": callers,
    "coded_names": st.lists(coded_names, max_size=2),
    "coordinate_system_information": optional(coordinates),
    "default_registered_name": optional(alphanumerics),
    "default_system_name": optional(alphanumerics),
    "default_utility": optional(texts),
    "default_currency_code": optional(st.sampled_from(["USD", "EUR"])),
    "message_id": texts,
    "time_stamp": times,
    "message_created_time_stamp": optional(times),
    "context": optional(st.sampled_from(MESSAGE_CONTEXTS)),
}
request_headers = st.builds(
    RequestHeader,
    **_common,
    data_set_state=optional(data_set_states),
    do_not_reply=st.lists(guids, max_size=2),
    registration_id=optional(guids),
)
codes = st.builds(
    ReplyCodeIdentifier.from_code,
    st.builds(lambda c, i: f"{c}.{i}", st.integers(0, 7), st.integers(0, 20)),
)
error_objects = st.builds(
    ErrorObject,
    error_code=optional(codes),
    event_time=times,
    display_string=optional(texts),
    detailed_string=optional(texts),
    reference_id=optional(texts),
    noun_type=optional(st.sampled_from(["meter", "meterReading"])),
)
results = st.builds(
    Result,
    result_identifier=codes,
    result_description=optional(texts),
    level=optional(st.builds(MessageResultLevel, value=st.sampled_from(RESULT_LEVELS[:4]))),
    error_objects=st.lists(error_objects, max_size=3),
    data_set_id=optional(texts),
    last_sent=optional(texts),
    objects_remaining=optional(st.integers(-1, 1000)),
)
response_headers = st.builds(ResponseHeader, **_common, result=results)
