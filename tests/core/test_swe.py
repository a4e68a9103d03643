import string

from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.core.swe import is_valid_swe_number, normalise_swe_number


def test_published_examples() -> None:
    assert is_valid_swe_number("SW123456")
    assert is_valid_swe_number("sw1")
    assert is_valid_swe_number("SW1234567890")
    assert not is_valid_swe_number("SW12345678901")  # 11 digits
    assert not is_valid_swe_number("SW")
    assert not is_valid_swe_number("S123456")
    assert not is_valid_swe_number("SW123456$")  # the schemas' stray "$" is not part of a number
    assert not is_valid_swe_number("SW 123456")


@settings(deadline=None)
@given(
    letters=st.text(alphabet=string.ascii_letters, min_size=2, max_size=2),
    digits=st.text(alphabet=string.digits, min_size=1, max_size=10),
)
def test_two_letters_then_up_to_ten_digits_are_valid(letters: str, digits: str) -> None:
    assert is_valid_swe_number(letters + digits)
    assert normalise_swe_number(f"  {letters}{digits} ") == (letters + digits).upper()


@settings(deadline=None)
@given(st.text(max_size=14))
def test_anything_valid_has_the_shape(value: str) -> None:
    if is_valid_swe_number(value):
        assert value[:2].isascii()
        assert value[:2].isalpha()
        assert value[2:].isascii()
        assert value[2:].isdigit()
        assert 1 <= len(value[2:]) <= 10
