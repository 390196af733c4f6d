"""Progress of long runs: a rich bar per stage on a terminal, plain log lines otherwise."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("flows.progress")


class Progress:
    """Stage counters reported as log lines (the default, and what non-terminal runs get)."""

    def __init__(self) -> None:
        self.done: dict[str, int] = {}
        self.totals: dict[str, int | None] = {}

    def total(self, stage: str, total: int | None) -> None:
        self.totals[stage] = total
        self.done.setdefault(stage, 0)

    def advance(self, stage: str, n: int = 1) -> None:
        self.done[stage] = self.done.get(stage, 0) + n
        total = self.totals.get(stage)
        log.info("%s: %d%s", stage, self.done[stage], f"/{total}" if total else "")

    def close(self) -> None:
        self.done.clear()
        self.totals.clear()


class RichProgress(Progress):
    """One rich progress bar per stage, on stderr."""

    def __init__(self) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bars

        self.bars = Bars(TextColumn("{task.description:>8}"), BarColumn(), MofNCompleteColumn(),
                         TimeElapsedColumn(), console=Console(stderr=True), transient=False)
        self.tasks: dict[str, Any] = {}
        self.bars.start()

    def _task(self, stage: str) -> Any:
        if stage not in self.tasks:
            self.tasks[stage] = self.bars.add_task(stage, total=self.totals.get(stage))
        return self.tasks[stage]

    def total(self, stage: str, total: int | None) -> None:
        super().total(stage, total)
        self.bars.update(self._task(stage), total=total)

    def advance(self, stage: str, n: int = 1) -> None:
        self.done[stage] = self.done.get(stage, 0) + n
        self.bars.advance(self._task(stage), n)

    def close(self) -> None:
        self.bars.stop()
        super().close()


PROGRESS: list[Progress] = [Progress()]


def current() -> Progress:
    return PROGRESS[-1]


def use(progress: Progress) -> None:
    PROGRESS.append(progress)
