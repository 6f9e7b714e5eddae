"""Where SMS numbers come from. Personal phones live in several apps (some encrypted), so apps
register resolvers: callables (user, kind) -> phone or None. The first non-empty answer wins."""

_resolvers = []


def register(resolver):
    if resolver not in _resolvers:
        _resolvers.append(resolver)
    return resolver


def unregister(resolver):
    if resolver in _resolvers:
        _resolvers.remove(resolver)


def user_phone(user, kind):
    return user.phone or None


def phone_for(user, kind):
    for resolver in reversed(_resolvers):  # apps registered later are more specific than the default
        phone = resolver(user, kind)
        if phone:
            return phone
    return None
