"""Partner board URLs, under the language prefix: ``/<lang>/partners/``."""

from django.urls import path

from .views import (
    board,
    directory,
    matching,
    member,
    responses,
    saved_searches,
)

app_name = "partnerbourse"
urlpatterns = [
    *[  # Responding, matching and saved searches.
        path("listings/<int:pk>/respond/", responses.express_interest, name="express_interest"),
        path("listings/<int:pk>/report/", responses.listing_report, name="listing_report"),
        path("my/responses/", responses.responses_dashboard, name="responses_dashboard"),
        path("my/responses/<int:pk>/", responses.response_detail, name="response_detail"),
        path("my/responses/<int:pk>/reply/", responses.response_reply, name="response_reply"),
        path(
            "my/responses/<int:pk>/shortlist/",
            responses.response_shortlist,
            name="response_shortlist",
        ),
        path("my/responses/<int:pk>/decline/", responses.response_decline, name="response_decline"),
        path("my/responses/<int:pk>/reveal/", responses.response_reveal, name="response_reveal"),
        path("my/suggestions/", matching.suggestions, name="suggestions"),
        path("my/searches/", saved_searches.saved_searches, name="saved_searches"),
        path("my/searches/new/", saved_searches.saved_search_create, name="saved_search_create"),
        path(
            "my/searches/<int:pk>/frequency/",
            saved_searches.saved_search_frequency,
            name="saved_search_frequency",
        ),
        path(
            "my/searches/<int:pk>/delete/",
            saved_searches.saved_search_delete,
            name="saved_search_delete",
        ),
        path(
            "searches/unsubscribe/<str:token>/",
            saved_searches.saved_search_unsubscribe,
            name="saved_search_unsubscribe",
        ),
        path(
            "searches/unsubscribe/<str:token>/one-click/",
            saved_searches.saved_search_unsubscribe_one_click,
            name="saved_search_unsubscribe_one_click",
        ),
    ],
    path("", board.board, name="board"),
    path("feed/<str:kind>/", board.board_feed, name="board_feed"),
    path("listings/<int:pk>/", board.listing_detail, name="listing_detail_short"),
    path("listings/<int:pk>/<slug:slug>/", board.listing_detail, name="listing_detail"),
    path("organisations/", directory.organisation_directory, name="organisation_directory"),
    path("organisations/<slug:slug>/", board.organisation_detail, name="organisation_detail"),
    path("organisations/<slug:slug>/join/", directory.organisation_join, name="organisation_join"),
    path("invitations/<str:token>/", member.invitation_accept, name="invitation_accept"),
    # The member area.
    path("my/", member.dashboard, name="dashboard"),
    path("my/organisations/new/", member.organisation_create, name="organisation_create"),
    path("my/organisations/<int:pk>/edit/", member.organisation_edit, name="organisation_edit"),
    path(
        "my/organisations/<int:pk>/members/",
        member.organisation_members,
        name="organisation_members",
    ),
    path(
        "my/organisations/<int:pk>/members/<int:membership_pk>/remove/",
        member.member_remove,
        name="member_remove",
    ),
    path(
        "my/organisations/<int:pk>/members/<int:membership_pk>/role/",
        member.member_role,
        name="member_role",
    ),
    path("my/organisations/<int:pk>/close/", member.organisation_close, name="organisation_close"),
    path(
        "my/organisations/<int:organisation_pk>/listings/new/",
        member.listing_create,
        name="listing_create",
    ),
    path("my/listings/<int:pk>/", member.my_listing, name="my_listing"),
    path("my/listings/<int:pk>/edit/", member.listing_edit, name="listing_edit"),
    path("my/listings/<int:pk>/extend/", member.listing_extend, name="listing_extend"),
    path("my/listings/<int:pk>/<slug:action>/", member.listing_action, name="listing_action"),
]
