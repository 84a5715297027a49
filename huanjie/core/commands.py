"""Base class for command-line tools whose users read the error line: print only the Chinese
message (no "CommandError:" prefix, never a traceback) and exit with the command's return code."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError


class PlainErrorCommand(BaseCommand):
    def execute(self, *args: object, **options: object) -> str | None:
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if options.get("traceback") or not getattr(self, "_called_from_command_line", False):
                raise
            self.stderr.write(str(exc))
            sys.exit(exc.returncode)
