"""Stopping on SIGTERM as on Ctrl-C (installed by the command line for every command)."""

from __future__ import annotations

import signal
import threading


def stop_on_terminate() -> None:
    """Make SIGTERM (``kill``, a service manager, a CI timeout, a container stopping) raise
    KeyboardInterrupt, as Ctrl-C does, so that cleanup runs: a build removes its scratch
    folder and stops its MkDocs processes, a preview removes its temporary site. Python's
    default for SIGTERM ends the process without running any of it. Only the main thread
    can set a signal handler; elsewhere this does nothing."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)
