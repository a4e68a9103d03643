import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc_workforce.web.settings.base")
application = get_wsgi_application()

from csc_workforce.core import charts  # noqa: E402

charts.warm()  # matplotlib's import and first drawing as the server starts, not in a request
