import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "das.settings")
os.environ["DAS_SERVING"] = "1"  # the settings refuse to serve without SECRET_KEY
application = get_wsgi_application()
