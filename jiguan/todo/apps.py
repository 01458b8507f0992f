from django.apps import AppConfig


class TodoConfig(AppConfig):
    name = "jiguan.todo"
    label = "todo"
    verbose_name = "我的待办"

    def ready(self) -> None:
        from jiguan.access.roles import Perm
        from jiguan.audit.events import register
        from jiguan.core.web import nav
        from jiguan.todo.models import Task

        nav.register_counter("inbox", lambda user: Task.objects.inbox(user).count())
        nav.register_figure(nav.Figure("我的待办", Perm.VIEW_TASKS,
                                       lambda user: Task.objects.inbox(user).count(),
                                       "todo:inbox", order=10))
        nav.register_figure(nav.Figure("已逾期待办", Perm.VIEW_TASKS,
                                       lambda user: Task.objects.inbox(user).overdue().count(),
                                       "todo:inbox", order=11, alarm=True))
        register({"todo.task.created": "生成待办", "todo.task.done": "办结待办",
                  "todo.task.reopened": "重新打开待办"})
