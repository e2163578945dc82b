"""Work shared among worker processes: one task a call, results in the order given.

Worker processes are fresh interpreters ("spawn"): a running Saxon must never be
forked. Each starts Python and compiles the stylesheets once, so small batches run in
this process instead.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

from tei_edition.progress import Progress, silent

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def jobs_or_default(jobs: int | None) -> int:
    """``jobs`` as the user gave it, or one a core (0 or None)."""
    return default_jobs() if jobs is None or jobs < 1 else jobs


class Workers:
    """Worker processes, started by the first batch of tasks that needs them and kept for
    the next batches (each worker starts Python and compiles its stylesheets once, however
    many batches there are); stopped by :meth:`close` (or at the end of a ``with``)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def iter_each(
        self,
        func: Callable[[T], R],
        tasks: Iterable[T],
        *,
        total: int | None = None,
        parallel: bool = True,
        chunksize: int = 1,
        progress: Progress = silent,
        step: str = "",
    ) -> Iterator[R]:
        """``func`` of every task, in order, each as soon as it and those before it are
        done: in the worker processes when ``parallel`` and there are more workers than
        one, else here; ``progress(step, done, total)`` after each (``total``: how many
        tasks there are, where ``tasks`` is no sequence). A caller that handles each result
        as it comes holds one at a time, however many tasks there are; the tasks are taken
        from ``tasks`` as the workers need them (a few chunks ahead), so that a generator
        of tasks never has them all made at once."""
        count = len(tasks) if isinstance(tasks, Sized) else (total or 0)
        done = 0
        if parallel and self.workers > 1 and count > 1:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
            for result in _windowed(self._pool, func, iter(tasks), chunksize, 4 * self.workers):
                done += 1
                progress(step, done, count)
                yield result
            return
        for task in tasks:
            result = func(task)
            done += 1
            progress(step, done, count)
            yield result


def _chunk(func: Callable[[T], R], chunk: list[T]) -> list[R]:
    """(In a worker) ``func`` of each task of one chunk."""
    return [func(task) for task in chunk]


def _windowed(
    pool: ProcessPoolExecutor,
    func: Callable[[T], R],
    tasks: Iterator[T],
    chunksize: int,
    ahead: int,
) -> Iterator[R]:
    """The results of ``func`` over ``tasks``, in order, computed by ``pool`` in chunks of
    ``chunksize``, with no more than ``ahead`` chunks given to it and not yet taken."""
    pending: deque[Future[list[R]]] = deque()

    def give() -> None:
        chunk = list(islice(tasks, chunksize))
        if chunk:
            pending.append(pool.submit(_chunk, func, chunk))

    for _ in range(ahead):
        give()
    while pending:
        results = pending.popleft().result()
        give()
        yield from results


def iter_each(
    func: Callable[[T], R],
    tasks: Sequence[T],
    *,
    workers: int,
    parallel: bool = True,
    chunksize: int = 1,
    progress: Progress = silent,
    step: str = "",
) -> Iterator[R]:
    """:meth:`Workers.iter_each` with ``workers`` processes of its own (no more than there
    are tasks), stopped when the last result is given."""
    with Workers(min(workers, max(len(tasks), 1))) as pool:
        yield from pool.iter_each(
            func, tasks, parallel=parallel, chunksize=chunksize, progress=progress, step=step
        )


def run_each(func: Callable[[T], R], tasks: Sequence[T], **options: Any) -> list[R]:
    """The results of :func:`iter_each` (same options), all of them."""
    return list(iter_each(func, tasks, **options))


class Background:
    """``work`` run in a thread of its own, started at once: :meth:`join` waits for it and
    raises what it raised; :meth:`wait` only waits (``error`` says what it raised)."""

    def __init__(self, work: Callable[[], None], name: str | None = None) -> None:
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(work,), name=name, daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[], None]) -> None:
        try:
            work()
        except BaseException as exc:  # handed to the caller of join
            self.error = exc

    def wait(self) -> None:
        self._thread.join()

    def join(self) -> None:
        self.wait()
        if self.error is not None:
            raise self.error
