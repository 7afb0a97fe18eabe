"""The demo loader adds organisations (verified and not) and listings of every kind, once."""

import io

from cms.core import demo as core_demo
from partnerbourse import demo
from partnerbourse.models import Listing, ListingKind, ListingStatus, Organisation


def test_demo_has_every_kind_and_is_idempotent(board_site):
    core_demo.load(stdout=io.StringIO())

    demo.load(stdout=io.StringIO())
    counts = (Organisation.objects.count(), Listing.objects.count())
    demo.load(stdout=io.StringIO())

    assert (Organisation.objects.count(), Listing.objects.count()) == counts
    assert set(Listing.objects.values_list("kind", flat=True)) == set(ListingKind.values)
    assert Organisation.objects.filter(verified_at__isnull=True).exists()
    assert Organisation.objects.filter(verified_at__isnull=False).exists()
    assert Listing.objects.filter(status=ListingStatus.PENDING).exists()
    assert {"en", "da", "de"} <= set(Listing.objects.values_list("language", flat=True))
    assert Listing.objects.filter(themes__isnull=False).exists()


def test_demo_board_renders(client, board_site):
    core_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())

    response = client.get("/en/partners/")

    assert response.status_code == 200
    assert (
        response.context["page_obj"].paginator.count
        == Listing.objects.filter(status=ListingStatus.PUBLISHED).count()
    )
    for listing in Listing.objects.filter(status=ListingStatus.PUBLISHED):
        assert client.get(listing.get_absolute_url()).status_code == 200
