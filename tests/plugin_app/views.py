from django.shortcuts import render

from huanjie.core.permissions import requires
from huanjie.core.scoping import get_scoped_or_404
from tests.plugin_app.apps import NoteCap
from tests.plugin_app.models import Note


@requires(NoteCap.VIEW)
def notes(request):
    rows = Note.objects.visible_to(request.user).order_by("pk")
    return render(request, "plugin_app/notes.html", {"notes": rows})


@requires(NoteCap.VIEW)
def note(request, pk):
    obj = get_scoped_or_404(Note.objects, request.user, pk=pk)
    return render(request, "plugin_app/notes.html", {"notes": [obj]})
