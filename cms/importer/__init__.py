"""Lossless import of static-CMS hubs (markdown files with YAML front matter) into Wagtail pages."""
