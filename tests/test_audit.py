"""The audit trail: every write is journaled (ORM, queryset.update(), raw SQL), chained, readable and exportable."""

from io import BytesIO, StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from openpyxl import load_workbook

from das import selectors
from das.audit import chained_event_models, verify_chain
from das.models import DownloadRecord, Partner
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

PARTNER_EVENT_TABLE = "das_partnerchainedevent"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def partner_event_model():
    # pghistory names it "PartnerChainedevent": look it up case-insensitively.
    return apps.get_model("das", "partnerchainedevent")


def updates_of(obj):
    return [event for event in selectors.history_of(obj) if event.pgh_label == "update"]


def partner_form_data(partner, **changes):
    """Every field of das.forms.PartnerForm, as the edit page would post them."""
    data = {
        "kind": partner.kind,
        "name": partner.name,
        "name_ar": partner.name_ar,
        "acronym": partner.acronym,
        "receipt_number": partner.receipt_number,
        "ice": partner.ice,
        "trade_register": partner.trade_register,
        "tax_id": partner.tax_id,
        "address": partner.address,
        "commune": partner.commune_id or "",
        "representative_name": partner.representative_name,
        "representative_title": partner.representative_title,
        "phone": partner.phone,
        "email": partner.email,
        "bank_name": partner.bank_name,
        "rib": partner.rib,
        "notes": partner.notes,
        "is_active": "on" if partner.is_active else "",
    }
    data.update(changes)
    return data


