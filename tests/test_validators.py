"""Moroccan identifiers: the RIB (24 digits, key modulo 97) and the ICE (15 digits), in the validators and the form."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from das.forms import PartnerForm
from das.models import Partner
from das.validators import normalize_rib, rib_key, validate_ice, validate_rib
from tests.factories import CommuneFactory, valid_rib

RIB_KEY_MESSAGE = "La clé RIB (deux derniers chiffres) ne correspond pas"
RIB_FORMAT_MESSAGE = "Le RIB doit compter exactement 24 chiffres"
ICE_MESSAGE = "L'ICE compte exactement 15 chiffres."


def wrong_key(rib: str) -> str:
    key = (int(rib[22:]) + 1) % 100
    return f"{rib[:22]}{key:02d}"


def spaced(rib: str) -> str:
    """How people write a RIB on paper: bank, city, account, key."""
    return f"{rib[:3]} {rib[3:6]} {rib[6:22]} {rib[22:]}"


def error_code(value, validator=validate_rib):
    with pytest.raises(ValidationError) as raised:
        validator(value)
    return raised.value.code


# --- RIB ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(25))
def test_valid_ribs_pass_and_are_divisible_by_97(seed):
    rib = valid_rib(seed)
    assert len(rib) == 24 and rib.isdigit()
    validate_rib(rib)
    # The key is the one that makes the whole number divisible by 97 (independent check of rib_key).
    assert int(rib) % 97 == 0
    assert 1 <= rib_key(rib[:22]) <= 97


def test_rib_key_of_a_known_number():
    # 007 780 0000000000000001 → 22 digits N; key = 97 - (N × 100 mod 97).
    first_22 = "0077800000000000000001"
    expected = 97 - (int(first_22) * 100) % 97
    assert rib_key(first_22) == expected
    validate_rib(f"{first_22}{expected:02d}")


@pytest.mark.parametrize("seed", range(10))
def test_wrong_key_is_refused(seed):
    assert error_code(wrong_key(valid_rib(seed))) == "rib_key"


def test_wrong_key_message_is_french():
    with pytest.raises(ValidationError, match=re.escape(RIB_KEY_MESSAGE)):
        validate_rib(wrong_key(valid_rib(1)))


@pytest.mark.parametrize(
    "value",
    [
        valid_rib(2)[:-1],  # 23 digits
        valid_rib(2) + "0",  # 25 digits
        "",
        "0" * 22,
    ],
    ids=["23-digits", "25-digits", "empty", "22-digits"],
)
def test_wrong_length_is_refused(value):
    assert error_code(value) == "rib_format"


@pytest.mark.parametrize(
    "value",
    [
        "A" + valid_rib(3)[1:],
        valid_rib(3)[:10] + "O" + valid_rib(3)[11:],  # a letter O typed for a zero
        "FR76" + valid_rib(3)[4:],
    ],
)
def test_letters_are_refused(value):
    assert len(value) == 24
    assert error_code(value) == "rib_format"


def test_format_message_is_french():
    with pytest.raises(ValidationError, match=RIB_FORMAT_MESSAGE):
        validate_rib("12345")


@pytest.mark.parametrize(
    "written",
    [
        lambda rib: spaced(rib),
        lambda rib: f"{rib[:3]}-{rib[3:6]}-{rib[6:22]}-{rib[22:]}",
        lambda rib: f"{rib[:6]}.{rib[6:]}",
        lambda rib: f"  {rib}\t",
    ],
    ids=["spaces", "dashes", "dot", "surrounding-whitespace"],
)
def test_separators_are_accepted_through_normalize_rib(written):
    rib = valid_rib(4)
    assert normalize_rib(written(rib)) == rib
    validate_rib(written(rib))


def test_separators_do_not_hide_a_wrong_key():
    assert error_code(spaced(wrong_key(valid_rib(5)))) == "rib_key"


# --- ICE ----------------------------------------------------------------------------------------------------------


def test_ice_of_15_digits_passes():
    validate_ice("001234567000089")


@pytest.mark.parametrize("value", ["00123456700008", "0012345670000891", "00123456700008A", "001 234 567 000 089", ""])
def test_ice_must_be_15_digits(value):
    with pytest.raises(ValidationError, match=re.escape(ICE_MESSAGE)):
        validate_ice(value)


# --- the partner form ---------------------------------------------------------------------------------------------


def form_data(**changes):
    data = {"kind": Partner.Kind.COOPERATIVE, "name": "Coopérative Tifawin", "is_active": "on"}
    data.update(changes)
    return data


def field_block(html: str, name: str) -> str:
    """The rendered wrapper of one crispy field: from its div to the next field's div."""
    start = html.index(f'id="div_id_{name}"')
    following = html.find('id="div_id_', start + 1)
    return html[start : following if following != -1 else len(html)]


@pytest.mark.django_db
def test_form_accepts_a_valid_rib_and_ice():
    form = PartnerForm(data=form_data(rib=valid_rib(6), ice="001234567000089"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["rib"] == valid_rib(6)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "message"),
    [(wrong_key(valid_rib(7)), RIB_KEY_MESSAGE), ("0077801234", RIB_FORMAT_MESSAGE), ("A" * 24, RIB_FORMAT_MESSAGE)],
    ids=["key", "length", "letters"],
)
def test_form_refuses_an_invalid_rib_on_the_rib_field(value, message):
    form = PartnerForm(data=form_data(rib=value))
    assert not form.is_valid()
    assert list(form.errors) == ["rib"]
    assert message in form.errors["rib"][0]


@pytest.mark.django_db
def test_form_refuses_an_ice_that_is_not_15_digits():
    form = PartnerForm(data=form_data(ice="12345"))
    assert not form.is_valid()
    assert form.errors["ice"] == [ICE_MESSAGE]


@pytest.mark.django_db
def test_form_accepts_a_rib_written_with_spaces():
    form = PartnerForm(data=form_data(rib=spaced(valid_rib(8))))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["rib"] == valid_rib(8)


@pytest.mark.django_db
def test_partner_page_shows_the_rib_error_next_to_the_rib_field(role_users, client_as):
    commune = CommuneFactory()
    response = client_as(role_users["administrateur"]).post(
        reverse("partners:create"), form_data(rib=wrong_key(valid_rib(9)), commune=commune.pk)
    )
    assert response.status_code == 200  # the form again, nothing saved
    assert not Partner.objects.exists()
    html = response.content.decode()
    rib_block = field_block(html, "rib")
    assert RIB_KEY_MESSAGE in rib_block
    assert 'aria-invalid="true"' in rib_block or "is-invalid" in rib_block
    # Only the RIB is in error: no other field carries the message.
    assert html.count(RIB_KEY_MESSAGE) == 1


@pytest.mark.django_db
def test_partner_page_shows_the_ice_error_next_to_the_ice_field(role_users, client_as):
    response = client_as(role_users["administrateur"]).post(
        reverse("partners:create"), form_data(ice="12345", rib=valid_rib(10))
    )
    assert response.status_code == 200
    assert not Partner.objects.exists()
    assert "L&#x27;ICE compte exactement 15 chiffres." in field_block(response.content.decode(), "ice")


@pytest.mark.django_db
def test_partner_page_saves_a_valid_rib(role_users, client_as):
    response = client_as(role_users["administrateur"]).post(reverse("partners:create"), form_data(rib=valid_rib(11)))
    assert response.status_code == 302
    assert Partner.objects.get().rib == valid_rib(11)
