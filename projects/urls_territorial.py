"""URLs of issue 7 (territorial)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
