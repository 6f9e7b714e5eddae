from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "minyi.demo"
    verbose_name = "Demo data"
