"""What ``verbose`` shows while GANs train: a progress bar or plain lines,
and why training stopped early."""

import sys
import time

# Plain-line reports per training (without tqdm), at most.
N_REPORTS = 10


class Progress:
    """What ``verbose`` shows while training.

    A ``tqdm.auto`` bar over the steps (notebook-aware) whose postfix holds
    the running losses; tqdm is an optional dependency, imported only when
    ``verbose`` asks for progress. Without it, :meth:`report` prints a line
    about every ``n_steps / N_REPORTS`` steps to stdout. With ``verbose=0``
    nothing is shown. Training that stops early calls :meth:`stopped`: the
    bar ends at that step and :meth:`close` says why, once (on stderr below
    the bar, or as a plain line).
    """

    def __init__(self, verbose, n_steps, report_every):
        self.n_steps = n_steps
        self.report_every = report_every
        self.started = time.perf_counter()
        self.bar = None
        self.shown = 0
        self.verbose = verbose
        self.stop_message = None
        if not verbose:
            return
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return
        self.bar = tqdm(total=n_steps, desc="skgan", unit="step", leave=True)

    def update(self, step, record, last=False):
        """Advance the bar to ``step`` and show ``record``'s losses; without
        tqdm, print them every ``report_every`` steps and at the ``last``."""
        if not self.verbose:
            return
        if self.bar is None:
            if last or step % self.report_every == 0:
                self.report(record, step)
            return
        self.bar.set_postfix_str(
            f"D loss {record['discriminator_loss']:.3f}, "
            f"G loss {record['generator_loss']:.3f}",
            refresh=False,
        )
        self.bar.update(step - self.shown)
        self.shown = step

    def report(self, record, step):
        """The plain line printed without tqdm."""
        print(
            f"[skgan] step {step}/{self.n_steps}  "
            f"D loss {record['discriminator_loss']:.3f}  "
            f"G loss {record['generator_loss']:.3f}  "
            f"({time.perf_counter() - self.started:.1f}s)",
            file=sys.stdout,
            flush=True,
        )

    def stopped(self, step, reason):
        """Training stopped early after ``step`` steps because of ``reason``:
        the bar's total becomes ``step``, and :meth:`close` says why."""
        if not self.verbose:
            return
        self.stop_message = (
            f"[skgan] stopped early at step {step} of {self.n_steps}: {reason}"
        )
        if self.bar is None:
            return
        self.bar.total = step
        widget = getattr(self.bar, "container", None)  # tqdm.notebook's bar
        if widget is not None:
            widget.children[1].max = step
        self.bar.update(step - self.shown)
        self.shown = step

    def close(self):
        if self.bar is not None:
            self.bar.close()
        if self.stop_message is not None:
            stream = sys.stdout if self.bar is None else sys.stderr
            print(self.stop_message, file=stream, flush=True)
            self.stop_message = None


def no_improvement(n_iter_no_change, tol):
    """Why early stopping stopped: ``"no improvement in the last 10 checks"``."""
    by = f" by more than tol={tol:g}" if tol else ""
    return f"no improvement{by} in the last {n_iter_no_change} checks"


def why_stopped(histories, n_diverged, n_iter_no_change, tol):
    """What the progress display says when every GAN of a training ended
    before its last step: ``histories`` of those that stopped early, and how
    many diverged."""
    n = len(histories) + n_diverged
    if n == 1 and histories:
        return (
            f"{no_improvement(n_iter_no_change, tol)}; kept the weights of step "
            f"{histories[0][-1]['best_step']}"
        )
    if not histories:
        return f"all {n} GANs diverged"
    steps = ", ".join(str(h[-1]["n_steps"]) for h in histories)
    best = ", ".join(str(h[-1]["best_step"]) for h in histories)
    if not n_diverged:
        return (
            f"all {n} GANs stopped for lack of improvement (at steps {steps}); "
            f"each kept the weights of its best check (steps {best})"
        )
    return (
        f"{len(histories)} of {n} GANs stopped for lack of improvement (at steps "
        f"{steps}; each kept the weights of its best check: steps {best}), "
        f"{n_diverged} diverged"
    )
