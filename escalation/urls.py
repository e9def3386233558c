"""URLs of the escalation app."""

from django.urls import path

from escalation.views import letters, levels, register, risk, sanctions

app_name = "escalation"

urlpatterns = [
    path("services/<int:pk>/risk/", risk.ServiceRiskView.as_view(), name="service-risk"),
    path("services/<int:pk>/level/", levels.ServiceLevelView.as_view(), name="service-level"),
    path(
        "services/<int:pk>/level/propose/",
        levels.LevelProposeView.as_view(),
        name="level-propose",
    ),
    path("level-changes/<int:pk>/decide/", levels.LevelDecideView.as_view(), name="level-decide"),
    path(
        "level-changes/<int:pk>/withdraw/",
        levels.LevelWithdrawView.as_view(),
        name="level-withdraw",
    ),
    path(
        "services/<int:pk>/placement-rating/",
        levels.RatingOverrideView.as_view(),
        name="rating-override",
    ),
    path(
        "services/<int:pk>/placement-rating/remove/",
        levels.RatingOverrideRemoveView.as_view(),
        name="rating-override-remove",
    ),
    path(
        "services/<int:pk>/sanctions/add/",
        sanctions.SanctionCreateView.as_view(),
        name="sanction-add",
    ),
    path("sanctions/<int:pk>/lift/", sanctions.SanctionEndView.as_view(), name="sanction-end"),
    path("briefing-tasks/<int:pk>/done/", levels.TaskCompleteView.as_view(), name="task-complete"),
    path("decisions/", levels.DecisionsView.as_view(), name="decisions"),
    # Letters to providers.
    path(
        "services/<int:pk>/letters/",
        letters.ServiceLettersView.as_view(),
        name="service-letters",
    ),
    path(
        "services/<int:pk>/letters/draft/",
        letters.LetterDraftView.as_view(),
        name="letter-draft",
    ),
    path("letters/<int:pk>/", letters.LetterPreviewView.as_view(), name="letter-preview"),
    path("letters/<int:pk>/edit/", letters.LetterEditView.as_view(), name="letter-edit"),
    path("letters/<int:pk>/issue/", letters.LetterIssueView.as_view(), name="letter-issue"),
    path(
        "letters/<int:pk>/discard/",
        letters.LetterDiscardView.as_view(),
        name="letter-discard",
    ),
    path("letters/<int:pk>/pdf/", letters.LetterPdfView.as_view(), name="letter-pdf"),
    # The risk register (issue 5).
    path("register/", register.RegisterView.as_view(), name="register"),
    path("register/export/", register.RegisterExportView.as_view(), name="register-export"),
]
