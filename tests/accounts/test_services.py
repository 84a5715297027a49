import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from huanjie.accounts import services
from huanjie.accounts.models import User

pytestmark = pytest.mark.django_db


def test_role_assign_checks_level_and_separation(cast):
    u = User.objects.create_user("new_user", password="x")
    with pytest.raises(PermissionDenied):
        services.role_assign(
            actor=cast["sysadmin"], user=u, role="town_operator", org_unit=cast.town, reason="r"
        )
    with pytest.raises(ValidationError, match="乡镇"):
        services.role_assign(
            actor=cast["secadmin"], user=u, role="town_operator", org_unit=cast.county, reason="r"
        )
    services.role_assign(
        actor=cast["secadmin"], user=u, role="town_operator", org_unit=cast.town, reason="任命"
    )
    with pytest.raises(ValidationError, match="管理员账号只能担任一个角色"):
        services.role_assign(actor=cast["secadmin"], user=u, role="auditadmin", org_unit=None, reason="r")
    with pytest.raises(ValidationError, match="部门"):
        services.role_assign(
            actor=cast["secadmin"],
            user=User.objects.create_user("v2", password="x"),
            role="vetting",
            org_unit=cast.county,
            reason="r",
        )
