from django.http import HttpRequest
from ninja import Router, Schema

from huanjie.core.api_auth import api_requires
from huanjie.core.scoping import get_scoped_or_404
from tests.plugin_app.apps import NoteCap
from tests.plugin_app.models import Note

router = Router(tags=["工作笔记（测试插件）"])


class NoteOut(Schema):
    id: int
    title: str


@router.get("/notes/{note_pk}", response=NoteOut, summary="笔记详情")
@api_requires(NoteCap.VIEW)
def note_detail(request: HttpRequest, note_pk: int) -> Note:
    return get_scoped_or_404(Note.objects, request.auth, pk=note_pk)  # type: ignore[attr-defined]
