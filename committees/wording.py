"""The règlement intérieur of a committee in plain French sentences, as the pages show it."""

from decimal import Decimal

from django.utils.translation import gettext as _

from committees.models import Committee
from committees.services.meetings import required_quorum
from das.formatting import format_number


def quorum_text(committee: Committee, voting: int) -> str:
    """The quorum rule in plain words, with what it means for the voting members sitting today."""
    percent = Decimal(committee.quorum_percent)
    if percent == 50:
        share = _("la moitié des membres votants")
    elif percent == 100:
        share = _("la totalité des membres votants")
    else:
        share = _("%(percent)s %% des membres votants") % {"percent": format_number(percent)}
    if committee.quorum_plus_one:
        share = _("%(share)s plus un") % {"share": share}
    if not voting:
        return _("Quorum : %(rule)s (aucun membre votant en mandat).") % {"rule": share}
    return _("Quorum : %(rule)s, soit %(required)s sur %(voting)s.") % {
        "rule": share,
        "required": required_quorum(committee, voting),
        "voting": voting,
    }


def quorum_rules(committee: Committee, voting: int) -> list[str]:
    """What the règlement intérieur says of the quorum, as sentences (the meeting and attendance pages)."""
    lines = [quorum_text(committee, voting)]
    if committee.proxies_count:
        lines.append(_("Les membres représentés comptent dans le quorum."))
    else:
        lines.append(_("Seuls les membres présents comptent dans le quorum ; les représentés n'y comptent pas."))
    if committee.second_convocation_without_quorum:
        lines.append(_("Sur seconde convocation, le comité délibère valablement sans condition de quorum."))
    else:
        lines.append(_("Le quorum est exigé même sur seconde convocation."))
    return lines


def rules_in_words(committee: Committee, voting: int) -> list[str]:
    """The whole règlement intérieur as sentences a member reads at the start of a meeting (the committee page)."""
    lines = quorum_rules(committee, voting)
    lines.append(_("Décisions : %(rule)s.") % {"rule": committee.get_decision_rule_display().lower()})
    limits = []
    if committee.max_members is not None:
        limits.append(_("au plus %(max)s membres") % {"max": committee.max_members})
    if committee.min_women_percent is not None:
        limits.append(_("au moins %(min)s %% de femmes") % {"min": format_number(committee.min_women_percent)})
    if committee.min_youth_percent is not None:
        limits.append(_("au moins %(min)s %% de jeunes") % {"min": format_number(committee.min_youth_percent)})
    if limits:
        lines.append(_("Composition : %(limits)s.") % {"limits": " ; ".join(str(limit) for limit in limits)})
    else:
        lines.append(_("Le règlement ne fixe pas de règle de composition."))
    return lines
