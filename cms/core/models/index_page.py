from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from .base_page import BasePage


class IndexPage(RoutablePageMixin, BasePage):
    """A section's list of items, with filters, sorting, pagination and Atom/RSS feeds.

    A concrete index names the page type it lists (``listing_model``) and, optionally, the field
    its "type" filter uses (``category_field``: a choice field or a foreign key to a snippet).
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    listing_model: type | None = None
    category_field: str | None = None
    category_label = None
    items_per_page = 20

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        # Before any route (listing, feeds, calendar): old ?theme=<id> links move to the slug.
        from ..filter_links import legacy_filter_redirect

        redirect = legacy_filter_redirect(request=request) if request.method == "GET" else None
        return redirect or super().serve(request, *args, **kwargs)

    def get_template(self, request, *args, **kwargs):
        # A section may bring its own template; the shared one serves the others.
        return [super().get_template(request, *args, **kwargs), "core/index_page.html"]

    @path("")
    def listing(self, request):
        from ..forms import IndexFilterForm
        from ..selectors import index_page_of_items

        form = IndexFilterForm(request.GET or None, index=self)
        page_of_items = index_page_of_items(
            index=self, filters=form.filters(), page_number=request.GET.get("page")
        )
        return self.render(
            request,
            context_overrides={"filter_form": form, "page_of_items": page_of_items},
        )

    @path("feed/", name="atom_feed")
    def atom_feed(self, request):
        return self._feed(request, kind="atom")

    @path("rss/", name="rss_feed")
    def rss_feed(self, request):
        return self._feed(request, kind="rss")

    def _feed(self, request, *, kind):
        from ..feeds import feed_response
        from ..forms import IndexFilterForm
        from ..selectors import index_items

        form = IndexFilterForm(request.GET or None, index=self)
        if request.GET and not form.is_valid():
            raise Http404
        items = index_items(index=self, filters=form.filters())[: self.items_per_page]
        return feed_response(index=self, items=items, request=request, kind=kind)

    def category_choices(self) -> list[tuple[str, str]]:
        """The values of the "type" filter: the field's choices, or the snippet's terms."""
        if not self.category_field or self.listing_model is None:
            return []
        field = self.listing_model._meta.get_field(self.category_field)
        if isinstance(field, models.ForeignKey):
            from wagtail.models import Locale

            terms = field.related_model.objects.filter(locale=Locale.get_active())
            return [(str(term.pk), str(term)) for term in terms]
        return [(str(value), str(label)) for value, label in field.choices]
