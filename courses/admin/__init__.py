"""Wagtail admin views, viewsets and hooks of the courses app, by area."""
