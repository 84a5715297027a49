"""The JSON layer of the command-line tools ``huanjie tally``, ``huanjie schedule`` and
``huanjie idcheck``: decoded JSON (or command arguments) in, JSON-ready dicts out.

The law lives in :mod:`huanjie.rules`, which takes typed inputs and returns typed outputs; these
modules only validate documents into those inputs and turn the outputs into the documented JSON
(docs/tally-format.md). They import no Django, so benchmarks and tests can call them directly; the
management commands in ``huanjie/elections/management/commands`` are thin wrappers that read files.
"""
