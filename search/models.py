"""Models of this app arrive with its issue; the app exists so that URLs and settings are stable."""
