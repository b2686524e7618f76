"""Demo data of the execution area: the realisations of this year's communication plan (Préfecture d'Agadir
Ida-Outanane), recorded through communication.services.execution — participants by type and sex, partners, press
coverage and photos drawn with Pillow — and one action cancelled. Idempotent: a second run records nothing."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from communication.execution_selectors import FACE_TO_FACE_KINDS
from communication.models import Audience, CommunicationAction, CommunicationPlan
from communication.services import execution as services
from communication.services import plans as plan_services
from communication.services.execution import AttendanceLine, PressLine
from das.models import Partner

Kind = CommunicationAction.Kind
Status = CommunicationAction.Status

PLACES = {
    Kind.CARAVAN: "Place publique et souk hebdomadaire",
    Kind.WORKSHOP: "Salle de réunion de la commune",
    Kind.INFO_MEETING: "Siège de la Préfecture d'Agadir Ida-Outanane",
    Kind.OPEN_DAY: "Division de l'Action Sociale, Agadir",
    Kind.INAUGURATION: "Site du projet",
    Kind.EXHIBITION: "Esplanade de la Marina d'Agadir",
    Kind.RADIO: "Studio de la Radio régionale SNRT Agadir",
    Kind.TELEVISION: "Al Aoula – station régionale d'Agadir",
    Kind.PUBLICATION: "Diffusion dans les communes de la préfecture",
    Kind.POSTERS: "Panneaux des communes et des maisons des jeunes",
    Kind.SOCIAL_MEDIA: "Page Facebook et chaîne YouTube de la préfecture",
}
REMOTE_REACH = {
    Kind.RADIO: 45000,
    Kind.TELEVISION: 120000,
    Kind.PUBLICATION: 3000,
    Kind.POSTERS: 8000,
    Kind.SOCIAL_MEDIA: 26000,
}
PRESS = [
    ("presse_electronique", "Agadir24", "L'INDH va à la rencontre des associations"),
    ("presse_ecrite", "Le Matin", "Agadir : l'INDH présente son appel à projets"),
    ("radio", "Radio Plus Agadir", "Les rendez-vous de l'INDH"),
    ("reseaux_sociaux", "Page Facebook de la Préfecture d'Agadir Ida-Outanane", "Retour en images"),
]
SUMMARIES = {
    True: (
        "Présentation des programmes de la phase III de l'INDH, des critères de sélection et des pièces du dossier ; "
        "échanges avec les participants, distribution du guide du porteur de projet. Forte participation des "
        "associations féminines ; plusieurs demandes d'accompagnement recensées pour le prochain appel à projets."
    ),
    False: (
        "Diffusion des messages sur l'appel à projets et les réalisations de l'INDH ; la portée est une estimation "
        "(audience communiquée par le média ou statistiques de la page)."
    ),
}


def _photo(seed: int, caption: str) -> SimpleUploadedFile:
    """A drawn « photo »: sky, the Atlas, a banner with « INDH » and a crowd of people (circles and bodies)."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)  # noqa: S311  (demo pictures)
    width, height = 640, 420
    image = Image.new("RGB", (width, height), (135, 190, 230))
    draw = ImageDraw.Draw(image)
    draw.polygon(
        [(0, 220), (120, 120), (240, 200), (380, 90), (520, 190), (640, 130), (640, 260), (0, 260)], fill=(150, 120, 90)
    )
    draw.rectangle([0, 250, width, height], fill=(214, 190, 140))
    draw.ellipse([520, 30, 580, 90], fill=(250, 220, 90))
    draw.rectangle([140, 150, 500, 215], fill=(255, 255, 255), outline=(31, 78, 121), width=4)
    draw.rectangle([150, 160, 215, 205], fill=(193, 39, 45))
    draw.text((230, 165), "INDH - Agadir Ida-Outanane", fill=(31, 78, 121))
    draw.text((230, 185), caption[:40], fill=(60, 60, 60))
    for _ in range(26):
        x, y = rng.randint(20, width - 20), rng.randint(260, height - 40)
        colour = rng.choice([(193, 39, 45), (31, 78, 121), (40, 130, 70), (230, 160, 40), (120, 60, 140)])
        draw.ellipse([x - 7, y - 24, x + 7, y - 10], fill=(120, 80, 50))
        draw.rectangle([x - 9, y - 10, x + 9, y + 18], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return SimpleUploadedFile(f"action-{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _attendance(action: CommunicationAction, rng: random.Random) -> list[AttendanceLine]:
    if action.kind not in FACE_TO_FACE_KINDS:
        return []
    main = max(action.expected_reach, 40)
    lines = [AttendanceLine(action.audience, int(main * rng.uniform(0.35, 0.55)), int(main * rng.uniform(0.3, 0.5)))]
    for extra in (Audience.ELECTED, Audience.SERVICES, Audience.YOUTH):
        if extra != action.audience and len(lines) < 3:
            lines.append(AttendanceLine(extra, rng.randint(2, 12), rng.randint(4, 18)))
    return lines


CLOSING_NOTE = (
    "Toutes les actions programmées ont été réalisées ; la participation des associations féminines et des jeunes a "
    "dépassé les attentes dans les communes rurales. À reconduire : caravanes dans les douars et émissions radio."
)


def seed(*, by, head=None) -> int:
    """``by`` is the communication agent. Last year's plan in execution is carried out whole and closed; this year's
    actions already due are carried out, the last one cancelled. Returns the records created."""
    today = timezone.localdate()
    created = 0
    last_year = CommunicationPlan.objects.filter(status="en_execution", year=today.year - 1).first()
    if last_year is not None:
        due = list(last_year.actions.filter(status=Status.PLANNED).select_related("plan").order_by("number"))
        created += _carry_out(last_year, due, by=by, today=today, cancel_last=False)
        plan_services.plan_close(plan=last_year, by=by, closing_note=CLOSING_NOTE)
        created += 1
    plan = CommunicationPlan.objects.filter(status="en_execution", year=today.year).first()
    if plan is None:
        return created
    due = list(
        plan.actions.filter(status=Status.PLANNED, planned_on__lte=today).select_related("plan").order_by("number")
    )
    return created + _carry_out(plan, due, by=by, today=today, cancel_last=True)


def _carry_out(plan, due, *, by, today, cancel_last: bool) -> int:
    if not due:
        return 0
    rng = random.Random(plan.year)  # noqa: S311  (demo figures, reproducible)
    partners = list(Partner.objects.filter(is_active=True).order_by("pk")[:8])
    created = 0
    # The last action due is cancelled (when there are several), the others are carried out.
    cancelled = due.pop() if cancel_last and len(due) > 1 else None
    for index, action in enumerate(due):
        face_to_face = action.kind in FACE_TO_FACE_KINDS
        carried_out_on = min(action.planned_on + dt.timedelta(days=rng.choice([0, 0, 2, 5])), today)
        carried_out_on = max(carried_out_on, dt.date(plan.year, 1, 1))
        share = Decimal(str(rng.choice([0.82, 0.9, 0.95, 1.0, 1.07])))
        caption = action.get_kind_display()
        photos = (
            [_photo(action.pk * 10 + n, str(caption)) for n in range(2 if face_to_face else 1)]
            if index % 3 != 2
            else []
        )
        place = PLACES.get(action.kind, "Agadir")
        if action.commune_id and face_to_face:
            place = f"{place}, {action.commune.name_fr}"
        services.realisation_record(
            action=action,
            by=by,
            carried_out_on=carried_out_on,
            place=place,
            commune=action.commune,
            reach=0 if face_to_face else REMOTE_REACH.get(action.kind, 2000),
            actual_cost=(action.planned_budget * share).quantize(Decimal("1")),
            summary=SUMMARIES[face_to_face],
            partners=rng.sample(partners, k=min(len(partners), 2)) if face_to_face else [],
            attendance=_attendance(action, rng),
            press=[PressLine(*PRESS[(index + n) % len(PRESS)], published_on=carried_out_on) for n in range(index % 3)],
            photos=photos,
            photo_caption=f"{caption} – {carried_out_on.strftime('%d/%m/%Y')}",
        )
        created += 1
    if cancelled is not None:
        services.action_cancel(
            action=cancelled,
            by=by,
            reason="Reportée : la salle prévue n'était pas disponible et les élus étaient retenus par la session "
            "ordinaire du conseil communal ; l'action est reprise au plan de l'an prochain.",
        )
        created += 1
    return created
