"""Training records of the needs area that have a page, a history and attachments (das.records)."""

from das import records
from training import permissions
from training.models import Curriculum, Module, Need, NeedTheme

for model, name, listing in [
    (NeedTheme, "theme", "theme"),
    (Need, "need", "need"),
    (Module, "module", "module"),
    (Curriculum, "curriculum", "curriculum"),
]:
    records.register_page(
        model,
        read=permissions.ACCESS,
        edit=permissions.MANAGE_NEEDS,
        detail=f"training:{name}_detail",
        listing=f"training:{listing}_list",
    )
