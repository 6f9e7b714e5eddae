from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from minyi.accounts.api import router as accounts_router
from minyi.figures.api import router as figures_router
from minyi.matters.api import assignments_router
from minyi.matters.api import router as matters_router
from minyi.opinions.api import router as opinions_router
from minyi.suggestions.api import router as suggestions_router
from minyi.workdays.api import router as workdays_router

from . import errors
from .auth import session_or_token

api = NinjaAPI(
    title="Minyi API",
    version="1",
    description=str(_("Minyi's JSON API. Browsers use their session; systems send `Authorization: Bearer <token>`.")),
    auth=session_or_token,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/accounts/", accounts_router)
api.add_router("/workdays/", workdays_router)
api.add_router("/matters", matters_router)
api.add_router("/assignments", assignments_router)
api.add_router("/opinions", opinions_router)
api.add_router("/suggestions", suggestions_router)
api.add_router("/figures", figures_router)
