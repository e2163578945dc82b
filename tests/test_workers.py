"""Work shared among worker processes (workers.py): results in the order of the tasks,
the tasks taken as the workers need them, one set of workers for several batches."""

from __future__ import annotations

from collections.abc import Iterator

from tei_edition.workers import Workers


def square(n: int) -> int:
    return n * n


def test_a_generator_of_tasks_is_taken_a_few_chunks_ahead_of_the_results() -> None:
    taken: list[int] = []

    def tasks() -> Iterator[int]:
        for n in range(300):
            taken.append(n)
            yield n

    seen: list[tuple[int, int]] = []
    results: list[int] = []
    with Workers(2) as workers:
        for result in workers.iter_each(
            square, tasks(), total=300, chunksize=4, progress=lambda s, d, t: seen.append((d, t))
        ):
            results.append(result)
            # at most four chunks a worker given and not yet taken, and the one being taken
            assert len(taken) - len(results) < (4 * 2 + 1) * 4
        assert results == [n * n for n in range(300)]
        assert seen[-1] == (300, 300)
        pool = workers._pool
        assert pool is not None
        # a second batch: the same worker processes
        assert list(workers.iter_each(square, [1, 2, 3])) == [1, 4, 9]
        assert workers._pool is pool
    assert workers._pool is None  # stopped at the end of the with


def test_a_batch_not_parallel_is_done_here() -> None:
    with Workers(2) as workers:
        assert list(workers.iter_each(square, iter([3, 4]), total=2, parallel=False)) == [9, 16]
        assert workers._pool is None
