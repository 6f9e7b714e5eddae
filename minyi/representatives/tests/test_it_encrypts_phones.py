import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from minyi.audit.models import AuditEntry
from minyi.representatives import personal_data
from minyi.representatives.models import Representative


@pytest.mark.django_db
def test_it_reads_back_the_number_it_stored():
    person = Representative.objects.create(name="李春梅", phone="13812341234")
    person = Representative.objects.get(pk=person.pk)
    assert person.phone == "13812341234"
    assert "1234" not in person.phone_ciphertext
    assert len(person.phone_hash) == 64


@pytest.mark.django_db
def test_it_stores_a_number_however_it_was_typed():
    person = Representative.objects.create(name="李春梅", phone="+86 138-1234-1234")
    assert person.phone == "13812341234"


def test_it_refuses_what_is_not_a_mobile_number():
    for typed in ("1381234123", "23812341234", "0724-1234567", "手机"):
        with pytest.raises(ValidationError):
            Representative(name="李春梅", phone=typed)


def test_it_masks_the_middle_of_the_number():
    assert Representative(name="李春梅", phone="13812341234").masked_phone == "138****1234"
    assert Representative(name="李春梅").masked_phone == ""


@pytest.mark.django_db
def test_it_finds_a_representative_by_phone():
    person = Representative.objects.create(name="李春梅", phone="13812341234")
    Representative.objects.create(name="王建华", phone="13900000000")
    assert list(Representative.objects.with_phone("138 1234 1234")) == [person]
    assert not Representative.objects.with_phone("13700000000").exists()
    assert not Representative.objects.with_phone("not a phone").exists()
    assert not Representative.objects.with_phone("").exists()


@pytest.mark.django_db
def test_it_allows_one_representative_per_phone():
    Representative.objects.create(name="李春梅", phone="13812341234")
    duplicate = Representative(name="李春梅", phone="138 1234 1234")
    with pytest.raises(ValidationError) as refusal:
        duplicate.full_clean()
    assert list(refusal.value.message_dict) == ["phone"]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
def test_it_allows_many_representatives_without_a_phone():
    Representative.objects.create(name="李春梅")
    Representative(name="王建华").full_clean()
    Representative.objects.create(name="王建华")


@pytest.mark.django_db
def test_it_clears_a_number():
    person = Representative.objects.create(name="李春梅", phone="13812341234")
    person.phone = ""
    person.save()
    person.refresh_from_db()
    assert (person.phone, person.phone_ciphertext, person.phone_hash) == ("", "", None)


@pytest.mark.django_db
def test_it_leaves_an_unchanged_number_alone():
    person = Representative.objects.create(name="李春梅", phone="13812341234")
    token = person.phone_ciphertext
    person.phone = "138-1234-1234"
    person.save()
    assert person.phone_ciphertext == token
    assert not AuditEntry.objects.filter(object_type="representatives.representative", action=AuditEntry.Action.UPDATE).exists()


@pytest.mark.django_db
def test_it_keeps_the_number_out_of_the_audit_log():
    person = Representative.objects.create(name="李春梅", phone="13812341234")
    entry = AuditEntry.objects.get(object_type="representatives.representative", object_id=str(person.pk))
    logged = str(entry.changes)
    assert "13812341234" not in logged
    assert person.phone_ciphertext not in logged and person.phone_hash not in logged


def test_it_prefers_a_dedicated_key_when_one_is_set(settings):
    settings.FIELD_ENCRYPTION_KEY = ""
    token, digest = personal_data.encrypt("13812341234"), personal_data.lookup_hash("13812341234")
    settings.FIELD_ENCRYPTION_KEY = "a-key-kept-apart-from-the-secret-key"
    assert personal_data.lookup_hash("13812341234") != digest
    assert personal_data.decrypt(personal_data.encrypt("13812341234")) == "13812341234"
    with pytest.raises(personal_data.UnreadablePersonalData):
        personal_data.decrypt(token)


def test_it_derives_different_keys_for_encryption_and_lookup(settings):
    settings.FIELD_ENCRYPTION_KEY = ""
    material = personal_data._key_material()
    assert material == settings.SECRET_KEY
    assert personal_data._derived_key(material, "field-encryption") != personal_data._derived_key(material, "lookup-hash")
