"""URLs of the escalation app."""

from django.urls import path

from escalation import views

app_name = "escalation"

urlpatterns = [
    path("services/<int:pk>/risk/", views.ServiceRiskView.as_view(), name="service-risk"),
    path("services/<int:pk>/level/", views.ServiceLevelView.as_view(), name="service-level"),
    path(
        "services/<int:pk>/level/propose/",
        views.LevelProposeView.as_view(),
        name="level-propose",
    ),
    path("level-changes/<int:pk>/decide/", views.LevelDecideView.as_view(), name="level-decide"),
    path(
        "level-changes/<int:pk>/withdraw/",
        views.LevelWithdrawView.as_view(),
        name="level-withdraw",
    ),
    path(
        "services/<int:pk>/placement-rating/",
        views.RatingOverrideView.as_view(),
        name="rating-override",
    ),
    path(
        "services/<int:pk>/placement-rating/remove/",
        views.RatingOverrideRemoveView.as_view(),
        name="rating-override-remove",
    ),
    path(
        "services/<int:pk>/sanctions/add/",
        views.SanctionCreateView.as_view(),
        name="sanction-add",
    ),
    path("sanctions/<int:pk>/lift/", views.SanctionEndView.as_view(), name="sanction-end"),
    path("briefing-tasks/<int:pk>/done/", views.TaskCompleteView.as_view(), name="task-complete"),
    path("decisions/", views.DecisionsView.as_view(), name="decisions"),
]

# Letters to providers (escalation/views_letters.py).
from escalation import views_letters  # noqa: E402

urlpatterns += [
    path(
        "services/<int:pk>/letters/",
        views_letters.ServiceLettersView.as_view(),
        name="service-letters",
    ),
    path(
        "services/<int:pk>/letters/draft/",
        views_letters.LetterDraftView.as_view(),
        name="letter-draft",
    ),
    path("letters/<int:pk>/", views_letters.LetterPreviewView.as_view(), name="letter-preview"),
    path("letters/<int:pk>/edit/", views_letters.LetterEditView.as_view(), name="letter-edit"),
    path("letters/<int:pk>/issue/", views_letters.LetterIssueView.as_view(), name="letter-issue"),
    path(
        "letters/<int:pk>/discard/",
        views_letters.LetterDiscardView.as_view(),
        name="letter-discard",
    ),
    path("letters/<int:pk>/pdf/", views_letters.LetterPdfView.as_view(), name="letter-pdf"),
]

from escalation import views_register  # noqa: E402 - the register's own module (issue 5)

urlpatterns += [
    path("register/", views_register.RegisterView.as_view(), name="register"),
    path("register/export/", views_register.RegisterExportView.as_view(), name="register-export"),
]
