"""The division's default roles. They are data (the administrator can change them); this is their first content.

ensure_default_roles() only creates missing roles: once a province runs the application, giving a new permission
to an existing role is a data migration (the administrator may have changed the role since).
"""

from django.utils.translation import gettext_noop

from committees import permissions as committees_perms
from communication import permissions as communication_perms
from coordination import permissions as coordination_perms
from das import permissions as das_perms
from projects import permissions as projects_perms
from training import permissions as training_perms

READ_ALL_APPS = [
    projects_perms.ACCESS,
    committees_perms.ACCESS,
    training_perms.ACCESS,
    communication_perms.ACCESS,
    coordination_perms.ACCESS,
]
# The services that carry out the committees' decisions read them and mark their actions done.
EXECUTE_DECISIONS = [committees_perms.ACCESS, committees_perms.FOLLOW_ACTIONS]
# Every role reads the library's published documents (manuals, criteria, models) the division works from.
STAFF_BASE = [
    das_perms.VIEW_REFERENCE,
    das_perms.VIEW_PARTNERS,
    das_perms.VIEW_HISTORY,
    communication_perms.VIEW_LIBRARY,
]

# code: (French name, Arabic name, English name, description, permissions)
DEFAULT_ROLES = {
    "administrateur": (
        gettext_noop("Administrateur"),
        "مسؤول النظام",
        "Administrator",
        gettext_noop("Gère les comptes, les rôles et les données de référence."),
        [
            *STAFF_BASE,
            das_perms.VIEW_USERS,
            das_perms.MANAGE_USERS,
            das_perms.MANAGE_REFERENCE,
            das_perms.MANAGE_PARTNERS,
            das_perms.VIEW_JOURNAL,
        ],
    ),
    "chef": (
        gettext_noop("Chef de division"),
        "رئيس القسم",
        "Head of division",
        gettext_noop("Lit tout et approuve ce qui demande l'accord du chef."),
        [
            *STAFF_BASE,
            *READ_ALL_APPS,
            das_perms.MANAGE_PARTNERS,
            das_perms.VIEW_JOURNAL,
            das_perms.VIEW_USERS,
            das_perms.CLOSE_FISCAL_YEAR,
            projects_perms.EVALUATE,
            projects_perms.APPROVE,
            committees_perms.RECTIFY,
            committees_perms.FOLLOW_ACTIONS,
            committees_perms.FOLLOW_ALL_ACTIONS,
            committees_perms.MANAGE_FEEDBACK,
            projects_perms.VIEW_CREDITS,
            projects_perms.VALIDATE_CREDITS,
            projects_perms.VIEW_DASHBOARDS,
            projects_perms.ARCHIVE_REPORTS,
            training_perms.VALIDATE_PLAN,
            communication_perms.VALIDATE_PLAN,
            communication_perms.APPROVE_SHOWCASE,
            coordination_perms.VALIDATE_CRDH,
        ],
    ),
    "suivi_evaluation": (
        gettext_noop("Suivi et évaluation"),
        "التتبع والتقييم",
        "Monitoring and evaluation",
        gettext_noop("Appels à projets, projets, conventions, crédits et marchés."),
        [
            *STAFF_BASE,
            projects_perms.ACCESS,
            projects_perms.MANAGE_CALLS,
            projects_perms.MANAGE_DOSSIERS,
            projects_perms.EVALUATE,
            das_perms.MANAGE_PARTNERS,
            projects_perms.VIEW_CREDITS,
            projects_perms.MANAGE_CREDITS,
            projects_perms.VIEW_DASHBOARDS,
            projects_perms.ARCHIVE_REPORTS,
            projects_perms.MANAGE_TERRITORIAL_INDICATORS,
            *EXECUTE_DECISIONS,
        ],
    ),
    "communication": (
        gettext_noop("Communication"),
        "التواصل",
        "Communication",
        gettext_noop("Plan de communication de proximité, documentation, réalisations."),
        [
            *STAFF_BASE,
            communication_perms.ACCESS,
            communication_perms.MANAGE_PLAN,
            communication_perms.MANAGE_LIBRARY,
            communication_perms.MANAGE_SHOWCASE,
            communication_perms.MANAGE_REQUESTS,
            *EXECUTE_DECISIONS,
        ],
    ),
    "formation": (
        gettext_noop("Formation"),
        "التكوين",
        "Training",
        gettext_noop("Besoins, plan de formation, sessions et attestations."),
        [
            *STAFF_BASE,
            training_perms.ACCESS,
            training_perms.MANAGE_ACTORS,
            training_perms.MANAGE_NEEDS,
            training_perms.MANAGE_PLAN,
            training_perms.MANAGE_SESSIONS,
            *EXECUTE_DECISIONS,
        ],
    ),
    "coordination": (
        gettext_noop("Coordination"),
        "التنسيق",
        "Coordination",
        gettext_noop("Coordination inter-provinciale, CRDH, alphabétisation, coopération."),
        [
            *STAFF_BASE,
            coordination_perms.ACCESS,
            coordination_perms.MANAGE_CRDH,
            coordination_perms.MANAGE_PROVINCES,
            coordination_perms.MANAGE_LITERACY,
            coordination_perms.MANAGE_COOPERATION,
            coordination_perms.MANAGE_STUDIES,
            # Studies, cooperation support and the CRDH dossier are about the province's projects: the service
            # reads them (as the CPDH secretariat does) and writes nothing there.
            projects_perms.ACCESS,
            projects_perms.VIEW_DASHBOARDS,
            *EXECUTE_DECISIONS,
        ],
    ),
    "secretariat_cpdh": (
        gettext_noop("Secrétariat du CPDH"),
        "كتابة اللجنة الإقليمية",
        "CPDH secretariat",
        gettext_noop("Réunions, ordres du jour, procès-verbaux et décisions des comités."),
        [
            *STAFF_BASE,
            committees_perms.ACCESS,
            committees_perms.MANAGE_COMMITTEES,
            committees_perms.MANAGE_MEETINGS,
            committees_perms.FOLLOW_ACTIONS,
            committees_perms.FOLLOW_ALL_ACTIONS,
            committees_perms.MANAGE_FEEDBACK,
            projects_perms.ACCESS,
            projects_perms.VIEW_DASHBOARDS,
        ],
    ),
    "cabinet": (
        gettext_noop("Cabinet du Gouverneur"),
        "ديوان العامل",
        "Governor's office",
        gettext_noop("Conventions à signer, tableaux de bord et rapports."),
        [
            das_perms.VIEW_REFERENCE,
            das_perms.VIEW_PARTNERS,
            communication_perms.VIEW_LIBRARY,
            committees_perms.ACCESS,
            projects_perms.SIGN_CONVENTIONS,
            projects_perms.VIEW_CREDITS,
            projects_perms.VIEW_DASHBOARDS,
        ],
    ),
    "dbm": (
        gettext_noop("DBM"),
        "قسم الميزانية والوسائل",
        "Budget division (DBM)",
        gettext_noop("Reçoit les répartitions de crédits et les rapports financiers."),
        [
            das_perms.VIEW_REFERENCE,
            communication_perms.VIEW_LIBRARY,
            projects_perms.VIEW_CREDITS,
            projects_perms.ACKNOWLEDGE_CREDITS,
            projects_perms.VIEW_DASHBOARDS,
        ],
    ),
    "auditeur": (
        gettext_noop("Lecteur / auditeur"),
        "مراقب / مدقق",
        "Reader / auditor",
        gettext_noop("Lit tout, historique compris ; n'écrit rien."),
        [
            *STAFF_BASE,
            *READ_ALL_APPS,
            das_perms.VIEW_JOURNAL,
            das_perms.VIEW_USERS,
            projects_perms.VIEW_CREDITS,
            projects_perms.VIEW_DASHBOARDS,
        ],
    ),
}


def ensure_default_roles(**_kwargs) -> None:
    """Create the default roles that do not exist yet; never overwrite the administrator's changes."""
    from das.models import Role

    for code, (name_fr, name_ar, name_en, description, perms) in DEFAULT_ROLES.items():
        Role.objects.get_or_create(
            code=code,
            defaults={
                "name_fr": name_fr,
                "name_ar": name_ar,
                "name_en": name_en,
                "description": description,
                "permissions": sorted(set(perms)),
            },
        )
