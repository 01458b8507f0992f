"""Account pages in the scope matrix: the business roles never reach the 三员 pages."""

from django.urls import reverse

from jiguan.core.tests.test_scope_matrix import Endpoint

NOBODY = dict.fromkeys(("province_admin", "hangzhou", "xihu", "ningbo_reporter", "auditor",
                        "outsider"), 403)
EVERYONE = dict.fromkeys(NOBODY, 200)

SCOPE_MATRIX = [
    Endpoint("access:account", "GET", lambda c: reverse("access:account"), EVERYONE),
    Endpoint("access:user_list", "GET", lambda c: reverse("access:user_list"), NOBODY),
    Endpoint("access:user_detail", "GET",
             lambda c: reverse("access:user_detail", args=[c.xihu.pk]), NOBODY),
    Endpoint("access:user_create", "POST", lambda c: reverse("access:user_create"), NOBODY,
             data=lambda c: {"username": "x", "full_name": "x"}),
    Endpoint("access:lockouts", "GET", lambda c: reverse("access:lockouts"), NOBODY),
    Endpoint("access:unlock", "POST", lambda c: reverse("access:unlock"), NOBODY,
             data=lambda c: {"username": "xihu"}),
]
