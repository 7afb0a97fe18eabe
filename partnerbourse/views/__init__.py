"""Views of the partner board: ``board`` (public pages and feeds), ``member`` (the member area
under ``my/``). Views are thin: forms validate, services write, selectors read."""
