"""The audit trail: what is tracked, the hash chain, its verification, and how entries read.

Every domain model is decorated with ``@audited()``: django-pghistory installs row triggers that copy each
insert, update and delete into an event table (whoever made it: ORM, queryset.update(), raw SQL). Those event
tables share ``ChainedEvent``; a second trigger, installed on each of them after migrate, numbers every entry and
chains it by SHA-256 to the previous one, so a changed or deleted entry breaks the chain.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pghistory
from django.apps import apps
from django.db import connection

GENESIS_HASH = "0" * 64

# Runs with TimeZone=UTC so that timestamps read the same whichever session wrote or verifies them.
CHAIN_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION das_audit_chain() RETURNS trigger
LANGUAGE plpgsql SET TimeZone = 'UTC' AS $$
DECLARE
    head_seq bigint;
    head_hash text;
BEGIN
    INSERT INTO das_auditchainhead (id, seq, hash) VALUES (1, 0, repeat('0', 64)) ON CONFLICT (id) DO NOTHING;
    SELECT seq, hash INTO head_seq, head_hash FROM das_auditchainhead WHERE id = 1 FOR UPDATE;
    NEW.pgh_seq := head_seq + 1;
    NEW.pgh_prev_hash := head_hash;
    NEW.pgh_hash := '';
    NEW.pgh_hash := encode(sha256(convert_to(
        NEW.pgh_prev_hash || '|' || TG_TABLE_NAME || '|' || (to_jsonb(NEW) - 'pgh_hash')::text, 'UTF8')), 'hex');
    UPDATE das_auditchainhead SET seq = NEW.pgh_seq, hash = NEW.pgh_hash WHERE id = 1;
    RETURN NEW;
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
    """Attach the chaining trigger to every event table (idempotent; runs after each migrate)."""
    with connection.cursor() as cursor:
        cursor.execute(CHAIN_FUNCTION_SQL)
        for model in chained_event_models():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER das_audit_chain BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION das_audit_chain()"
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
    """Recompute every hash in order; report the first entry that does not fit the chain."""
    models = chained_event_models()
    if not models:
        return ChainReport(checked=0)
    union = " UNION ALL ".join(
        f"SELECT pgh_seq, pgh_id, '{m._meta.db_table}' AS tbl, pgh_prev_hash, pgh_hash, "
        f"(to_jsonb(t) - 'pgh_hash')::text AS body FROM {connection.ops.quote_name(m._meta.db_table)} t"
        for m in models
    )
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL TimeZone = 'UTC'")
        cursor.execute(f"SELECT * FROM ({union}) entries ORDER BY pgh_seq NULLS FIRST, tbl, pgh_id")
        for seq, pgh_id, table, prev_hash, stored_hash, body in cursor.fetchall():
            report = ChainReport(checked=checked, broken_seq=seq, broken_table=table, broken_id=pgh_id)
            if seq is None:
                report.reason = "entrée sans numéro de chaîne"
                return report
            if seq != expected_seq:
                report.reason = f"numéro {seq} au lieu de {expected_seq} : une entrée a été supprimée ou insérée"
                return report
            if prev_hash != expected_prev:
                report.reason = "le lien vers l'entrée précédente ne correspond pas"
                return report
            computed = hashlib.sha256(f"{prev_hash}|{table}|{body}".encode()).hexdigest()
            if computed != stored_hash:
                report.reason = "le contenu de l'entrée a été modifié après son écriture"
                return report
            expected_prev = stored_hash
            expected_seq += 1
            checked += 1
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
