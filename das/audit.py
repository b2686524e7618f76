"""The audit trail: what is tracked, the hash chain, its verification, and how entries read.

Every domain model is decorated with ``@audited()``: django-pghistory installs row triggers that copy each
insert, update and delete into an event table (whoever made it: ORM, queryset.update(), raw SQL). Those event
tables share ``ChainedEvent``; a second trigger, installed on each of them after migrate, numbers every entry and
chains it by SHA-256 to the previous one, so a changed or deleted entry breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import pghistory
from django.apps import apps
from django.db import connection, transaction

GENESIS_HASH = "0" * 64
CHAIN_FIELDS = ("pgh_seq", "pgh_prev_hash", "pgh_hash", "pgh_body")

# 1. On insert, the entry keeps a copy of what it says (pgh_body): the hash covers that copy, so a column added to
#    the table later (a migration) changes nothing that was hashed. Timestamps are written in UTC.
# 2. At commit (deferred constraint trigger), the entry takes the next number and is hashed with the previous one.
#    The chain's head is locked only during commits, so ordinary writes never wait on each other nor deadlock.
# 3. Entries are append-only: the only update allowed is that sealing, once.
CHAIN_FUNCTIONS_SQL = """
CREATE OR REPLACE FUNCTION das_audit_body() RETURNS trigger
LANGUAGE plpgsql SET TimeZone = 'UTC' AS $$
BEGIN
    NEW.pgh_seq := NULL;
    NEW.pgh_prev_hash := '';
    NEW.pgh_hash := '';
    NEW.pgh_body := to_jsonb(NEW) - ARRAY['pgh_seq', 'pgh_prev_hash', 'pgh_hash', 'pgh_body'];
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION das_audit_seal() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    head_seq bigint;
    head_hash text;
    new_hash text;
BEGIN
    INSERT INTO das_auditchainhead (id, seq, hash) VALUES (1, 0, repeat('0', 64)) ON CONFLICT (id) DO NOTHING;
    SELECT seq, hash INTO head_seq, head_hash FROM das_auditchainhead WHERE id = 1 FOR UPDATE;
    new_hash := encode(sha256(convert_to(
        head_hash || '|' || TG_TABLE_NAME || '|' || (head_seq + 1)::text || '|' || NEW.pgh_body::text, 'UTF8'
    )), 'hex');
    EXECUTE format('UPDATE %I SET pgh_seq = $1, pgh_prev_hash = $2, pgh_hash = $3 WHERE pgh_id = $4', TG_TABLE_NAME)
        USING head_seq + 1, head_hash, new_hash, NEW.pgh_id;
    UPDATE das_auditchainhead SET seq = head_seq + 1, hash = new_hash WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION das_audit_protect() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.pgh_seq IS NULL AND NEW.pgh_seq IS NOT NULL
       AND (to_jsonb(NEW) - ARRAY['pgh_seq', 'pgh_prev_hash', 'pgh_hash'])
           = (to_jsonb(OLD) - ARRAY['pgh_seq', 'pgh_prev_hash', 'pgh_hash']) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Le journal est en ajout seul : % refusé sur %', TG_OP, TG_TABLE_NAME;
END;
$$;
"""


# 4. Each entry is also copied, in the transaction that writes it, into the journal's single table
#    (das.models.JournalEntry): its data without pghistory's columns, its diff to the record's previous entry (the
#    same reading pghistory's aggregate Events computes at each query, here once) and its user as a key. The copy
#    is append-only too.
JOURNAL_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION das_journal_write(event_table text, model_label text, row_data jsonb) RETURNS void
LANGUAGE plpgsql SET TimeZone = 'UTC' AS $$
DECLARE
    obj_id text := row_data->>'pgh_obj_id';
    context jsonb := row_data->'pgh_context';
    data jsonb;
    previous jsonb;
    diff jsonb;
BEGIN
    SELECT coalesce(jsonb_object_agg(key, value), '{}'::jsonb) INTO data
      FROM jsonb_each(row_data) WHERE key NOT LIKE 'pgh_%';
    -- A record's first entry (an insert: keys are never reused) has nothing to diff against. The lookup is planned
    -- at each call (EXECUTE): a plan cached while the table was small scans it whole once it has grown.
    IF obj_id IS NOT NULL AND row_data->>'pgh_label' <> 'insert' THEN
        EXECUTE 'SELECT j.pgh_data FROM das_journalentry j WHERE j.pgh_obj_model = $1 AND j.pgh_obj_id = $2 '
                'AND j.event_table = $3 AND j.pgh_id < $4 ORDER BY j.pgh_id DESC LIMIT 1'
           INTO previous USING model_label, obj_id, event_table, (row_data->>'pgh_id')::bigint;
    END IF;
    IF previous IS NOT NULL THEN
        SELECT jsonb_object_agg(c.key, jsonb_build_array(p.value, c.value)) INTO diff
          FROM jsonb_each(data) c JOIN jsonb_each(previous) p ON p.key = c.key
         WHERE c.value <> p.value;
    END IF;
    INSERT INTO das_journalentry (event_table, pgh_id, pgh_created_at, pgh_label, pgh_obj_model, pgh_obj_id,
                                  pgh_data, pgh_diff, pgh_context, user_id)
    VALUES (event_table, (row_data->>'pgh_id')::bigint, (row_data->>'pgh_created_at')::timestamptz,
            row_data->>'pgh_label', model_label, obj_id, data, diff, context,
            CASE WHEN context->>'user' ~ '^[0-9]+$' THEN (context->>'user')::bigint END);
END;
$$;

CREATE OR REPLACE FUNCTION das_journal_copy() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM das_journal_write(TG_TABLE_NAME, TG_ARGV[0], to_jsonb(NEW));
    RETURN NULL;
END;
$$;

-- The entries of an event table not copied yet, in their order (each one's diff reads the previous copy).
CREATE OR REPLACE FUNCTION das_journal_backfill(event_table text, model_label text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    entry jsonb;
    copied bigint := 0;
BEGIN
    FOR entry IN EXECUTE format(
        'SELECT to_jsonb(e) FROM %I e WHERE NOT EXISTS (SELECT 1 FROM das_journalentry j '
        'WHERE j.event_table = $1 AND j.pgh_id = e.pgh_id) ORDER BY e.pgh_id', event_table) USING event_table
    LOOP
        PERFORM das_journal_write(event_table, model_label, entry);
        copied := copied + 1;
    END LOOP;
    RETURN copied;
END;
$$;

CREATE OR REPLACE FUNCTION das_journal_protect() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Le journal est en ajout seul : % refusé sur %', TG_OP, TG_TABLE_NAME;
END;
$$;
"""


