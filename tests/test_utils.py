"""Random-state, device and thread helpers: nothing global is left changed."""

import threading

import pytest
import torch

from skgan._utils import available_cores, effective_n_threads, torch_threads


@pytest.fixture
def two_threads():
    """Start from a known torch thread count and give the caller's back."""
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    yield 2
    torch.set_num_threads(before)


def test_effective_n_threads_reads_n_jobs_as_scikit_learn_does(two_threads):
    cores = available_cores()
    assert effective_n_threads(None) == min(2, cores)
    assert effective_n_threads(-1) == cores
    assert effective_n_threads(-2) == max(1, cores - 1)
    assert effective_n_threads(-10_000) == 1
    assert effective_n_threads(3) == 3


def test_torch_threads_sets_and_restores(two_threads):
    with torch_threads(1) as n:
        assert n == 1 and torch.get_num_threads() == 1
    assert torch.get_num_threads() == 2
    with pytest.raises(RuntimeError, match="boom"):
        with torch_threads(1):
            raise RuntimeError("boom")
    assert torch.get_num_threads() == 2  # restored on error too
    with torch_threads(None):  # None changes nothing
        assert torch.get_num_threads() == min(2, available_cores())
    assert torch.get_num_threads() == 2


def test_overlapping_calls_in_threads_restore_the_first_setting(two_threads):
    """Two calls in two threads that overlap without nesting: the first to
    enter leaves first. The setting from before the first comes back once
    both have left (a naive save-and-restore per call would leave the
    second call's saved value, 1, behind)."""
    first_in, second_in, first_out = (threading.Event() for _ in range(3))

    def first():
        with torch_threads(1):
            first_in.set()
            second_in.wait(5)
        first_out.set()  # left while the second call is still inside

    def second():
        first_in.wait(5)
        with torch_threads(1):
            second_in.set()
            first_out.wait(5)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert torch.get_num_threads() == 2
