"""The pages editors build a course from: course, module (a recording with its quiz), and the
inline parts of a module (chapters, captions, quiz questions), plus the transcript cues parsed
from the captions."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from modelcluster.fields import ParentalKey

from cms.core.models import ContentPage, IndexPage, keywords_field
from cms.events.models import SpeakerBlock


def percent_validators():
    return [MinValueValidator(0), MaxValueValidator(100)]


class CourseLevel(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CoursePage(ContentPage):
    """A course: an overview, its rules for completion and certificate, and modules as children.

    ``summary`` and ``body`` (from ContentPage) are the course's overview.
    """

    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(label=_("Outcome"), max_length=500))],
        blank=True,
        verbose_name=_("learning outcomes"),
    )
    course_language = models.CharField(
        _("language of instruction"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the recordings are spoken in."),
    )
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=CourseLevel.choices,
        blank=True,
        help_text=_("How much the course expects learners to know already. Empty: not shown."),
    )
    cpd_hours = models.DecimalField(
        _("workload (CPD hours)"),
        max_digits=5,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    prerequisites = RichTextField(
        _("prerequisites"), blank=True, features=["bold", "italic", "link", "ul"]
    )
    enrolment_open = models.BooleanField(_("enrolment open"), default=True)
    watched_threshold = models.PositiveSmallIntegerField(
        _("watched threshold (%)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How much of each recording a learner must have played."),
    )
    certificate_template = models.ForeignKey(
        "courses.CertificateTemplate",
        verbose_name=_("certificate template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to award no certificate."),
    )
    keywords = keywords_field(related_name="course_pages")

    schema_type = "Course"
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]
    content_panels = [
        *Page.content_panels,
        *ContentPage.intro_panels,
        FieldPanel("body", heading=_("Overview")),
        FieldPanel("learning_outcomes"),
        FieldPanel("prerequisites"),
        MultiFieldPanel(
            [
                FieldPanel("course_language"),
                FieldPanel("level"),
                FieldPanel("cpd_hours"),
                FieldPanel("enrolment_open"),
                FieldPanel("watched_threshold"),
                FieldPanel("certificate_template"),
            ],
            heading=_("Enrolment, completion and certificate"),
        ),
        *ContentPage.classification_panels,
    ]
    search_fields = [
        *ContentPage.search_fields,
        index.SearchField("learning_outcomes"),
        index.FilterField("course_language"),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_context(self, request, *args, **kwargs):
        from ..selectors.learning import course_outline

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = course_outline(user=request.user, course=self)
        return context


class CourseIndexPage(IndexPage):
    """The catalogue of courses: the shared index, whose cards also show each course's running
    time, CPD hours and language of instruction."""

    listing_model = CoursePage
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course index")

    @path("")
    def listing(self, request):
        from cms.core.forms import IndexFilterForm

        from ..selectors.catalogue import course_page_of_items

        form = IndexFilterForm(request.GET or None, index=self)
        page_of_items = course_page_of_items(
            index=self, filters=form.filters(), page_number=request.GET.get("page")
        )
        return self.render(
            request, context_overrides={"filter_form": form, "page_of_items": page_of_items}
        )


class QuizAnswersShown(models.TextChoices):
    AFTER_EACH_ATTEMPT = "after_attempt", _("After each attempt")
    AFTER_PASSING = "after_passing", _("Once the learner has passed")
    NEVER = "never", _("Never")


class ModulePage(ContentPage):
    """One recording of a course, with its chapters, captions, resources and optional quiz."""

    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("video file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An uploaded video (WebM or MP4), served by the site."),
    )
    video_url = models.URLField(
        _("video URL"),
        blank=True,
        help_text=_("A video hosted elsewhere, such as YouTube or Vimeo, if there is no file."),
    )
    duration_seconds = models.PositiveIntegerField(
        _("duration (seconds)"),
        null=True,
        blank=True,
        help_text=_("Length of the recording; progress is measured against it."),
    )
    speakers = StreamField([("speaker", SpeakerBlock())], blank=True, verbose_name=_("speakers"))
    slides = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("slides"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resources = StreamField(
        [
            ("document", DocumentChooserBlock(label=_("Document"))),
            (
                "link",
                blocks.StructBlock(
                    [
                        ("title", blocks.CharBlock(label=_("Title"), max_length=255)),
                        ("url", blocks.URLBlock(label=_("URL"))),
                    ],
                    label=_("Link"),
                    icon="link",
                ),
            ),
        ],
        blank=True,
        verbose_name=_("resources"),
    )
    is_required = models.BooleanField(
        _("required for completion"),
        default=True,
        help_text=_("Learners must complete required modules to complete the course."),
    )
    source_event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("webinar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The webinar this module was made from."),
    )

    # Quiz settings; the questions are inline children (``questions``).
    quiz_pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=percent_validators()
    )
    quiz_max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"), default=0, help_text=_("0 means unlimited.")
    )
    quiz_cooldown_minutes = models.PositiveIntegerField(_("minutes between attempts"), default=0)
    quiz_draw_count = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        default=0,
        help_text=_("Draw this many questions at random from the bank; 0 asks them all."),
    )
    quiz_shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    quiz_time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), default=0, help_text=_("0 means no time limit.")
    )
    quiz_answers_shown = models.CharField(
        _("show correct answers"),
        max_length=20,
        choices=QuizAnswersShown.choices,
        default=QuizAnswersShown.AFTER_EACH_ATTEMPT,
    )
    keywords = keywords_field(related_name="module_pages")

    schema_type = "LearningResource"
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        *ContentPage.intro_panels,
        MultiFieldPanel(
            [
                FieldPanel("video_file"),
                FieldPanel("video_url"),
                FieldPanel("duration_seconds"),
                FieldPanel("is_required"),
            ],
            heading=_("Recording"),
        ),
        InlinePanel("captions", label=_("Captions")),
        InlinePanel("chapters", label=_("Chapters")),
        FieldPanel("speakers"),
        FieldPanel("slides"),
        FieldPanel("resources"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("quiz_pass_mark"), FieldPanel("quiz_max_attempts")]),
                FieldRowPanel(
                    [FieldPanel("quiz_cooldown_minutes"), FieldPanel("quiz_time_limit_minutes")]
                ),
                FieldRowPanel([FieldPanel("quiz_draw_count"), FieldPanel("quiz_shuffle_choices")]),
                # Help texts on panels, not fields: they explain the feedback rule of
                # courses.selectors.quizzes.quiz_feedback_shown without a migration.
                FieldPanel(
                    "quiz_answers_shown",
                    help_text=_(
                        "“Once the learner has passed” also holds back the feedback on choices "
                        "and the feedback when incorrect until the learner passes, because such "
                        "feedback often gives the answer away. A failed attempt then shows the "
                        "score, which questions were wrong and their “review this part” links."
                    ),
                ),
            ],
            heading=_("Quiz settings"),
        ),
        InlinePanel("questions", label=_("Quiz questions")),
        *ContentPage.classification_panels,
    ]
    search_fields = [
        *ContentPage.search_fields,
        index.SearchField("speakers"),
        index.RelatedFields("chapters", [index.SearchField("title")]),
    ]

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def get_context(self, request, *args, **kwargs):
        from ..selectors.learning import module_learning_state, module_next_step
        from ..selectors.transcripts import transcript_cues

        context = super().get_context(request, *args, **kwargs)
        state = module_learning_state(user=request.user, module=self)
        context["learning"] = state
        if state.enrolled and state.status.completed:
            context["next_step"] = module_next_step(
                user=request.user, module=state.status.canonical
            )
        context["course"] = state.course
        # The course in the language shown, for the link back to it.
        context["course_page"] = course_page = self.get_parent()
        context["course_url"] = course_page.get_url(request)
        context["chapters"] = list(self.chapters.all())
        context["video_src"] = self.video_src
        context["tracks"] = self._player_tracks(request)
        cues = transcript_cues(module=self, language=self.locale.language_code)
        if not cues and state.status.canonical.pk != self.pk:
            # A translation without captions of its own shows the original recording's.
            cues = transcript_cues(
                module=state.status.canonical, language=self.locale.language_code
            )
        context["cues"] = cues
        # ?t=<seconds> (links from the transcript, chapters and search) starts playback there;
        # otherwise the player resumes where the learner stopped.
        start = request.GET.get("t", "")
        context["start_seconds"] = int(start) if start.isdigit() and len(start) < 7 else None
        return context

    def _player_tracks(self, request) -> list[dict]:
        """One ``<track>`` per captions language (served as WebVTT whatever was uploaded); the
        reader's language is the default."""
        from django.utils.translation import get_language

        tracks = [
            {
                "src": self.captions_src(captions.language),
                "language": captions.language,
                "label": captions.get_language_display(),
            }
            for captions in self.captions.all()
        ]
        if tracks:
            current = get_language()
            default = next((t for t in tracks if t["language"] == current), tracks[0])
            default["default"] = True
        return tracks

    @property
    def video_src(self) -> str:
        """The ``src`` for the player when the recording is an uploaded file: a range-aware URL
        (browsers need 206 Partial Content to seek); empty for a video hosted elsewhere."""
        if not self.video_file_id:
            return ""
        return reverse("courses:module_video", args=[self.pk])

    @property
    def video_mime_type(self) -> str:
        """The ``type`` of the player's ``<source>`` for an uploaded recording."""
        return self.video_file.content_type if self.video_file_id else ""

    def captions_src(self, language: str) -> str:
        """The ``src`` of a ``<track>``: the module's captions in a language as WebVTT, whether
        the editor uploaded WebVTT or SubRip (browsers only play WebVTT)."""
        return reverse("courses:module_captions", args=[self.pk, language])

    def get_url_at(self, seconds: float, request=None) -> str:
        """The module's URL starting playback at ``seconds`` (``?t=``), for transcript search
        results and "review this part" links."""
        url = self.get_url(request=request) or ""
        return f"{url}?t={max(0, int(seconds))}"


