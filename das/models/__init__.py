from das.models.audit import AuditChainHead, ChainedEvent, DownloadRecord, JournalEntry
from das.models.documents import Attachment
from das.models.partners import Partner, PartnerContact
from das.models.reference import Axis, BudgetLine, FiscalYear, Phase, Programme, Sector, TargetCategory
from das.models.territory import Arrondissement, Commune, Locality, Province, Region
from das.models.users import Role, RoleAssignment, RoleAssignmentCommune, User

__all__ = [
    "Arrondissement",
    "Attachment",
    "AuditChainHead",
    "Axis",
    "BudgetLine",
    "ChainedEvent",
    "Commune",
    "DownloadRecord",
    "FiscalYear",
    "JournalEntry",
    "Locality",
    "Partner",
    "PartnerContact",
    "Phase",
    "Programme",
    "Province",
    "Region",
    "Role",
    "RoleAssignment",
    "RoleAssignmentCommune",
    "Sector",
    "TargetCategory",
    "User",
]
