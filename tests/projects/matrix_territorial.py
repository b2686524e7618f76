"""Rows of the URL x role matrix (tests/test_url_matrix.py) for issue 7 (territorial): the human-development
indicators are read with the dashboards and kept by the monitoring service."""

READERS = {"chef", "suivi_evaluation", "secretariat_cpdh", "cabinet", "dbm", "auditeur"}
AGENTS = {"suivi_evaluation"}

MATRIX = [
    ("projects:territorial_index", lambda o: [], READERS, "get"),
    ("projects:territorial_indicator_list", lambda o: [], READERS, "get"),
    ("projects:territorial_indicator_create", lambda o: [], AGENTS, "get"),
    ("projects:territorial_indicator_detail", lambda o: [o["territorial_indicator"].pk], READERS, "get"),
    ("projects:territorial_indicator_update", lambda o: [o["territorial_indicator"].pk], AGENTS, "get"),
    ("projects:territorial_grid", lambda o: [], AGENTS, "get"),
    ("projects:territorial_import", lambda o: [], AGENTS, "get"),
    ("projects:territorial_import_template", lambda o: [], AGENTS, "get"),
    ("projects:territorial_import_report", lambda o: [], AGENTS, "get"),
    ("projects:territorial_trend", lambda o: [], READERS, "get"),
    ("projects:territorial_comparison", lambda o: [], READERS, "get"),
    ("projects:territorial_flags", lambda o: [], READERS, "get"),
]


def add_objects(objects, role_users):
    """An indicator with a value for the commune of the shared objects, last year."""
    from django.utils import timezone

    from projects import territorial_selectors as selectors
    from projects.services import territorial as services

    agent = role_users["suivi_evaluation"]
    indicator = services.indicator_save(
        by=agent, code="IDH-MATRICE", name_fr="Taux de pauvreté", unit="%", direction="baisse"
    )
    year = timezone.localdate().year - 1
    grid = selectors.grid(year)
    services.grid_save(
        by=agent, year=year, cells={(indicator.pk, objects["commune"].pk, None): "12,5"}, expected_stamp=grid.stamp
    )
    objects["territorial_indicator"] = indicator
