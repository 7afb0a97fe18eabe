"""Each settings module loads on its own, and production refuses to start insecurely."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Configuration the developer's or CI's shell may set, removed so each test sees only its own.
CONFIG_VARIABLES = {
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "CACHE_URL",
    "EMAIL_URL",
    "SEARCH_BACKEND",
    "ELASTICSEARCH_URL",
    "TASKS_BACKEND",
}
PROBE = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
# Production settings need a shared cache; loading them and the deploy check do not connect to it.
SHARED_CACHE_URL = "redis://127.0.0.1:6379/0"


def run_with_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    environment.update(DJANGO_SETTINGS_MODULE=module, **env)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("module", "debug"),
    [("cms.settings.dev", "True"), ("cms.settings.test", "False"), ("cms.settings.base", "False")],
)
def test_settings_module_loads(module, debug):
    result = run_with_settings(module)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == debug


def test_production_settings_load_with_a_secret_key_and_a_shared_cache():
    result = run_with_settings(
        "cms.settings.production", SECRET_KEY="x" * 60, CACHE_URL=SHARED_CACHE_URL
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_with_settings("cms.settings.production", CACHE_URL=SHARED_CACHE_URL)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_settings_refuse_to_start_without_a_shared_cache():
    # Without one, a page purged (unpublished, made private) stays in the other workers' caches.
    result = run_with_settings("cms.settings.production", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Production needs a shared cache" in result.stderr
    assert "Set the CACHE_URL environment variable" in result.stderr


@pytest.mark.parametrize(
    "cache_url",
    ["locmemcache://heritage-hub", "dummycache://", "filecache:///tmp/heritage-hub", "dbcache://t"],
)
def test_production_settings_refuse_a_cache_the_app_servers_do_not_share(cache_url):
    result = run_with_settings("cms.settings.production", SECRET_KEY="x" * 60, CACHE_URL=cache_url)
    assert result.returncode != 0
    assert "which app servers do not share" in result.stderr
    assert "Set the CACHE_URL environment variable" in result.stderr


def test_deploy_check_is_clean_under_production_settings():
    environment = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    environment.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="a-long-random-looking-secret-key-for-the-deploy-check-0123456789",
        CACHE_URL=SHARED_CACHE_URL,
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def run_probe(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.base", SECRET_KEY="x" * 60, **env)
    setup = "import django; django.setup(); from django.conf import settings\n"
    return subprocess.run(
        [sys.executable, "-c", setup + code],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def redis_is_running() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def test_services_are_chosen_by_environment_variables():
    result = run_probe(
        "print(settings.TASKS['default']['BACKEND']);"
        "print(settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND']);"
        "print(settings.WAGTAILSEARCH_BACKENDS['default']['URLS']);"
        "print(settings.DATABASES['default']['ENGINE']);"
        "print(settings.EMAIL_BACKEND)",
        TASKS_BACKEND="database",
        SEARCH_BACKEND="elasticsearch",
        ELASTICSEARCH_URL="http://search.internal:9200",
        DATABASE_URL="postgres://hub@db.internal:5432/hub",
        EMAIL_URL="smtp://mail.internal:25",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:5] == [
        "django_tasks_db.DatabaseBackend",
        "search.es.Elasticsearch9SearchBackend",
        "['http://search.internal:9200']",
        "django.db.backends.postgresql",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


def test_safe_defaults_without_environment():
    result = run_probe(
        "print(settings.TASKS['default']['BACKEND']);"
        "print(settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND']);"
        "print(settings.DATABASES['default']['ENGINE']);"
        "print(settings.DEBUG, settings.ALLOWED_HOSTS)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:4] == [
        "django_tasks.backends.immediate.ImmediateBackend",
        "search.multilingual",
        "django.db.backends.sqlite3",
        "False ['localhost', '127.0.0.1']",
    ]


def test_rate_limit_and_lockout_checks_run_and_reject_a_per_process_cache():
    # base.py alone falls back to the in-process cache; only dev.py and test.py silence this.
    result = run_probe(
        "from django.core import checks; from django.test import override_settings;\n"
        "with override_settings(AXES_HANDLER='axes.handlers.cache.AxesCacheHandler'):\n"
        "    print(sorted(m.id for m in checks.run_checks()))"
    )
    assert result.returncode == 0, result.stderr
    assert "'django_ratelimit.E003'" in result.stdout
    assert "'axes.W001'" in result.stdout


@pytest.mark.skipif(not redis_is_running(), reason="no Redis server on 127.0.0.1:6379")
def test_redis_cache_from_cache_url_works_against_a_real_server():
    result = run_probe(
        "from django.core.cache import caches; cache = caches['default'];"
        "cache.set('heritage-hub-probe', 'shared', 30);"
        "print(type(cache).__module__, cache.get('heritage-hub-probe'));"
        "cache.delete('heritage-hub-probe')",
        CACHE_URL="redis://127.0.0.1:6379/15",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django_redis.cache shared"
