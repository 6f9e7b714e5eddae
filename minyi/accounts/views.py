import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_ratelimit.core import is_ratelimited
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import policy
from .access import actor_for
from .forms import LoginForm, OtpForm, PasswordChangeForm
from .homes import landing_url

PENDING_USER = "minyi_pending_user"
PENDING_BACKEND = "minyi_pending_backend"
PENDING_NEXT = "minyi_pending_next"


def _safe_next(request, value):
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return value
    return ""


@sensitive_post_parameters("password")
def login(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request, request.GET.get("next")) or landing_url(actor_for(request.user)))
    form = LoginForm(request.POST or None)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST" and _too_many_from_this_address(request):
        form.is_valid()
        form.add_error(None, _("Too many sign-in attempts from your network. Wait a few minutes and try again."))
        return render(request, "accounts/login.html", {"form": form, "next": next_url}, status=429)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        if user is None:
            form.add_error(None, _("The username or password is not correct."))
        elif policy.has_totp(user):
            request.session[PENDING_USER] = user.pk
            request.session[PENDING_BACKEND] = user.backend
            request.session[PENDING_NEXT] = next_url
            return redirect("accounts:login_verify")
        else:
            auth_login(request, user)
            return redirect(next_url or landing_url(actor_for(user)))
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def _too_many_from_this_address(request):
    """Per-address brake on sign-in attempts. Account lockout (django-axes) stops guessing one
    account's password; this stops one address from trying many accounts."""
    return is_ratelimited(request, group="login", key="ip", rate=settings.LOGIN_RATE_PER_ADDRESS, method="POST", increment=True)


def login_verify(request):
    user_id = request.session.get(PENDING_USER)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        return redirect("accounts:login")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _verified_device(user, form.cleaned_data["code"])
        if device is None:
            form.add_error("code", _("That code is not valid or has expired. Wait for the next code and try again."))
        else:
            user.backend = request.session.get(PENDING_BACKEND)
            next_url = request.session.get(PENDING_NEXT, "")
            auth_login(request, user)  # rotates the session, which drops the pending keys
            otp_login(request, device)
            return redirect(next_url or landing_url(actor_for(user)))
    return render(request, "accounts/login_verify.html", {"form": form, "pending_user": user})


def _verified_device(user, code):
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def locked_out(request, credentials=None, *args, **kwargs):
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    form = LoginForm(request.POST or None)
    form.is_valid()
    form.add_error(
        None,
        _("Too many failed attempts. This account is locked for %(minutes)d minutes; try again later or ask an administrator.")
        % {"minutes": minutes},
    )
    return render(request, "accounts/login.html", {"form": form, "locked": True}, status=403)


@require_POST
def logout(request):
    auth_logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("public:home")


@login_required
def home(request):
    return redirect(landing_url(actor_for(request.user)))


@login_required
@sensitive_post_parameters()
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect(_safe_next(request, request.GET.get("next")) or landing_url(actor_for(user)))
    expired = policy.password_expired(request.user)
    return render(request, "accounts/password_change.html", {"form": form, "expired": expired})


@login_required
def security(request):
    devices = TOTPDevice.objects.filter(user=request.user, confirmed=True)
    return render(request, "accounts/security.html", {"devices": devices, "required": policy.totp_required(request.user)})


@login_required
def totp_setup(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=_("Authenticator app"), confirmed=False)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on. From now on you will be asked for a code after your password."))
            return redirect("accounts:security")
        form.add_error("code", _("That code is not valid. Check the time on your phone and enter the newest code."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1f2d3d")
    return render(
        request,
        "accounts/totp_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": _base32_secret(device), "required": policy.totp_required(request.user)},
    )


def _base32_secret(device):
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


@login_required
@require_POST
def totp_remove(request):
    if policy.totp_required(request.user):
        messages.error(request, _("Two-factor sign-in is required for your role and cannot be turned off."))
        return redirect("accounts:security")
    TOTPDevice.objects.filter(user=request.user).delete()
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:security")
