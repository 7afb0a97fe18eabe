"""Unhandled errors: a database outage answers 503 with Retry-After, anything else 500; both
pages render without the database."""

from django.db import OperationalError
from django.test import Client
from django.urls import get_resolver, path

import pytest

from cms.core.errors import server_error


def database_down(request):
    raise OperationalError("connection to server failed: Connection refused")


def broken(request):
    raise ValueError("a bug")


urlpatterns = [path("down/", database_down), path("broken/", broken)]
handler500 = "cms.core.errors.server_error"


@pytest.fixture
def client(settings):
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


def test_the_site_uses_the_error_handler(settings):
    assert get_resolver(settings.ROOT_URLCONF).resolve_error_handler(500) is server_error


# No test here may touch the database (no db fixture): the pages must render while it is down.


def test_a_database_outage_answers_503_asking_to_retry(client):
    response = client.get("/down/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "The site is briefly unavailable" in html
    assert "send it again in a moment" in html


def test_other_errors_answer_500(client):
    response = client.get("/broken/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong" in response.content.decode()
