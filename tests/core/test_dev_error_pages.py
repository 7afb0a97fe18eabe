"""The development server shows Django's technical pages for real errors; the site's own 404 and
500 pages stay reachable there at /<lang>/404/ and /<lang>/500/ (only while DEBUG is on)."""

import importlib

from django.urls import clear_url_caches

import pytest

import cms.urls


@pytest.fixture
def development_urls(settings):
    settings.DEBUG = True
    importlib.reload(cms.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(cms.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_the_development_server_previews_the_sites_own_404_page(development_urls, client):
    response = client.get("/de/404/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="de"' in html
    assert "site-header" in html  # the site's page, not Django's technical one


@pytest.mark.django_db
def test_the_development_server_previews_the_sites_own_500_page(development_urls, client):
    response = client.get("/en/500/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


@pytest.mark.django_db
def test_the_previews_are_not_routed_in_production(client):
    response = client.get("/en/500/")

    assert response.status_code == 404