def audited(**kwargs):
    """Track inserts, updates and deletes of a model in the chained journal."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        **kwargs,
    )


def chained_event_models():
    from das.models.audit import ChainedEvent

    return [
        model
        for model in apps.get_models()
        if issubclass(model, ChainedEvent) and not model._meta.abstract and not model._meta.proxy
    ]


def install_chain_triggers(**_kwargs) -> None:
    """Attach the chain's and the journal's triggers to every event table, and copy into the journal the entries
    written before (an upgrade, or a table created by a later migration before this ran): idempotent, runs after
    each migrate and flush."""
    with connection.cursor() as cursor:
        cursor.execute(CHAIN_FUNCTIONS_SQL)
        # Not there when migrating back before das 0002 (whose reverse drops the journal's triggers).
        journal = "das_journalentry" in connection.introspection.table_names(cursor)
        if journal:
            cursor.execute(JOURNAL_FUNCTION_SQL)
            cursor.execute(
                "CREATE OR REPLACE TRIGGER das_journal_protect BEFORE UPDATE OR DELETE ON das_journalentry "
                "FOR EACH ROW EXECUTE FUNCTION das_journal_protect()"
            )
        for model in chained_event_models():
            name = model._meta.db_table
            table = connection.ops.quote_name(name)
            if journal:
                label = model.pgh_tracked_model._meta.label if model.pgh_tracked_model else model._meta.label
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER das_journal_copy AFTER INSERT ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION das_journal_copy('{label}')"
                )
                cursor.execute("SELECT das_journal_backfill(%s, %s)", [name, label])
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER das_audit_body BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION das_audit_body()"
            )
            cursor.execute(f"DROP TRIGGER IF EXISTS das_audit_seal ON {table}")
            cursor.execute(
                f"CREATE CONSTRAINT TRIGGER das_audit_seal AFTER INSERT ON {table} "
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION das_audit_seal()"
            )
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER das_audit_protect BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION das_audit_protect()"
            )


@dataclass
class ChainReport:
    checked: int
    broken_seq: int | None = None
    broken_table: str = ""
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_chain() -> ChainReport:
    """Recompute every hash in order; report the first entry that does not fit the chain.

    Each entry must (1) carry the next number, (2) point to the previous entry's hash, (3) hash to its stored hash,
    and (4) still hold, in its columns, the values its hashed copy says.
    """
    models = chained_event_models()
    if not models:
        return ChainReport(checked=0)
    union = " UNION ALL ".join(
        f"SELECT pgh_seq, pgh_id, '{m._meta.db_table}' AS tbl, pgh_prev_hash, pgh_hash, pgh_body::text AS body, "
        f"to_jsonb(t) AS row FROM {connection.ops.quote_name(m._meta.db_table)} t"
        for m in models
    )
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # seal what this transaction wrote (tests, shell)
        cursor.execute("SET LOCAL TimeZone = 'UTC'")
        connection.ensure_connection()
        # A server-side cursor: the journal is read in batches, however long it has grown.
        entries = connection.connection.cursor(name="das_verify_chain")
        entries.execute(f"SELECT * FROM ({union}) entries ORDER BY pgh_seq NULLS FIRST, tbl, pgh_id")
        while rows := entries.fetchmany(2000):
            for seq, pgh_id, table, prev_hash, stored_hash, body, row in rows:
                report = ChainReport(checked=checked, broken_seq=seq, broken_table=table, broken_id=pgh_id)
                if seq is None:
                    report.reason = "entrée jamais scellée dans la chaîne"
                    return report
                if seq != expected_seq:
                    report.reason = f"numéro {seq} au lieu de {expected_seq} : une entrée a été supprimée ou insérée"
                    return report
                if prev_hash != expected_prev:
                    report.reason = "le lien vers l'entrée précédente ne correspond pas"
                    return report
                computed = hashlib.sha256(f"{prev_hash}|{table}|{seq}|{body}".encode()).hexdigest()
                if computed != stored_hash:
                    report.reason = "le contenu scellé de l'entrée a été modifié après son écriture"
                    return report
                sealed, row = json.loads(body), json.loads(row)  # Django leaves jsonb as text
                changed = [key for key, value in sealed.items() if key in row and row[key] != value]
                if changed:
                    report.reason = f"les colonnes {', '.join(sorted(changed))} ne disent plus ce qui a été scellé"
                    return report
                expected_prev = stored_hash
                expected_seq += 1
                checked += 1
        entries.close()
        cursor.execute("SELECT seq, hash FROM das_auditchainhead WHERE id = 1")
        head = cursor.fetchone()
    if head and (head[0] != checked or head[1] != expected_prev):
        return ChainReport(
            checked=checked,
            broken_seq=head[0],
            broken_table="das_auditchainhead",
            reason="les dernières entrées du journal ont été supprimées",
        )
    return ChainReport(checked=checked)
