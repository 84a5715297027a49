"""`huanjie stats_structure [--campaign PK]`: rebuild the per-village structure summary (issue 15
req. 8) of every campaign (or one), e.g. after the demo build or a bulk load that bypassed the
signals. Pages build a campaign's summary on first read anyway; this does it ahead of time."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huanjie.planning.models import Campaign
from huanjie.stats import structure_services


class Command(BaseCommand):
    help = "重建班子结构汇总（每个村、社区一行，按换届工作）；批量导入或生成演示数据后运行。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", type=int, help="只重建该换届工作（编号）")

    def handle(self, *args: Any, campaign: int | None, **options: Any) -> None:
        qs = Campaign.objects.select_related("city").order_by("pk")
        if campaign is not None:
            qs = qs.filter(pk=campaign)
            if not qs.exists():
                raise CommandError(f"没有编号为 {campaign} 的换届工作")
        for c in qs:
            started = time.monotonic()
            n = structure_services.rebuild(c)
            self.stdout.write(
                f"{c.name}：已重建 {n} 个村（社区）的班子结构汇总（用时 {time.monotonic() - started:.1f} 秒）"
            )
