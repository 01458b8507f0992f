from django.apps import AppConfig


class TodoConfig(AppConfig):
    name = "jiguan.todo"
    label = "todo"
    verbose_name = "我的待办"

    def ready(self) -> None:
        from jiguan.audit.events import register
        from jiguan.core import nav
        from jiguan.todo.models import Task

        nav.register_counter("inbox", lambda user: Task.objects.inbox(user).count())
        register({"todo.task.created": "生成待办", "todo.task.done": "办结待办",
                  "todo.task.reopened": "重新打开待办"})
