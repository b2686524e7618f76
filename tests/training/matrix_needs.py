"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the training service: needs, themes, the catalogue of
modules and the curricula. The builders below make the records through the needs services; the needs tests use
them too."""

import datetime
from decimal import Decimal

from training.models import ActorType, Need
from training.services import needs as services

READERS = {"chef", "formation", "auditeur"}
AGENTS = {"formation"}

MATRIX = [
    ("training:theme_list", lambda o: [], READERS, "get"),
    ("training:theme_create", lambda o: [], AGENTS, "get"),
    ("training:theme_detail", lambda o: [o["need_theme"].pk], READERS, "get"),
    ("training:theme_update", lambda o: [o["need_theme"].pk], AGENTS, "get"),
    ("training:need_list", lambda o: [], READERS, "get"),
    ("training:need_analysis", lambda o: [], READERS, "get"),
    ("training:need_create", lambda o: [], AGENTS, "get"),
    ("training:need_detail", lambda o: [o["need"].pk], READERS, "get"),
    ("training:need_update", lambda o: [o["need"].pk], AGENTS, "get"),
    ("training:need_delete", lambda o: [o["need"].pk], AGENTS, "post-only"),
    ("training:module_list", lambda o: [], READERS, "get"),
    ("training:module_create", lambda o: [], AGENTS, "get"),
    ("training:module_detail", lambda o: [o["module"].pk], READERS, "get"),
    ("training:module_update", lambda o: [o["module"].pk], AGENTS, "get"),
    ("training:module_sheet", lambda o: [o["module"].pk, "fr"], READERS, "get"),
    ("training:curriculum_list", lambda o: [], READERS, "get"),
    ("training:curriculum_create", lambda o: [], AGENTS, "get"),
    ("training:curriculum_detail", lambda o: [o["curriculum"].pk], READERS, "get"),
    ("training:curriculum_update", lambda o: [o["curriculum"].pk], AGENTS, "get"),
    ("training:curriculum_pdf", lambda o: [o["curriculum"].pk, "ar"], READERS, "get"),
    ("training:curriculum_step_add", lambda o: [o["curriculum"].pk], AGENTS, "post-only"),
    (
        "training:curriculum_step",
        lambda o: [o["curriculum"].pk, o["curriculum_step"].pk, "monter"],
        AGENTS,
        "post-only",
    ),
]


def build_theme(by, code="TH01", name="Gestion de projets", **fields):
    return services.theme_save(by=by, code=code, name_fr=name, **fields)


def build_module(by, code="M01", prerequisites=(), themes=(), **fields):
    values = {
        "title_fr": f"Module {code}",
        "objectives": "Savoir monter un projet INDH",
        "content": "Diagnostic, montage, suivi",
        "duration_hours": Decimal("12"),
        "duration_days": 2,
        "target_groups": [ActorType.EAQ],
    }
    values.update(fields)
    return services.module_save(by=by, code=code, prerequisites=prerequisites, themes=themes, **values)


def build_need(by, theme, **fields):
    values = {
        "year": 2026,
        "source": Need.Source.DAS,
        "theme": theme,
        "description": "Mise à niveau sur les procédures",
        "target_group": ActorType.DAS_STAFF,
        "people_count": 6,
        "expressed_on": datetime.date(2026, 1, 20),
    }
    values.update(fields)
    return services.need_save(by=by, **values)


def build_curriculum(by, code="PC01", modules=(), **fields):
    values = {"title_fr": "Formation initiale des EAQ", "target_group": ActorType.EAQ}
    values.update(fields)
    curriculum = services.curriculum_save(by=by, code=code, **values)
    for module in modules:
        services.curriculum_add_module(by=by, curriculum=curriculum, module=module)
    return curriculum


def add_objects(objects, role_users):
    agent = role_users["formation"]
    theme = build_theme(agent, code="THM")
    first = build_module(agent, code="MM1", themes=[theme])
    second = build_module(agent, code="MM2", prerequisites=[first])
    curriculum = build_curriculum(agent, code="PCM", modules=[first, second])
    objects["need_theme"] = theme
    objects["need"] = build_need(agent, theme, commune=objects.get("commune"))
    objects["module"] = second
    objects["curriculum"] = curriculum
    objects["curriculum_step"] = curriculum.steps.order_by("position").last()
