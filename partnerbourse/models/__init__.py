"""Partner board: organisations, their listings, responses to them and saved searches."""

from .choices import (
    COUNTRIES,
    COUNTRY_NAMES,
    LANGUAGE_NAMES,
    LANGUAGES,
    OrganisationSize,
    OrganisationType,
    Programme,
)
from .join_requests import JoinRequest, JoinRequestStatus
from .listings import (
    EXPIRING_STATUSES,
    PUBLIC_STATUSES,
    Listing,
    ListingAction,
    ListingFacet,
    ListingKind,
    ListingReport,
    ListingStatus,
    ListingStatusChange,
    ReportReason,
    RoleSought,
    visible_q,
)
from .moderation import ModerationNotice
from .organisations import (
    MembershipRole,
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    VerificationEvidence,
)
from .responses import ListingResponse, ResponseMessage, ResponseStatus
from .searches import DigestFrequency, SavedSearch, SavedSearchDelivery

__all__ = [
    "COUNTRIES",
    "COUNTRY_NAMES",
    "EXPIRING_STATUSES",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "PUBLIC_STATUSES",
    "DigestFrequency",
    "JoinRequest",
    "JoinRequestStatus",
    "Listing",
    "ListingAction",
    "ListingFacet",
    "ListingKind",
    "ListingReport",
    "ListingResponse",
    "ListingStatus",
    "ListingStatusChange",
    "MembershipRole",
    "ModerationNotice",
    "Organisation",
    "OrganisationInvitation",
    "OrganisationMembership",
    "OrganisationSize",
    "OrganisationType",
    "Programme",
    "ReportReason",
    "ResponseMessage",
    "ResponseStatus",
    "RoleSought",
    "SavedSearch",
    "SavedSearchDelivery",
    "VerificationEvidence",
    "visible_q",
]
