from training.models.catalogue import Curriculum, CurriculumModule, Module, Need, NeedTheme
from training.models.people import ActorType, AgeGroup, Person, Sex, SupportRequest, Team, TeamMember
from training.models.plans import PlanAction, TrainingPlan
from training.models.sessions import Participant, Presence, SessionDay, SessionEvaluation, TrainingSession

__all__ = [
    "ActorType",
    "AgeGroup",
    "Curriculum",
    "CurriculumModule",
    "Module",
    "Need",
    "NeedTheme",
    "Participant",
    "Person",
    "PlanAction",
    "Presence",
    "SessionDay",
    "SessionEvaluation",
    "Sex",
    "SupportRequest",
    "Team",
    "TeamMember",
    "TrainingPlan",
    "TrainingSession",
]
