import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.audit_tools import (
    ToolError,
    ToolQuestion,
    ToolSection,
    parse_tool,
    write_tool,
)

TOOL = """\
# Assessment
[grade] How good is the assessment?
    Consider analysis, not description.
    Look for the child's history.
[yes_no] Is the child's own view recorded?

# Impact
[text] What difference has the plan made?
"""


def test_sections_questions_and_guidance_are_read() -> None:
    assert parse_tool(TOOL) == (
        ToolSection(
            "Assessment",
            (
                ToolQuestion(
                    "How good is the assessment?",
                    "grade",
                    "Consider analysis, not description.\nLook for the child's history.",
                ),
                ToolQuestion("Is the child's own view recorded?", "yes_no"),
            ),
        ),
        ToolSection("Impact", (ToolQuestion("What difference has the plan made?", "text"),)),
    )


def test_every_problem_is_reported_with_its_line() -> None:
    with pytest.raises(ToolError) as error:
        parse_tool("[grade] Before any section\n# Visits\n[scale] How often?\nJust words\n#\n")
    assert error.value.problems == [
        "Line 1: a question must come under a section (# title)",
        "Line 3: [scale] is not an answer type; use [grade], [yes_no] or [text]",
        "Line 4: start a section with # or a question with [grade], [yes_no] or [text]",
        "Line 5: a section needs a title after #",
        'Section "Visits" has no questions',
        'Section "" has no questions',
    ]


def test_guidance_without_a_question_and_an_empty_tool_are_refused() -> None:
    with pytest.raises(ToolError, match="Line 2: guidance must come under a question"):
        parse_tool("# Visits\n    guidance\n[text] Q\n")
    with pytest.raises(ToolError, match="The tool has no sections"):
        parse_tool("\n\n")


words = (
    st.text(
        alphabet=st.characters(whitelist_categories=("L", "N"), whitelist_characters=" ,.?'"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
questions = st.builds(
    ToolQuestion,
    words,
    st.sampled_from(["grade", "yes_no", "text"]),
    st.lists(words, max_size=3).map("\n".join),
)
sections = st.lists(
    st.builds(ToolSection, words, st.lists(questions, min_size=1, max_size=4).map(tuple)),
    min_size=1,
    max_size=4,
).map(tuple)


@given(sections)
def test_a_written_tool_reads_back_the_same(tool: tuple[ToolSection, ...]) -> None:
    assert parse_tool(write_tool(tool)) == tool
