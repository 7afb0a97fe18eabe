"""The site's answer to an unhandled error (``handler500`` in ``cms.urls``).

A database that is restarting or failing over is a temporary condition, not a fault in the
request: such errors answer 503 with ``Retry-After``, so load balancers and clients retry, and
the page asks the visitor to check whether a form arrived and, if not, to send it again in a
moment. Every other error is a 500. Both pages are rendered without context processors or
database queries, since the database may be what failed.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
