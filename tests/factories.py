"""Factories for the shared core; data is built with the same services production uses where it matters."""

import random

import factory
from factory.django import DjangoModelFactory

from das.models import Commune, Locality, Partner, Phase, Programme, Province, Region, Role, RoleAssignment, User
from das.validators import rib_key

PASSWORD = "Mot-de-passe-de-test-2026"


def valid_rib(seed: int) -> str:
    rng = random.Random(seed)
    first = "007" + "780" + "".join(str(rng.randint(0, 9)) for _ in range(16))
    return f"{first}{rib_key(first):02d}"


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = "SM"
    name_fr = "Souss-Massa"
    name_ar = "سوس ماسة"


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    region = factory.SubFactory(RegionFactory)
    code = "AGA"
    name_fr = "Préfecture d'Agadir Ida-Outanane"
    name_ar = "عمالة أكادير إداوتنان"
    kind = Province.Kind.PREFECTURE


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"C{n:04d}")
    name_fr = factory.Sequence(lambda n: f"Commune {n}")
    name_ar = factory.Sequence(lambda n: f"جماعة {n}")
    kind = Commune.Kind.URBAN
    population = 30000
    households = 7000


class LocalityFactory(DjangoModelFactory):
    class Meta:
        model = Locality

    commune = factory.SubFactory(CommuneFactory)
    name_fr = factory.Sequence(lambda n: f"Quartier {n}")
    kind = Locality.Kind.QUARTIER


class PhaseFactory(DjangoModelFactory):
    class Meta:
        model = Phase
        django_get_or_create = ["code"]

    code = "III"
    name_fr = "Phase III"
    start_year = 2019
    end_year = 2025


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    phase = factory.SubFactory(PhaseFactory)
    code = factory.Sequence(lambda n: f"P{n}")
    name_fr = factory.Sequence(lambda n: f"Programme {n}")


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    kind = Partner.Kind.ASSOCIATION
    name = factory.Sequence(lambda n: f"Association Tifaout {n}")
    receipt_number = factory.Sequence(lambda n: f"REC-{n:05d}")
    commune = factory.SubFactory(CommuneFactory)
    rib = factory.Sequence(valid_rib)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"agent{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@das-agadir.ma")
    full_name = factory.Sequence(lambda n: f"Agent {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        for code in extracted or []:
            RoleAssignment.objects.create(user=self, role=Role.objects.get(code=code))


# The service a person of each default role works in (the demo accounts have the same).
ROLE_SERVICE = {
    "chef": User.Service.HEAD,
    "suivi_evaluation": User.Service.MONITORING,
    "communication": User.Service.COMMUNICATION,
    "formation": User.Service.TRAINING,
    "coordination": User.Service.COORDINATION,
    "secretariat_cpdh": User.Service.SECRETARIAT,
    "cabinet": User.Service.CABINET,
    "dbm": User.Service.DBM,
}


def user_with_role(code: str, **kwargs) -> User:
    kwargs.setdefault("service", ROLE_SERVICE.get(code, User.Service.OTHER))
    return UserFactory(username=kwargs.pop("username", code), roles=[code], **kwargs)
