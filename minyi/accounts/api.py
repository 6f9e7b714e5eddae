from ninja import Router, Schema


router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    label: str
    congress: str | None = None
    unit: str | None = None
    representative: str | None = None


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="The signed-in user and their roles")
def me(request):
    user = request.auth
    grants = user.role_grants.select_related("congress", "unit", "representative")
    return {
        "username": user.username,
        "full_name": user.full_name,
        "roles": [
            {
                "role": g.role,
                "label": str(g.get_role_display()),
                "congress": str(g.congress) if g.congress else None,
                "unit": str(g.unit) if g.unit else None,
                "representative": str(g.representative) if g.representative else None,
            }
            for g in grants
        ],
    }
