"""`huanjie screen [--campaign PK] [--on YYYY-MM-DD]`: screen every candidate of a campaign and store
each one's effect (issue 11 req. 3 and 13: the whole province under 60 s)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huanjie.planning.models import Campaign
from huanjie.vetting import screening
from huanjie.vetting.choices import ScreeningEffect


class Command(BaseCommand):
    help = (
        "审查一次换届的全部人选（负面清单、法定情形、市级指导意见、考察与核查发现），保存每名人选的审查结论。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--campaign", type=int, default=None, help="换届编号（默认：唯一一次已发布的换届）"
        )
        parser.add_argument("--on", type=dt.date.fromisoformat, default=None, help="审查日期（默认今天）")
        parser.add_argument("--chunk", type=int, default=4000, help="每批审查的人选数")

    def handle(
        self, *args: Any, campaign: int | None, on: dt.date | None, chunk: int, **options: Any
    ) -> None:
        if campaign is None:
            published = list(Campaign.objects.filter(state="published").order_by("pk")[:2])
            if len(published) != 1:
                raise CommandError("请用 --campaign 指定换届编号（已发布的换届不止一次或没有）")
            target = published[0]
        else:
            found = Campaign.objects.filter(pk=campaign).first()
            if found is None:
                raise CommandError(f"没有编号为 {campaign} 的换届")
            target = found
        if chunk < 1:
            raise CommandError("--chunk 须为正整数")
        day = on or screening.today()
        t0 = time.perf_counter()
        counts = screening.screen_campaign(actor=None, campaign=target, on=day, chunk_size=chunk)
        seconds = time.perf_counter() - t0
        total = sum(counts.values())
        self.stdout.write(f"{target.name}：{day:%Y-%m-%d} 审查人选 {total} 名，用时 {seconds:.1f} 秒")
        for effect in ScreeningEffect:
            self.stdout.write(f"  {effect.label}：{counts[effect.value]} 名")
