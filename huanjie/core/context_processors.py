"""Template context shared by every page (navigation by role)."""


def navigation(request):
    return {}
