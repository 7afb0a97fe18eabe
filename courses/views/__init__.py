"""Learner-facing views of the courses app, one module per area; each module defines the
``urlpatterns`` that ``courses.urls`` includes."""
