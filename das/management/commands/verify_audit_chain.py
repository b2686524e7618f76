"""Recompute the journal's hash chain and name the first broken link (exit status 1 when broken)."""

from django.core.management.base import BaseCommand, CommandError

from das.audit import verify_chain


class Command(BaseCommand):
    help = "Vérifie la chaîne d'empreintes du journal et signale le premier maillon rompu."

    def handle(self, *args, **options):
        report = verify_chain()
        if report.ok:
            self.stdout.write(self.style.SUCCESS(f"Journal intègre : {report.checked} entrées vérifiées."))
            return
        raise CommandError(
            f"Chaîne rompue à l'entrée n° {report.broken_seq} (table {report.broken_table}, "
            f"id {report.broken_id}) : {report.reason}. {report.checked} entrées précédentes sont intègres."
        )