class ModuleChapter(TranslatableMixin, Orderable):
    """A named part of the recording; proposed from the captions, then edited by hand."""

    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="chapters")
    title = models.CharField(_("title"), max_length=255)
    start_seconds = models.PositiveIntegerField(_("starts at (seconds)"))

    panels = [FieldRowPanel([FieldPanel("title"), FieldPanel("start_seconds")])]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")


class ModuleCaptions(Orderable):
    """A captions file of the recording in one language (WebVTT or SubRip)."""

    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("captions file"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("WebVTT (.vtt) or SubRip (.srt)."),
    )

    panels = [FieldRowPanel([FieldPanel("language"), FieldPanel("file")])]

    class Meta(Orderable.Meta):
        verbose_name = _("captions")
        verbose_name_plural = _("captions")


class QuestionKind(models.TextChoices):
    SINGLE_CHOICE = "single", _("Single choice")
    MULTIPLE_CHOICE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    SHORT_ANSWER = "short_answer", _("Short answer")


class ScoringRule(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")
    PARTIAL_CREDIT = "partial", _("Partial credit")


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Choice"), max_length=500)
    is_correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.CharBlock(label=_("Feedback when chosen"), required=False, max_length=500)

    class Meta:
        icon = "tick"


class QuizQuestion(TranslatableMixin, Orderable):
    """A question in a module's question bank.

    Choices live in a StreamField so that each keeps a stable id across edits and translations:
    answers and item analysis refer to choices by that id.
    """

    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(
        _("kind"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.SINGLE_CHOICE
    )
    text = models.TextField(_("question"))
    choices = StreamField(
        [("choice", ChoiceBlock())],
        blank=True,
        verbose_name=_("choices"),
        help_text=_("For single and multiple choice questions."),
    )
    scoring = models.CharField(
        _("scoring of multiple choice"),
        max_length=20,
        choices=ScoringRule.choices,
        default=ScoringRule.ALL_OR_NOTHING,
    )
    true_false_answer = models.BooleanField(
        _("the statement is true"), default=True, help_text=_("For true or false questions.")
    )
    accepted_answers = models.TextField(
        _("accepted answers"),
        blank=True,
        help_text=_(
            "For short answer questions: one per line. Case, accents, punctuation and extra "
            "spaces are ignored when comparing."
        ),
    )
    feedback_correct = models.TextField(_("feedback when correct"), blank=True)
    feedback_incorrect = models.TextField(_("feedback when incorrect"), blank=True)
    review_at_seconds = models.PositiveIntegerField(
        _("review this part (seconds)"),
        null=True,
        blank=True,
        help_text=_("Where in the recording the answer is explained, e.g. a chapter's start."),
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("text"),
        FieldPanel(
            "choices",
            help_text=_(
                "For single and multiple choice questions. The feedback on a choice is shown to "
                "learners who picked it; if the module shows the correct answers only once "
                "passed, it waits for the pass too, so it may name the right answer."
            ),
        ),
        FieldPanel("scoring"),
        FieldPanel("true_false_answer"),
        FieldPanel("accepted_answers"),
        FieldPanel("feedback_correct"),
        FieldPanel(
            "feedback_incorrect",
            help_text=_(
                "If the module shows the correct answers only once passed, this waits for the "
                "pass too. To help learners before then, point them to the explanation with "
                "“review this part”."
            ),
        ),
        FieldPanel("review_at_seconds"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")

    def __str__(self) -> str:
        return self.text[:80]


class TranscriptCue(index.Indexed, models.Model):
    """One caption cue of a module's recording, stored so that transcripts are searchable.

    Rebuilt from the captions files by ``courses.services.transcripts`` whenever a module is
    published; never edited by hand.
    """

    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="cues")
    language = models.CharField(_("language"), max_length=10)
    position = models.PositiveIntegerField(_("position"))
    start_seconds = models.FloatField(_("start (seconds)"))
    end_seconds = models.FloatField(_("end (seconds)"))
    text = models.TextField(_("text"))

    search_fields = [
        index.SearchField("text"),
        index.FilterField("module"),
        index.FilterField("language"),
    ]

    class Meta:
        ordering = ["module", "language", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["module", "language", "position"], name="unique_cue_position"
            )
        ]
        verbose_name = _("transcript cue")
        verbose_name_plural = _("transcript cues")

    def __str__(self) -> str:
        return self.text[:80]

    def get_url(self, request=None) -> str:
        """The module's URL playing from this cue (``<module>?t=<seconds>``)."""
        return self.module.get_url_at(self.start_seconds, request=request)

    @property
    def url(self) -> str:
        return self.get_url()
