"""Builders of the provinces area's tests: our prefecture (the province of the communes), the other provinces of the
region, and counterparts, joint projects and meetings built through the services."""

import datetime
from decimal import Decimal

from django.utils import timezone

from coordination.provinces_selectors import home_province
from coordination.services import provinces as services
from das.models import Province
from tests.factories import CommuneFactory, ProvinceFactory

OTHERS = [
    ("INZ", "Préfecture d'Inezgane-Aït Melloul", "عمالة إنزكان أيت ملول", Province.Kind.PREFECTURE),
    ("TAR", "Province de Taroudant", "إقليم تارودانت", Province.Kind.PROVINCE),
    ("TIZ", "Province de Tiznit", "إقليم تيزنيت", Province.Kind.PROVINCE),
]


def home():
    """Our prefecture: the one the communes belong to (a first commune makes it)."""
    return home_province() or CommuneFactory().province


def other(code="INZ"):
    for known, name_fr, name_ar, kind in OTHERS:
        if known == code:
            return ProvinceFactory(code=code, name_fr=name_fr, name_ar=name_ar, kind=kind)
    return ProvinceFactory(code=code, name_fr=f"Province {code}", name_ar="", kind=Province.Kind.PROVINCE)


def counterpart(by, code="INZ", **fields):
    fields.setdefault("division_name", "Division de l'Action Sociale")
    return services.counterpart_create(by=by, province=other(code), **fields)


def joint_project(by, total="1000000.00", **fields):
    values = {
        "title": "Centre régional pour personnes en situation de handicap",
        "lead_province": home(),
        "total_cost": Decimal(total),
    }
    values.update(fields)
    return services.joint_project_create(by=by, **values)


def agreed_project(by, total="1000000.00"):
    """Shared 60 / 40 between our prefecture and Inezgane, then agreed."""
    project = joint_project(by, total)
    services.share_add(
        joint_project=project, by=by, province=home(), amount=(Decimal(total) * 6 / 10).quantize(Decimal("0.01"))
    )
    services.share_add(
        joint_project=project, by=by, province=other("INZ"), amount=(Decimal(total) * 4 / 10).quantize(Decimal("0.01"))
    )
    return services.joint_project_agree(project=project, by=by)


def meeting(by, days=-10, provinces=("INZ",), **fields):
    values = {
        "subject": "Coordination des projets communs",
        "date": timezone.localdate() + datetime.timedelta(days=days),
        "place": "Siège de la préfecture d'Agadir",
        "host_province": home(),
        "agenda": "1. Projets communs\n2. Préparation du CRDH",
    }
    values.update(fields)
    return services.meeting_create(by=by, provinces=[other(code) for code in provinces], **values)


def held_meeting(by, days=-10, **fields):
    planned = meeting(by, days=days, **fields)
    return services.meeting_record_minutes(
        meeting=planned, by=by, minutes="Les provinces conviennent du calendrier.", attendees="M. Alami (Agadir)"
    )


def action(by, meeting_, days=20, **fields):
    values = {
        "description": "Transmettre l'étude de faisabilité",
        "responsible_province": other("INZ"),
        "responsible": "Chef de la DAS",
        "due_on": meeting_.date + datetime.timedelta(days=days),
        "progress": 10,
    }
    values.update(fields)
    return services.action_add(meeting=meeting_, by=by, **values)
