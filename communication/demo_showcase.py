"""Demo fiches de réalisation (run after seed_demo, which brings projects to « achevé » and « clôturé »): a fiche for
each of the first four achieved projects, with photos before and after drawn with Pillow; the chef approves three,
the fourth waits for him. Built through communication.services.showcase; running it again adds nothing."""

from __future__ import annotations

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from communication import showcase_selectors as selectors
from communication.models import AchievementSheet, SheetPhoto
from communication.services import showcase as services
from projects.models import Project

SHEETS = 4
APPROVED = 3
RESULTS = (
    "L'équipement est en service depuis sa réception. Il accueille chaque semaine les habitants de la commune, "
    "en particulier les femmes et les jeunes, et il est géré par le porteur avec l'appui de la commune."
)


def _image(after: bool, seed: int) -> SimpleUploadedFile:
    """A drawn site: bare ground and a fence before the works; the building, its windows and trees after."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)  # noqa: S311  (a drawing, not a secret)
    width, height = 800, 500
    image = Image.new("RGB", (width, height), (135, 190, 235))
    draw = ImageDraw.Draw(image)
    ground = (196, 164, 116) if not after else (120, 170, 90)
    draw.rectangle([0, 330, width, height], fill=ground)
    draw.ellipse([620, 40, 700, 120], fill=(250, 220, 90))
    if not after:
        for _ in range(40):
            x, y = rng.randint(0, width), rng.randint(340, height)
            draw.ellipse([x, y, x + rng.randint(6, 22), y + rng.randint(4, 12)], fill=(160, 130, 90))
        for x in range(40, width, 60):
            draw.line([x, 300, x, 345], fill=(110, 90, 60), width=4)
        draw.line([40, 310, width - 40, 310], fill=(110, 90, 60), width=3)
        draw.rectangle([300, 280, 420, 335], fill=(150, 150, 150))  # a heap of material
    else:
        wall = rng.choice([(236, 222, 196), (230, 200, 170), (245, 240, 230)])
        draw.rectangle([180, 170, 620, 340], fill=wall, outline=(120, 100, 80), width=3)
        draw.polygon([(160, 175), (400, 95), (640, 175)], fill=(170, 70, 50))
        for x in range(210, 600, 80):
            draw.rectangle([x, 200, x + 45, 245], fill=(80, 130, 180), outline=(60, 60, 60), width=2)
        draw.rectangle([370, 260, 430, 340], fill=(110, 70, 40))
        for x in (80, 700):
            draw.rectangle([x - 6, 270, x + 6, 340], fill=(100, 70, 40))
            draw.ellipse([x - 45, 190, x + 45, 285], fill=(50, 130, 60))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    name = f"{'apres' if after else 'avant'}-{seed}.jpg"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _projects() -> list[Project]:
    return list(
        Project.objects.filter(status__in=selectors.ACHIEVED)
        .select_related("programme", "commune", "holder")
        .order_by("code")[:SHEETS]
    )


def seed(*, by, head, **_kw) -> int:
    """Records created (fiches and their photos)."""
    created = 0
    for rank, project in enumerate(_projects()):
        if AchievementSheet.objects.filter(project=project).exists():
            continue
        fields = selectors.project_defaults(project)
        # The demo projects' own summaries describe the demo data set: the fiche speaks to the public instead.
        fields["summary"] = (
            f"{project.title} : un projet de l'INDH porté par {project.holder.name} à {project.commune.name_fr}, "
            f"au titre du programme « {project.programme.name_fr} ». Il rapproche des habitants un service qui leur "
            "manquait et a été réceptionné après le contrôle de la commission."
        )
        sheet = services.sheet_create(project=project, by=by, results=RESULTS, **fields)
        created += 1
        for after, moment in ((False, SheetPhoto.Moment.BEFORE), (True, SheetPhoto.Moment.AFTER)):
            caption = "Le site avant les travaux" if not after else "L'équipement à sa réception"
            services.photo_add(sheet=sheet, by=by, uploaded=_image(after, project.pk), moment=moment, caption=caption)
            created += 1
        sheet = services.sheet_submit(sheet=sheet, by=by)
        if rank < APPROVED:
            services.sheet_approve(sheet=sheet, by=head)
    return created
