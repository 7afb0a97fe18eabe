"""Writes of the courses app, one module per area (enrolment, progress, completion, quizzes,
certificates, transcripts, authoring); functions are keyword-only and named
``<entity>_<action>``."""
