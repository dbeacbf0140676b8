"""The hardened parser refuses every classic XML attack with XmlSafetyError, quickly."""

import pytest

from mspcim import reply_codes, xmlsafe
from mspcim.exceptions import XmlSafetyError

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol4;</lolz>"""

XXE_FILE = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<foo>&xxe;</foo>"""

XXE_NETWORK = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "http://127.0.0.1:1/evil">]>
<foo>&xxe;</foo>"""

EXTERNAL_DTD = b'<?xml version="1.0"?><!DOCTYPE foo SYSTEM "http://127.0.0.1:1/x.dtd"><foo/>'

QUADRATIC = (
    b'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "'
    + b"x" * 50_000
    + b'">]><q>'
    + b"&a;" * 5_000
    + b"</q>"
)

LATE_DOCTYPE = b"<!--" + b" " * 5000 + b"--><!DOCTYPE x [<!ENTITY e 'v'>]><x>&e;</x>"


@pytest.mark.parametrize(
    "document",
    [BILLION_LAUGHS, XXE_FILE, XXE_NETWORK, EXTERNAL_DTD, QUADRATIC, LATE_DOCTYPE],
    ids=["billion-laughs", "xxe-file", "xxe-network", "external-dtd", "quadratic", "late-doctype"],
)
def test_dtds_and_entities_are_refused(document):
    with pytest.raises(XmlSafetyError) as caught:
        xmlsafe.parse(document)
    assert "DTD" in str(caught.value) or "entit" in str(caught.value).lower()
    assert caught.value.code == reply_codes.REFUSED_XML


def test_no_file_content_leaks_through_entities():
    with pytest.raises(XmlSafetyError) as caught:
        xmlsafe.parse(XXE_FILE)
    assert "root:" not in str(caught.value)


def test_size_limit():
    limits = xmlsafe.XmlLimits(max_bytes=100)
    with pytest.raises(XmlSafetyError, match="exceeds the limit of 100 bytes"):
        xmlsafe.parse(b"<a>" + b"x" * 200 + b"</a>", limits)
    assert xmlsafe.parse(b"<a>ok</a>", limits).text == "ok"


@pytest.mark.parametrize("depth", [65, 300, 10_000])
def test_depth_limit(depth):
    document = b"<a>" * depth + b"</a>" * depth
    with pytest.raises(XmlSafetyError, match="nested"):
        xmlsafe.parse(document)


def test_depth_at_the_limit_is_accepted():
    depth = xmlsafe.DEFAULT_LIMITS.max_depth
    root = xmlsafe.parse(b"<a>" * depth + b"</a>" * depth)
    assert len(root.xpath("//a")) == depth


def test_element_count_limit():
    limits = xmlsafe.XmlLimits(max_elements=10)
    with pytest.raises(XmlSafetyError, match="11 elements"):
        xmlsafe.parse(b"<r>" + b"<e/>" * 10 + b"</r>", limits)


@pytest.mark.parametrize("document", [b"", b"<a>", b"not xml", b"<a></b>", b"\xff\xfe<a/>"])
def test_malformed_documents(document):
    with pytest.raises(XmlSafetyError):
        xmlsafe.parse(document)


def test_comments_and_processing_instructions_are_dropped():
    root = xmlsafe.parse(b"<a><!-- c --><?pi x?><b>1</b></a>")
    assert [child.tag for child in root] == ["b"]


def test_serialize_round_trip_is_compact():
    root = xmlsafe.parse(b'<a xmlns="urn:x"><b>1</b></a>')
    assert xmlsafe.serialize(root, declaration=False) == b'<a xmlns="urn:x"><b>1</b></a>'
