from django.urls import path

from .views import evaluation

# The annual duty list, the evaluation and its statistics; minyi/duty/urls.py gives them the app_name "duty".
urlpatterns = [
    path("desk/duty/lists/", evaluation.duty_lists, name="duty_lists"),
    path("desk/duty/lists/<int:congress>/<int:year>/", evaluation.duty_list_detail, name="duty_list"),
    path("desk/duty/lists/<int:congress>/<int:year>/edit/", evaluation.duty_list_edit, name="duty_list_edit"),
    path("desk/duty/evaluation/", evaluation.evaluation_index, name="evaluation"),
    path("desk/duty/evaluation/<int:congress>/points/", evaluation.evaluation_points, name="evaluation_points"),
    path("desk/duty/evaluation/<int:congress>/<int:year>/", evaluation.evaluation_list, name="evaluation_list"),
    path("desk/duty/evaluation/<int:congress>/<int:year>/statistics.xlsx", evaluation.evaluation_export, name="evaluation_export"),
    path("desk/duty/evaluation/<int:congress>/<int:year>/<int:representative>/", evaluation.evaluation_detail, name="evaluation_detail"),
    path("rep/duty/progress/", evaluation.rep_progress, name="rep_progress"),
]
