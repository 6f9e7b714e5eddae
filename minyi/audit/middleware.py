from . import context


class RequestContextMiddleware:
    """Makes the signed-in user and client address available to audit entries written during
    the request. Sits after authentication and OTP so `request.user` is final."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.set_for_request(request)
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
