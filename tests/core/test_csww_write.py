"""Writing a return (``core.csww.write.return_xml``): each element on a line of its own, its
text escaped, in the year's schema order; the records joined a chunk at a time give the same
text as writing them element by element."""

from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.core.csww import write
from csc_workforce.core.csww.schemas import SCHEMAS
from csc_workforce.core.csww.write import return_xml

YEAR = 2025
ELEMENTS = [spec.element for spec in SCHEMAS[YEAR].worker_fields]


def element_by_element(workers: list[dict[str, str | list[str]]]) -> str:
    """The records as written before they were joined a chunk at a time: one piece of text for
    each element, in the schema's order, escaped."""
    pieces = []
    for worker in workers:
        pieces.append("  <CSWWWorker>\n")
        for element in ELEMENTS:
            value = worker.get(element)
            texts = [value] if isinstance(value, str) else list(value or ())
            pieces += [f"    <{element}>{escape(text)}</{element}>\n" for text in texts]
        pieces.append("  </CSWWWorker>\n")
    return "".join(pieces)


def records_of(text: str) -> str:
    """The worker records of a return's text."""
    return text[text.index("  <CSWWWorker>") : text.index("</Message>")]


def test_a_record_s_elements_in_schema_order_with_their_text_escaped() -> None:
    worker = {
        "SWENo": "SW1",  # given after AgencyWorker: written in the schema's order all the same
        "AgencyWorker": "0",
        "Ethnicity": "A&B <C>",
        "ContractWeeks": ["1.0", "2.0"],  # a repeating element, once a text
        "NotAnElement": "left out",
    }
    text = "".join(return_xml(year=YEAR, lea="999", la_level={}, workers=[worker]))
    assert records_of(text) == (
        "  <CSWWWorker>\n"
        "    <AgencyWorker>0</AgencyWorker>\n"
        "    <SWENo>SW1</SWENo>\n"
        "    <Ethnicity>A&amp;B &lt;C&gt;</Ethnicity>\n"
        "    <ContractWeeks>1.0</ContractWeeks>\n"
        "    <ContractWeeks>2.0</ContractWeeks>\n"
        "  </CSWWWorker>\n"
    )
    assert text.endswith("  </CSWWWorker>\n</Message>\n")


TEXT = st.text(alphabet=st.sampled_from("aZ09 &<>'\"é"), max_size=6)
WORKER = st.dictionaries(
    st.sampled_from(ELEMENTS), st.one_of(st.none(), TEXT, st.lists(TEXT, max_size=3)), max_size=8
)


@settings(max_examples=60, deadline=None)
@given(workers=st.lists(WORKER, max_size=12), chunk=st.integers(min_value=1, max_value=5))
def test_chunks_of_records_are_the_records_element_by_element(
    workers: list[dict[str, str | list[str]]], chunk: int
) -> None:
    original = write.WORKERS_A_CHUNK
    write.WORKERS_A_CHUNK = chunk
    try:
        text = "".join(return_xml(year=YEAR, lea="999", la_level={}, workers=workers))
    finally:
        write.WORKERS_A_CHUNK = original
    written = text[text.index("</LALevel>\n") + len("</LALevel>\n") : -len("</Message>\n")]
    assert written == element_by_element(workers)
