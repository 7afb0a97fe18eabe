"""Search and reference indexes of imported pages: once per run, in bulk, not on every save.

Importing a page saves it three times (add, revision, publish), and each save would update the
search index (on SQLite the database backend also recomputes every entry's title norm) and the
reference index. That was half of an import's run time. During a run the updates are switched
off for the mapped page types, and ``pages_index_update`` indexes the pages written, one bulk
call per page type, in one transaction.
"""

from collections import defaultdict
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save

from wagtail.models import Page, ReferenceIndex
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.core.search_indexing import search_index_add_bulk


@contextmanager
def page_indexes_deferred(*, page_models):
    """Saves of these page types update neither index meanwhile: the run indexes at its end."""
    disconnected = [
        model
        for model in set(page_models)
        if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


def pages_index_update(*, page_ids) -> None:
    """Index these pages in every auto-updated search backend and in the reference index."""
    ids_by_model = defaultdict(list)
    for page_id, type_id in Page.objects.filter(pk__in=list(page_ids)).values_list(
        "pk", "content_type_id"
    ):
        ids_by_model[ContentType.objects.get_for_id(type_id).model_class()].append(page_id)
    with transaction.atomic():
        for model, ids in ids_by_model.items():
            pages = list(model.get_indexed_objects().filter(pk__in=ids))
            search_index_add_bulk(model=model, objects=pages)
            if ReferenceIndex.is_indexed(model):
                for page in model.objects.filter(pk__in=ids):
                    ReferenceIndex.create_or_update_for_object(page)
