"""URLs of issue 7 (reports)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
