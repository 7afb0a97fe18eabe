"""Every write of the partner board, as keyword-only functions named ``<entity>_<action>``.

One module per area: ``organisations`` (profiles, members, invitations, verification),
``listings`` (posting and the owner's actions), ``moderation`` (the moderators' decisions),
``expiry`` (the daily expiry and reminders) and ``mail`` (the board's e-mail). Views, admin views
and tasks import from the module itself.
"""
