"""Every non-trivial read of the partner board, one module per area.

``organisations`` (memberships and who may do what), ``listings`` (the public board, its filters,
a member's listings and the moderation queue).
"""
