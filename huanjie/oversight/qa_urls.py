"""URLs of the policy Q&A (issue 14 req. 6), mounted at oversight/qa/."""

from django.urls import path

from huanjie.oversight import qa_views as views

app_name = "oversight_qa"

urlpatterns = [
    path("", views.questions, name="questions"),
    path("faq/", views.faq, name="faq"),
    path("question/<int:pk>/", views.question, name="question"),
    path("question/<int:pk>/answer/", views.answer, name="answer"),
    path("questions.xlsx", views.export, name="export"),  # req. 9
    path("answer-days/", views.answer_days, name="answer_days"),  # req. 9: the overdue filter's deadline
]
