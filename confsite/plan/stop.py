"""Ctrl-C and SIGTERM while a solver runs: the solver stops at once and the command ends.

Python raises KeyboardInterrupt only between its own instructions, and a solver spends its
time elsewhere: inside HiGHS (C++), the interrupt was raised in our progress callback,
where HiGHS swallowed it, and the planner went on to write the plan; CBC runs as another
process, which kept running after its parent had gone. So while a solver runs a signal
only records the request: HiGHS reads it in its interrupt callbacks and stops at its next
check, and the CBC process (any child process started during the solve) is ended. Once
the solver is back, ``Stop`` raises KeyboardInterrupt as the signal would have. A second
signal raises it at once.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

import psutil

SIGNALS = (signal.SIGINT, signal.SIGTERM)
GRACE = 2.0  # seconds a solver process has to end on SIGTERM before it is killed


class Stop:
    """Catches Ctrl-C and SIGTERM for the length of one solve (``with Stop() as stop:``)."""

    def __init__(self) -> None:
        self.requested = threading.Event()
        self._before: set[int] = set()
        self._saved: dict[int, Any] = {}

    def __enter__(self) -> Stop:
        if threading.current_thread() is not threading.main_thread():
            return self  # only the main thread receives signals
        self._before = {child.pid for child in _children()}
        for number in SIGNALS:
            self._saved[number] = signal.signal(number, self._on_signal)
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        for number, handler in self._saved.items():
            signal.signal(number, handler)
        self._saved.clear()
        if self.requested.is_set():
            # Also when the solver failed for it (CBC ended by us): the interrupt is the news.
            raise KeyboardInterrupt

    def _on_signal(self, number: int, frame: FrameType | None) -> None:
        if self.requested.is_set():
            raise KeyboardInterrupt  # asked twice: stop here, whatever runs
        self.requested.set()
        _end([child for child in _children() if child.pid not in self._before])

    def highs_callback(self, progress: Callable[..., None] | None = None) -> dict[str, Any]:
        """PuLP options for HiGHS: its interrupt checks stop it once a signal came, and
        ``progress(out)`` (if given) hears of every better plan."""
        import highspy

        kinds = highspy.cb.HighsCallbackType
        checks = (
            kinds.kCallbackMipInterrupt,
            kinds.kCallbackSimplexInterrupt,
            kinds.kCallbackIpmInterrupt,
        )
        improving = kinds.kCallbackMipImprovingSolution

        def callback(kind, message, out, into, data) -> None:  # type: ignore[no-untyped-def]
            if kind == improving:
                if progress is not None:
                    progress(out)
            elif self.requested.is_set():
                into.user_interrupt = True

        active = [*checks, improving] if progress is not None else list(checks)
        return {"callbackTuple": (callback, None), "callbacksToActivate": active}


def _children() -> list[psutil.Process]:
    try:
        return psutil.Process().children(recursive=True)
    except psutil.Error:
        return []


def _end(processes: list[psutil.Process]) -> None:
    """Terminate ``processes``; kill those still there after ``GRACE`` seconds."""
    for process in processes:
        with contextlib.suppress(psutil.Error):
            process.terminate()
    _gone, alive = psutil.wait_procs(processes, timeout=GRACE)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
