"""Demo data of literacy and non-formal education (Préfecture d'Agadir Ida-Outanane), created through
coordination.services.literacy: last school year's campaign closed with its final figures, this school year's in
progress (its classes started, enrolments entered, two classes still without a grid); eight centres in the demo's
communes; operations of several programmes run by the demo's associations (two literacy associations are added
through the partner services when the demo has fewer than five); learners mostly women, as in Morocco's literacy
programmes. Idempotent: a campaign already there is left as it is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from coordination.models.literacy import LiteracyCampaign, LiteracyCentre
from coordination.services import literacy as services
from das.models import Commune, Partner

CENTRES = [
    # (preferred commune, name, kind)
    ("Agadir", "Foyer féminin Anza", "foyer_feminin"),
    ("Agadir", "Mosquée Al Mohammadi – Hay Dakhla", "mosquee"),
    ("Agadir", "Centre socio-éducatif Bensergao", "centre_social"),
    ("Aourir", "Maison de jeunes d'Aourir", "maison_jeunes"),
    ("Drargua", "École Al Massira – Drargua", "ecole"),
    ("Tamri", "Local de l'association Tamri Tanmia", "association"),
    ("Imouzzer Ida Outanane", "Foyer féminin d'Imouzzer", "foyer_feminin"),
    ("Amskroud", "Mosquée du douar Tikki", "mosquee"),
]
NEW_OPERATORS = [
    (
        "Association Nour pour l'alphabétisation et le développement",
        "جمعية النور لمحاربة الأمية والتنمية",
        "AGA-ALPHA-0117",
    ),
    ("Association Tifawin pour l'éducation non formelle", "جمعية تيفاوين للتربية غير النظامية", "AGA-ALPHA-0243"),
]
# (programme, operator index, centre indexes, commune of the operation = its first centre's, classes (name, level,
# centre index, grid: {(sex, age): (enrolled, completed)}), convention reference or None)
F, H = "F", "H"
LAST = [
    (
        "general",
        0,
        "ANLCA/AGA/{year}/01",
        [
            ("Classe Anza 1", "niveau_1", 0, {(F, "25-44"): (18, 14), (F, "45+"): (9, 6), (H, "25-44"): (2, 1)}),
            ("Classe Anza 2", "niveau_2", 0, {(F, "25-44"): (15, 13), (F, "45+"): (7, 6), (F, "15-24"): (3, 3)}),
            ("Classe Bensergao", "niveau_1", 2, {(F, "25-44"): (16, 11), (F, "45+"): (8, 5), (H, "45+"): (3, 1)}),
        ],
    ),
    (
        "mosquees",
        1,
        None,
        [
            (
                "Classe de la mosquée Al Mohammadi",
                "niveau_1",
                1,
                {(F, "45+"): (22, 15), (F, "25-44"): (8, 6), (H, "45+"): (6, 3)},
            ),
            ("Classe du douar Tikki", "niveau_1", 7, {(F, "45+"): (14, 9), (F, "25-44"): (6, 4), (H, "45+"): (4, 2)}),
        ],
    ),
    (
        "fonctionnel",
        2,
        "ANLCA/AGA/{year}/04",
        [
            ("Classe des coopératrices d'Imouzzer", "niveau_2", 6, {(F, "25-44"): (19, 16), (F, "45+"): (5, 4)}),
            ("Classe d'Aourir", "niveau_1", 3, {(F, "25-44"): (14, 10), (F, "15-24"): (4, 3), (H, "15-24"): (3, 2)}),
        ],
    ),
    (
        "enf",
        3,
        "ENF/AGA/{year}/02",
        [
            (
                "École de la deuxième chance – Drargua",
                "enf",
                4,
                {(F, "9-14"): (12, 10), (H, "9-14"): (14, 11), (H, "15-24"): (3, 2)},
            ),
        ],
    ),
]
CURRENT = [
    (
        "post_alpha",
        0,
        "ANLCA/AGA/{year}/03",
        [
            ("Post-alphabétisation Anza", "post_alpha", 0, {(F, "25-44"): (17, 0), (F, "45+"): (6, 0)}),
            ("Post-alphabétisation Bensergao", "post_alpha", 2, {(F, "25-44"): (14, 0), (H, "25-44"): (3, 0)}),
        ],
    ),
    (
        "general",
        4,
        "ANLCA/AGA/{year}/05",
        [
            ("Classe de Tamri 1", "niveau_1", 5, {(F, "25-44"): (15, 0), (F, "45+"): (10, 0), (H, "45+"): (4, 0)}),
            ("Classe de Tamri 2", "niveau_1", 5, None),
        ],
    ),
    (
        "mosquees",
        1,
        None,
        [
            (
                "Classe de la mosquée Al Mohammadi",
                "niveau_1",
                1,
                {(F, "45+"): (24, 0), (F, "25-44"): (9, 0), (H, "45+"): (5, 0)},
            ),
            ("Classe du douar Tikki", "niveau_2", 7, None),
        ],
    ),
    (
        "enf",
        3,
        "ENF/AGA/{year}/01",
        [
            ("École de la deuxième chance – Drargua", "enf", 4, {(F, "9-14"): (13, 0), (H, "9-14"): (15, 0)}),
            (
                "École de la deuxième chance – Aourir",
                "enf",
                3,
                {(F, "9-14"): (9, 0), (H, "9-14"): (11, 0), (F, "15-24"): (2, 0)},
            ),
        ],
    ),
]


def _school_year(today: dt.date) -> int:
    """The start year of the school year ``today`` falls in (it begins in September)."""
    return today.year if today.month >= 9 else today.year - 1


def _communes() -> list[Commune]:
    by_name = {commune.name_fr: commune for commune in Commune.objects.order_by("name_fr")}
    fallback = list(by_name.values())
    return [by_name.get(name) or fallback[index % len(fallback)] for index, (name, _n, _k) in enumerate(CENTRES)]


def _centres(by) -> tuple[list[LiteracyCentre], int]:
    created = 0
    centres = []
    for commune, (_name, name, kind) in zip(_communes(), CENTRES, strict=True):
        centre = LiteracyCentre.objects.filter(commune=commune, name=name).first()
        if centre is None:
            centre = services.centre_create(by=by, name=name, kind=kind, commune=commune)
            created += 1
        centres.append(centre)
    return centres, created


def _operators(head) -> tuple[list[Partner], int]:
    from das.services.partners import partner_save

    associations = list(Partner.objects.filter(kind=Partner.Kind.ASSOCIATION, is_active=True).order_by("pk")[:5])
    created = 0
    for name, name_ar, receipt in NEW_OPERATORS:
        if len(associations) >= 5:
            break
        existing = Partner.objects.filter(name=name).first()
        if existing is None:
            existing = partner_save(
                partner=Partner(
                    kind=Partner.Kind.ASSOCIATION,
                    name=name,
                    name_ar=name_ar,
                    receipt_number=receipt,
                    commune=_communes()[0],
                ),
                by=head,
                confirmed_not_duplicate=True,
            )
            created += 1
        associations.append(existing)
    while len(associations) < 5:  # a demo with very few associations: they run several operations
        associations.append(associations[len(associations) % max(len(associations), 1)])
    return associations, created


def _grid(cells) -> list[dict]:
    return [
        {"sex": sex, "age_group": age, "enrolled": enrolled, "completed": completed}
        for (sex, age), (enrolled, completed) in cells.items()
    ]


def _campaign(year: int, plan, centres, operators, *, by, close: bool) -> int:
    start, end = dt.date(year, 10, 1), dt.date(year + 1, 6, 30)
    campaign = services.campaign_create(
        by=by,
        start_year=year,
        start_on=start,
        end_on=end,
        title=f"Campagne d'alphabétisation et d'éducation non formelle {year}-{year + 1}",
        target_learners=450,
    )
    campaign = services.campaign_start(campaign=campaign, by=by)
    created = 1
    for number, (programme, operator, convention, classes) in enumerate(plan, start=1):
        first_centre = centres[classes[0][2]]
        operation = services.operation_create(
            campaign=campaign,
            by=by,
            programme=programme,
            operator=operators[operator],
            convention_reference=convention.format(year=year) if convention else "",
            convention_amount=Decimal(40000 + 15000 * number) if convention else None,
            commune=first_centre.commune,
            start_on=start + dt.timedelta(days=14),
            end_on=end - dt.timedelta(days=15),
            target_learners=30 * len(classes),
        )
        operation = services.operation_start(operation=operation, by=by)
        created += 1
        for name, level, centre, cells in classes:
            literacy_class = services.class_create(
                operation=operation,
                by=by,
                centre=centres[centre],
                name=name,
                level=level,
                instructor="",
                start_on=start + dt.timedelta(days=21),
                end_on=end - dt.timedelta(days=20),
                hours=300 if level != "enf" else 600,
            )
            created += 1
            if cells is not None:
                services.headcounts_save(literacy_class=literacy_class, by=by, lines=_grid(cells))
        if close:
            services.operation_complete(operation=operation, by=by)
    if close:
        services.campaign_close(
            campaign=campaign,
            by=by,
            closing_note="Campagne menée à terme dans les délais : les classes des foyers féminins et des mosquées "
            "ont les meilleurs taux d'achèvement ; l'éducation non formelle sera étendue à Aourir.",
        )
    return created


def seed(*, by, head, secretariat=None) -> int:
    """Last school year's campaign (closed) and this one's (in progress); returns the number of records created."""
    if not Commune.objects.exists():
        return 0
    current = _school_year(timezone.localdate())
    with transaction.atomic():
        centres, created = _centres(by)
        years = [
            year for year in (current - 1, current) if not LiteracyCampaign.objects.filter(start_year=year).exists()
        ]
        if not years:
            return created
        operators, added = _operators(head)
        created += added
        for year in years:
            plan = LAST if year < current else CURRENT
            created += _campaign(year, plan, centres, operators, by=by, close=year < current)
    return created
