from django.urls import URLPattern, path

from jiguan.energy.reports import views
from jiguan.energy.subnav import Tab

urlpatterns: list[URLPattern] = [
    path("yearly-report/", views.yearly_report, name="yearly_report"),
    path("yearly-report/download/", views.yearly_report_download,
         name="yearly_report_download"),
    path("yearly-report/generate/", views.yearly_report_generate,
         name="yearly_report_generate"),
    path("yearly-report/jobs/<str:token>/", views.yearly_report_job,
         name="yearly_report_job"),
    path("yearly-report/jobs/<str:token>/file/", views.yearly_report_file,
         name="yearly_report_file"),
]

SUBNAV = [Tab("年度统计报表", "yearly_report", order=80,
              match=("yearly_report_download", "yearly_report_generate", "yearly_report_job"))]