def tamper(sql, params):
    """Rewrite the journal behind the application's back, as a superuser with psql could: replica mode disables
    the triggers that keep event tables append-only."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what was written so far is sealed, as after a commit
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


# --- capture ------------------------------------------------------------------------------------------------------


def test_queryset_update_is_journaled_with_old_and_new_value():
    partner = PartnerFactory(name="Association Ancienne")
    assert updates_of(partner) == []

    Partner.objects.filter(pk=partner.pk).update(name="Association Nouvelle")

    [event] = updates_of(partner)
    assert event.pgh_diff["name"] == ["Association Ancienne", "Association Nouvelle"]
    assert set(event.pgh_diff) == {"name"}


def test_raw_sql_update_is_journaled_with_old_and_new_value():
    partner = PartnerFactory(name="Coopérative Argane", acronym="")

    with connection.cursor() as cursor:
        cursor.execute("UPDATE das_partner SET acronym = %s WHERE id = %s", ["CA", partner.pk])

    [event] = updates_of(partner)
    assert event.pgh_diff == {"acronym": ["", "CA"]}
    # No request and no actor context: the history says the change came from outside the application.
    assert event.user is None


def test_an_update_that_changes_nothing_adds_no_history():
    partner = PartnerFactory(name="Association Stable")
    Partner.objects.filter(pk=partner.pk).update(name="Association Stable")
    assert updates_of(partner) == []


# --- the history page ---------------------------------------------------------------------------------------------


def test_history_page_shows_old_and_new_values_and_the_actor(role_users, client_as):
    admin = role_users["administrateur"]
    partner = PartnerFactory(name="Association Tighanimine")
    client = client_as(admin)

    response = client.post(
        reverse("partners:update", args=[partner.pk]),
        partner_form_data(partner, name="Association Tighanimine Ida Outanane", phone="05 28 12 34 56"),
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert response["Location"] == reverse("partners:detail", args=[partner.pk])

    [event] = updates_of(partner)
    assert event.pgh_diff["name"] == ["Association Tighanimine", "Association Tighanimine Ida Outanane"]
    assert event.pgh_diff["phone"] == ["", "05 28 12 34 56"]
    assert event.user == admin

    page = client.get(reverse("history", args=["das.partner", partner.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<td class="diff-old">Association Tighanimine</td>' in html
    assert '<td class="diff-new">Association Tighanimine Ida Outanane</td>' in html
    assert '<td class="diff-new">05 28 12 34 56</td>' in html
    assert admin.full_name in html
    assert reverse("partners:update", args=[partner.pk]) in html  # the page the change came from


def test_history_page_is_refused_without_the_history_permission(role_users, client_as):
    partner = PartnerFactory()
    response = client_as(role_users["dbm"]).get(reverse("history", args=["das.partner", partner.pk]))
    assert response.status_code == 403


def test_history_page_of_an_unknown_record_type_is_not_found(role_users, client_as):
    response = client_as(role_users["administrateur"]).get(reverse("history", args=["das.nothing", 1]))
    assert response.status_code == 404


# --- the hash chain -----------------------------------------------------------------------------------------------


def test_chain_is_intact_on_untouched_data():
    partner = PartnerFactory()
    Partner.objects.filter(pk=partner.pk).update(name="Association Renommée")
    report = verify_chain()
    assert report.ok, report
    assert report.checked >= 3  # the commune, the partner, its update (and whatever migrate wrote)


def test_changed_entry_breaks_the_chain_at_that_entry():
    partner = PartnerFactory(name="Association Atlas")
    Partner.objects.filter(pk=partner.pk).update(name="Association Atlas Bleu")
    Partner.objects.filter(pk=partner.pk).update(name="Association Atlas Vert")
    assert verify_chain().ok  # also seals this test's entries, as a commit would
    first_update, second_update = sorted(updates_of(partner), key=lambda e: e.pgh_id)
    Event = partner_event_model()

    tamper(f"UPDATE {PARTNER_EVENT_TABLE} SET name = 'x' WHERE pgh_id = %s", [first_update.pgh_id])

    assert Event.objects.get(pgh_id=first_update.pgh_id).name == "x"
    report = verify_chain()
    assert report.ok is False
    assert report.broken_table == PARTNER_EVENT_TABLE
    assert report.broken_id == first_update.pgh_id
    assert report.broken_seq == Event.objects.get(pgh_id=first_update.pgh_id).pgh_seq
    assert "name" in report.reason and "scellé" in report.reason


def test_deleted_entry_breaks_the_chain_at_the_next_entry():
    partner = PartnerFactory(name="Association Souss")
    Partner.objects.filter(pk=partner.pk).update(name="Association Souss Massa")
    Partner.objects.filter(pk=partner.pk).update(name="Association Souss Massa Draa")
    assert verify_chain().ok
    Event = partner_event_model()
    first_update, second_update = Event.objects.filter(pgh_obj_id=partner.pk, pgh_label="update").order_by("pgh_seq")
    assert second_update.pgh_seq == first_update.pgh_seq + 1

    tamper(f"DELETE FROM {PARTNER_EVENT_TABLE} WHERE pgh_id = %s", [first_update.pgh_id])

    report = verify_chain()
    assert report.ok is False
    assert report.broken_table == PARTNER_EVENT_TABLE
    assert report.broken_id == second_update.pgh_id
    assert report.broken_seq == second_update.pgh_seq
    assert "supprimée" in report.reason


def test_deleting_the_newest_entries_is_detected_through_the_chain_head():
    partner = PartnerFactory(name="Association Tamri")
    Partner.objects.filter(pk=partner.pk).update(name="Association Tamri Bananes")
    assert verify_chain().ok
    last = partner_event_model().objects.filter(pgh_obj_id=partner.pk, pgh_label="update").get()

    tamper(f"DELETE FROM {PARTNER_EVENT_TABLE} WHERE pgh_id = %s", [last.pgh_id])

    report = verify_chain()
    assert report.ok is False
    assert report.broken_table == "das_auditchainhead"
    assert report.broken_seq == last.pgh_seq


def test_wiping_the_whole_journal_is_detected():
    PartnerFactory()
    assert verify_chain().checked > 0
    with connection.cursor() as cursor:
        # As a superuser with psql could: replica mode disables the append-only triggers.
        cursor.execute("SET LOCAL session_replication_role = replica")
        for model in chained_event_models():
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        cursor.execute("SELECT seq FROM das_auditchainhead WHERE id = 1")
        assert cursor.fetchone()[0] > 0

    report = verify_chain()

    assert report.ok is False
    assert report.broken_table == "das_auditchainhead"


def test_event_tables_refuse_updates_and_deletes():
    partner = PartnerFactory()
    event = partner_event_model().objects.filter(pgh_obj_id=partner.pk).first()
    refused = pytest.raises(DatabaseError, match="ajout seul")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {PARTNER_EVENT_TABLE} SET name = 'x' WHERE pgh_id = %s", [event.pgh_id])
    refused = pytest.raises(DatabaseError, match="ajout seul")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PARTNER_EVENT_TABLE} WHERE pgh_id = %s", [event.pgh_id])
    assert verify_chain().ok


def test_verify_audit_chain_command_succeeds_when_intact():
    PartnerFactory()
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "Journal intègre" in out.getvalue()


def test_verify_audit_chain_command_names_the_broken_entry():
    partner = PartnerFactory(name="Association Ida Outanane")
    Partner.objects.filter(pk=partner.pk).update(name="Association Ida Outanane Miel")
    [event] = updates_of(partner)
    tamper(f"UPDATE {PARTNER_EVENT_TABLE} SET name = 'x' WHERE pgh_id = %s", [event.pgh_id])

    with pytest.raises(CommandError) as raised:
        call_command("verify_audit_chain")
    message = str(raised.value)
    assert PARTNER_EVENT_TABLE in message
    assert f"id {event.pgh_id})" in message


# --- downloads and the global journal -----------------------------------------------------------------------------


def test_list_export_is_journaled_as_a_download(role_users, client_as):
    admin = role_users["administrateur"]
    PartnerFactory()
    assert not DownloadRecord.objects.filter(user=admin).exists()

    response = client_as(admin).get(reverse("partners:list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    b"".join(response.streaming_content)

    [record] = DownloadRecord.objects.filter(user=admin)
    assert record.kind == "xlsx"
    assert record.file_name.endswith(".xlsx")
    assert "export=xlsx" in record.source
    # The download itself is in the journal, with its actor.
    [event] = [e for e in selectors.history_of(record) if e.pgh_label == "insert"]
    assert event.user == admin


def test_journal_lists_events_and_filters_by_operation(role_users, client_as):
    partner = PartnerFactory(name="Association Anza")
    Partner.objects.filter(pk=partner.pk).update(name="Association Anza Plage")
    client = client_as(role_users["auditeur"])

    everything = client.get(reverse("journal"))
    assert everything.status_code == 200
    labels = {event.pgh_label for event in everything.context["filter"].qs}
    assert {"insert", "update"} <= labels

    updates = client.get(reverse("journal"), {"pgh_label": "update"})
    assert updates.status_code == 200
    events = list(updates.context["filter"].qs)
    assert events, "the update must be listed"
    assert {event.pgh_label for event in events} == {"update"}
    assert any(e.pgh_obj_model == "das.Partner" and e.pgh_obj_id == str(partner.pk) for e in events)
    html = updates.content.decode()
    assert "Association Anza Plage" in html
    assert len(updates.context["object_list"]) == len(events)


def test_journal_export_for_the_auditor(role_users, client_as):
    partner = PartnerFactory(name="Association Tagadirt")
    Partner.objects.filter(pk=partner.pk).update(name="Association Tagadirt Nouvelle")
    auditor = role_users["auditeur"]

    response = client_as(auditor).get(reverse("journal"), {"export": "xlsx", "pgh_label": "update"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert any("Association Tagadirt Nouvelle" in cell for cell in cells)
    assert DownloadRecord.objects.filter(user=auditor, kind="xlsx").count() == 1


def test_journal_export_is_refused_to_monitoring(role_users, client_as):
    user = role_users["suivi_evaluation"]
    response = client_as(user).get(reverse("journal"), {"export": "xlsx"})
    assert response.status_code == 403
    assert not DownloadRecord.objects.filter(user=user).exists()


def test_journal_filters_by_record_type(role_users, client_as):
    partner = PartnerFactory(name="Association Imi Miqqi")
    client = client_as(role_users["auditeur"])

    response = client.get(reverse("journal"), {"pgh_obj_model": "das.Partner"})
    events = list(response.context["filter"].qs)
    assert events
    assert {event.pgh_obj_model for event in events} == {"das.Partner"}
    assert str(partner.pk) in {event.pgh_obj_id for event in events}

    # The home page's "documents downloaded" card links here.
    client.get(reverse("partners:list"), {"export": "xlsx"})
    downloads = client.get(reverse("journal"), {"pgh_obj_model": "das.DownloadRecord"})
    assert downloads.context["filter"].is_valid()
    assert downloads.context["paginator"].count == 1


def test_a_migration_adding_a_column_keeps_the_chain_intact():
    """Later issues add fields to audited models: pghistory then adds a column to the event table."""
    PartnerFactory()
    assert verify_chain().ok
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {PARTNER_EVENT_TABLE} ADD COLUMN later_field boolean NOT NULL DEFAULT false")
    report = verify_chain()
    assert report.ok, report.reason


def test_who_and_from_which_page_are_sealed_too(role_users, client_as):
    """The context (user, page) lives in each entry, so changing it breaks the chain like any other column."""
    partner = PartnerFactory(name="Association Anza Avenir")
    client_as(role_users["administrateur"]).post(
        reverse("partners:update", args=[partner.pk]),
        {
            "kind": partner.kind,
            "name": "Association Anza Avenir 2",
            "receipt_number": partner.receipt_number,
            "commune": partner.commune_id,
            "rib": partner.rib,
            "is_active": "on",
        },
    )
    event = partner_event_model().objects.filter(pgh_obj_id=partner.pk, pgh_label="update").get()
    assert event.pgh_context["username"] == "administrateur"
    assert event.pgh_context["url"] == reverse("partners:update", args=[partner.pk])
    assert verify_chain().ok
    tamper(
        f"""UPDATE {PARTNER_EVENT_TABLE} SET pgh_context = jsonb_set(pgh_context, '{{username}}', '"chef"')
        WHERE pgh_id = %s""",
        [event.pgh_id],
    )
    report = verify_chain()
    assert not report.ok
    assert report.broken_id == event.pgh_id


@pytest.mark.django_db(transaction=True)
def test_writers_do_not_wait_on_each_other_for_the_journal():
    """The chain is sealed at commit: an open transaction on one record does not block another record's update."""
    import threading

    from django.db import connections

    first, second = PartnerFactory(), PartnerFactory()
    first_holds_its_row = threading.Event()
    second_done = threading.Event()
    outcome = {}

    def slow_writer():
        try:
            with transaction.atomic():
                Partner.objects.filter(pk=first.pk).update(name="Association en cours")
                first_holds_its_row.set()
                outcome["waited"] = not second_done.wait(timeout=10)
        finally:
            connections.close_all()

    def quick_writer():
        try:
            first_holds_its_row.wait(timeout=10)
            with transaction.atomic():
                Partner.objects.filter(pk=second.pk).update(name="Association terminée")
            second_done.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=slow_writer), threading.Thread(target=quick_writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert outcome == {"waited": False}
    report = verify_chain()
    assert report.ok, report.reason


# --- the journal's single table (das.models.JournalEntry) -----------------------------------------------------------


def aggregate_reading():
    """What pghistory's aggregate Events reads from every event table (the journal's former source)."""
    from pghistory.models import MiddlewareEvents

    return {
        (e.pgh_obj_model, e.pgh_obj_id, e.pgh_id): (e.pgh_label, e.pgh_data, e.pgh_diff, e.pgh_context, e.user_id)
        for e in MiddlewareEvents.objects.all()
    }


def journal_reading():
    from das.models import JournalEntry

    return {
        (e.pgh_obj_model, e.pgh_obj_id, e.pgh_id): (e.pgh_label, e.pgh_data, e.pgh_diff, e.pgh_context, e.user_id)
        for e in JournalEntry.objects.all()
    }


def test_the_journal_table_says_what_the_event_tables_say(role_users, client_as):
    """Every entry is copied as it is written, whoever writes it, with pghistory's data, diff, context and user."""
    partner = PartnerFactory(name="Association Tizi")
    client_as(role_users["administrateur"]).post(
        reverse("partners:update", args=[partner.pk]), partner_form_data(partner, name="Association Tizi Nouvelle")
    )
    Partner.objects.filter(pk=partner.pk).update(notes="vérifié")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE das_partner SET acronym = 'ATN' WHERE id = %s", [partner.pk])
    Partner.objects.filter(pk=partner.pk).delete()

    journal = journal_reading()
    assert journal == aggregate_reading()
    updates = [v for k, v in journal.items() if k[:2] == ("das.Partner", str(partner.pk)) and v[0] == "update"]
    renamed = [v for v in updates if "name" in (v[2] or {})]
    assert [v[2]["name"] for v in renamed] == [["Association Tizi", "Association Tizi Nouvelle"]]
    assert renamed[0][4] == role_users["administrateur"].pk
    assert any(v[2] == {"acronym": ["", "ATN"]} for v in updates)  # raw SQL too


def test_the_journal_table_is_append_only():
    from das.models import JournalEntry

    PartnerFactory()
    entry = JournalEntry.objects.first()
    for statement in (
        "UPDATE das_journalentry SET pgh_label = 'insert' WHERE id = %s",
        "DELETE FROM das_journalentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="ajout seul"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])


def test_entries_missing_from_the_journal_table_are_copied_after_migrate():
    """An upgrade (or a table created later in a migrate) copies the entries written before, with their diffs."""
    from das.audit import install_chain_triggers

    partner = PartnerFactory(name="Association Amal")
    Partner.objects.filter(pk=partner.pk).update(name="Association Amal Tiznit")
    expected = journal_reading()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("DELETE FROM das_journalentry")
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    assert journal_reading() == {}

    install_chain_triggers()

    assert journal_reading() == expected
