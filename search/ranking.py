"""What the database backends share once they have ranked index entries: the objects."""


def objects_in_rank_order(queryset, scores: dict, start: int, stop: int | None) -> list:
    """``(object, score)`` for the slice ``start:stop`` of ``scores`` (primary key -> score, best
    first), keeping only the objects ``queryset`` allows (live, public, its own filters).

    The queryset's filters apply to the ranked keys, instead of joining every object of the
    queryset to its index entry on a text cast (which the planners cannot estimate).
    """
    allowed = set(queryset.filter(pk__in=list(scores)).values_list("pk", flat=True))
    wanted = [pk for pk in scores if pk in allowed][start:stop]
    objects = queryset.filter(pk__in=wanted).in_bulk()
    return [(objects[pk], scores[pk]) for pk in wanted if pk in objects]
