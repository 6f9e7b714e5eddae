"""Email through Django's mail backend: a Chinese subject, plain text and a simple HTML part."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, make_msgid
from django.template.loader import render_to_string


def absolute_link(link):
    if link.startswith("/"):
        return settings.SITE_URL.rstrip("/") + link
    return link


def send(notification):
    """Send one notification by email; None when the person has no address (skipped)."""
    user = notification.recipient
    if not user.email:
        return None
    context = {
        "notification": notification,
        "user": user,
        "link": absolute_link(notification.link),
        "site_name": str(settings.MINYI_SITE_NAME),
    }
    subject = " ".join(render_to_string("notifications/email/subject.txt", context).split())
    text = render_to_string("notifications/email/body.txt", context)
    html = render_to_string("notifications/email/body.html", context)
    message_id = make_msgid(domain="minyi")
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email], headers={"Message-ID": message_id})
    message.attach_alternative(html, "text/html")
    message.send()
    return message_id
