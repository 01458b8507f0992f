"""Chinese labels of event types. Apps register theirs in AppConfig.ready() or at import."""

from __future__ import annotations

_LABELS: dict[str, str] = {
    "auth.login": "登录成功",
    "auth.login_failed": "登录失败",
    "auth.lockout": "账号锁定",
    "auth.logout": "退出登录",
    "auth.password_changed": "修改密码",
    "auth.session_expired": "会话超时",
    "access.denied": "越权访问被拒绝",
}


def register(labels: dict[str, str]) -> None:
    _LABELS.update(labels)


def label_for(event_type: str) -> str:
    return _LABELS.get(event_type, event_type)


def all_labels() -> dict[str, str]:
    return dict(sorted(_LABELS.items()))
