"""Courses: pages editors build (course, module, quiz questions) and records of learning.

Learning records (enrolments, progress, attempts, certificates) always point at the course and
module pages of the site's default language, so a learner who switches language keeps one
enrolment and one progress record; ``courses.selectors.common.canonical_page`` maps any
translation to that page.
"""

from .certificates import Certificate, CertificateTemplate, CredentialStatusList
from .learning import Enrolment, ModuleProgress, QuizAnswer, QuizAttempt
from .pages import (
    CourseIndexPage,
    CoursePage,
    ModuleCaptions,
    ModuleChapter,
    ModulePage,
    QuestionKind,
    QuizAnswersShown,
    QuizQuestion,
    ScoringRule,
    TranscriptCue,
)

__all__ = [
    "Certificate",
    "CertificateTemplate",
    "CourseIndexPage",
    "CoursePage",
    "CredentialStatusList",
    "Enrolment",
    "ModuleCaptions",
    "ModuleChapter",
    "ModulePage",
    "ModuleProgress",
    "QuestionKind",
    "QuizAnswer",
    "QuizAnswersShown",
    "QuizAttempt",
    "QuizQuestion",
    "ScoringRule",
    "TranscriptCue",
]
