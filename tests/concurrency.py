"""Many requests at once, as a class or a crowd of searchers would send them.

SQLite's in-memory test database locks tables its own way, so on SQLite the threads open a file:
the test database copied with ``VACUUM INTO``, with the options a ``sqlite:///`` DATABASE_URL
gets. On PostgreSQL they connect to the test database itself (the tests commit their set-up).
"""

import threading

from django.db import connection, connections

import environ

from cms.settings.base import sqlite_for_concurrent_writes


def threads_use_a_file_database(tmp_path, monkeypatch):
    """Threads started from now on open the set-up copied to a file; returns its path."""
    path = tmp_path / "hub.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])
    configured = sqlite_for_concurrent_writes(environ.Env.db_url_config(f"sqlite:///{path}"))
    # Each thread connects anew from these settings; this thread keeps the test database.
    monkeypatch.setitem(
        connections.settings, "default", {**connections.settings["default"], **configured}
    )
    return path


def all_at_once(work, clients) -> tuple[list, list]:
    """Run ``work(client)`` for every client in threads released together: (results, errors)."""
    barrier = threading.Barrier(len(clients))
    results, errors, lock = [], [], threading.Lock()

    def one(client):
        try:
            barrier.wait()
            result = work(client)
            with lock:
                results.append(result)
        except Exception as error:  # collected for the assertion
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
