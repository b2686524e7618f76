"""The archived reports' state as a badge (an interrupted job reads as such, not as « en préparation »)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from projects.models import ReportArchive
from projects.services.reports import is_interrupted

register = template.Library()
TONES = {
    ReportArchive.Status.PENDING: "secondary",
    ReportArchive.Status.RUNNING: "info",
    ReportArchive.Status.READY: "success",
    ReportArchive.Status.FAILED: "danger",
}


@register.simple_tag
def archive_badge(archive):
    if is_interrupted(archive):
        return format_html('<span class="badge text-bg-danger">{}</span>', _("Interrompu"))
    label = archive.get_status_display()
    if archive.status == ReportArchive.Status.RUNNING:
        label = f"{label} ({archive.progress} %)"
    return format_html('<span class="badge text-bg-{}">{}</span>', TONES.get(archive.status, "secondary"), label)
