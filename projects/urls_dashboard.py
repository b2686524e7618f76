"""URLs of issue 7 (dashboard)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
