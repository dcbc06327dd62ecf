"""The GAN training loop: one loop for every kind of data.

``train_gan`` is the outer loop (epochs of steps, loss history, EMA);
``_discriminator_step`` and ``_generator_step`` each minimise one objective.
Everything inside the loop is tensors already on the device: minibatches are
drawn by index, no encoding, no per-row Python, no per-step host-device copies.
Losses are summed on the device; every ``CHECK_EVERY`` steps, at the end of
each epoch and after the last step, one read brings back the running mean
losses and the largest absolute weight of each network. That read feeds the
history, the progress display and the divergence check: training stops with
:class:`DivergenceError` as soon as a loss or a weight is not finite, or a
weight exceeds ``MAX_ABS_WEIGHT`` in absolute value.
"""

import contextlib
import copy
import math
import sys
import time

import torch

from skgan._early_stopping import EarlyStopping, SlicedDistance, seed_for
from skgan._losses import hinge_discriminator, hinge_generator, moment_matching

# Steps between two divergence checks (each check is one host-device sync).
CHECK_EVERY = 10
# A generator with batch normalization gets its EMA's running statistics
# estimated afresh from this many batches after training (BigGAN's "standing
# statistics"): the statistics collected while training are those of the
# training weights, not of their average.
STANDING_STATISTICS_BATCHES = 16
# A weight larger than this in absolute value means training is exploding:
# Adam moves a weight by about one learning rate a step, so healthy training
# (learning rates around 1e-3, at most thousands of steps) stays far below.
MAX_ABS_WEIGHT = 1e6


class DivergenceError(FloatingPointError):
    """Training diverged: a loss or a weight is not finite, or a weight
    exceeds ``MAX_ABS_WEIGHT`` in absolute value.

    ``step`` is the number of steps done when the check failed, ``n_steps``
    the budget, ``losses`` the record of running mean losses since the epoch
    began (as in the history), and ``max_abs_weight`` the largest absolute
    weight of each network.
    """

    def __init__(self, step, n_steps, losses, max_abs_weight):
        self.step = step
        self.n_steps = n_steps
        self.losses = losses
        self.max_abs_weight = max_abs_weight
        super().__init__(
            f"GAN training diverged at {self.summary}; weights are limited to "
            f"{MAX_ABS_WEIGHT:.0e} in absolute value."
        )

    def __reduce__(self):  # pickles (across processes) with its attributes
        return type(self), (self.step, self.n_steps, self.losses, self.max_abs_weight)

    @property
    def summary(self):
        """``"step 10 of 600 (discriminator loss nan, generator loss nan,
        largest absolute weight 3.2e+08)"``."""
        largest = max(self.max_abs_weight.values(), key=_nan_first)
        return (
            f"step {self.step} of {self.n_steps} (discriminator loss "
            f"{self.losses['discriminator_loss']:.4g}, generator loss "
            f"{self.losses['generator_loss']:.4g}, largest absolute weight "
            f"{largest:.3g})"
        )


def _nan_first(value):
    return math.inf if math.isnan(value) else value


class BalancedBatches:
    """Class-balanced minibatches by index: a class of 10 rows is drawn as
    often as a class of 10,000.

    ``labels``: (n,) int64 class indices on the device.
    """

    def __init__(self, labels, n_classes):
        self.order = torch.argsort(labels, stable=True)
        self.counts = torch.bincount(labels, minlength=n_classes)
        self.starts = torch.cumsum(self.counts, 0) - self.counts
        self.present = torch.nonzero(self.counts).squeeze(1)

    def draw(self, batch_size, generator, pack_size=1):
        """Return ``(row_index, class_index)``, both (batch_size,) int64.

        Classes are drawn per pack of ``pack_size`` consecutive rows (one
        class a pack); ``batch_size`` must be a multiple of ``pack_size``.
        """
        device = self.order.device
        pick = torch.randint(
            len(self.present),
            (batch_size // pack_size,),
            generator=generator,
            device=device,
        )
        classes = self.present[pick]
        if pack_size > 1:
            classes = classes.repeat_interleave(pack_size)
        u = torch.rand(batch_size, generator=generator, device=device)
        within = (u * self.counts[classes]).long()
        return self.order[self.starts[classes] + within], classes


def train_gan(
    generator,
    discriminator,
    data,
    labels,
    *,
    n_classes,
    activate,
    latent_dim,
    n_steps,
    batch_size,
    generator_learning_rate,
    discriminator_learning_rate,
    discriminator_steps,
    ema_decay,
    torch_generator,
    pack_size=1,
    moment_weight=0.0,
    augment=None,
    validation=None,
    n_iter_no_change=10,
    tol=0.0,
    verbose=0,
):
    """Train ``generator`` against ``discriminator``; return ``(ema, history)``.

    ``data``: (n, ...) encoded rows; ``labels``: (n,) int64 class indices;
    ``activate(raw, generator)`` maps raw generator output to the data space.
    ``ema`` is an exponential moving average of the generator's weights (the
    network that samples); ``history`` has one dict of mean losses per epoch,
    an epoch being ``ceil(n / batch_size)`` generator steps. ``batch_size``
    must be a multiple of ``pack_size``, the discriminator's pack size.
    ``moment_weight`` weighs :func:`skgan._losses.moment_matching` in the
    generator's loss.
    ``augment(x, torch_generator)``, if given, is a differentiable
    augmentation (:mod:`skgan._diffaugment`) applied to every batch the
    discriminator scores, real or synthetic, in both networks' updates.

    ``validation``, if given, is ``(rows, labels)``: encoded real rows and
    their class indices, against which early stopping scores the EMA
    generator every ``CHECK_EVERY`` steps (:mod:`skgan._early_stopping`).
    Training stops once ``n_iter_no_change`` checks in a row have not raised
    the best score by more than ``tol``, and the EMA weights of the best check
    are returned. The record of an epoch in which a check happened has its
    ``validation_score``; the last record says why training stopped
    (``stop_reason``: ``"max_steps"`` or ``"n_iter_no_change"``), after how
    many steps (``n_steps``) and, with early stopping, at which check the
    returned weights were taken (``best_step``).

    Each step updates the discriminator on a real and a fake batch, then the
    generator on the same fake batch scored by the updated discriminator (as
    PyTorch's DCGAN example does): one generator forward pass per step.
    After the last step, the batch-normalization statistics of ``ema`` (if
    it has any: the image generator) are estimated afresh for its averaged
    weights (:func:`_standing_statistics`).

    Every ``CHECK_EVERY`` steps, at each epoch's end and after the last step
    the losses and weights are checked once on the device; on divergence
    :class:`DivergenceError` is raised (the networks are then unusable).
    With ``verbose`` > 0 a ``tqdm.auto`` progress bar over the steps shows
    the running losses (a line per report without tqdm); it is closed also
    when training fails or is interrupted.
    """
    device = data.device
    batches = BalancedBatches(labels, n_classes)
    eye = torch.eye(n_classes, device=device)
    g_params = list(generator.parameters())
    scoring = ScoringMode(discriminator)
    opt_g = _Adam(g_params, generator_learning_rate)
    opt_d = _Adam(discriminator.parameters(), discriminator_learning_rate)
    ema = copy.deepcopy(generator).requires_grad_(False)
    ema_params = list(ema.parameters())
    generator.train()
    discriminator.train()

    def view(x):  # what the discriminator sees of a batch
        return x if augment is None else augment(x, torch_generator)

    def fake_batch(classes):
        z = torch.randn(
            batch_size, latent_dim, generator=torch_generator, device=device
        )
        return activate(generator(z, eye[classes]), torch_generator)

    steps_per_epoch = max(1, math.ceil(len(data) / batch_size))
    n_reports = max(1, min(10, n_steps // steps_per_epoch))
    report_every = max(1, math.ceil(n_steps / steps_per_epoch / n_reports))
    watched = (_floating_tensors(generator), _floating_tensors(discriminator))
    history, sums, done = [], torch.zeros(4, device=device), 0
    stopper = distance = score = None
    if validation is not None:
        distance = SlicedDistance(
            *validation,
            n_classes,
            latent_dim,
            activate,
            seed_for(torch_generator.initial_seed()),
        )
        stopper = EarlyStopping(ema, n_iter_no_change, tol)
    stop_reason, steps_done = "max_steps", n_steps
    progress = _Progress(verbose, n_steps)
    try:
        for step in range(n_steps):
            for _ in range(discriminator_steps - 1):
                index, classes = batches.draw(batch_size, torch_generator, pack_size)
                with torch.no_grad():
                    fake = fake_batch(classes)
                _discriminator_step(
                    discriminator, opt_d, data[index], fake, eye[classes], view
                )
            index, classes = batches.draw(batch_size, torch_generator, pack_size)
            fake = fake_batch(classes)
            y = eye[classes]
            real = data[index]
            d_stats = _discriminator_step(discriminator, opt_d, real, fake, y, view)
            g_loss = _generator_step(
                discriminator,
                scoring,
                opt_g,
                g_params,
                fake,
                y,
                view,
                real,
                moment_weight,
            )
            decay = min(ema_decay, (1.0 + step) / (10.0 + step))
            with torch.no_grad():
                torch._foreach_lerp_(ema_params, g_params, 1.0 - decay)
            sums += torch.stack([d_stats[0], g_loss, d_stats[1], d_stats[2]])
            done += 1
            last = step == n_steps - 1
            epoch_end = done == steps_per_epoch or last
            checked = last or (step + 1) % CHECK_EVERY == 0
            if not (epoch_end or checked):
                continue
            validate = stopper is not None and checked
            record = _check(
                sums / done,
                watched,
                len(history),
                step + 1,
                n_steps,
                distance(ema) if validate else None,
            )
            stop = False
            if validate:
                score = -record.pop("validation_distance")
                stop = stopper.update(score, step + 1) and not last
            if score is not None:
                record["validation_score"] = score
            progress.update(step + 1, record)
            if epoch_end or stop:
                history.append(record)
                sums.zero_()
                done, score = 0, None
                if verbose and (len(history) % report_every == 0 or last or stop):
                    progress.report(record, step + 1)
            if stop:
                stop_reason, steps_done = "n_iter_no_change", step + 1
                progress.stopped(
                    steps_done,
                    f"{no_improvement(n_iter_no_change, tol)}; kept the weights "
                    f"of step {stopper.best_step}",
                )
                break
    finally:
        progress.close()
    history[-1].update(stop_reason=stop_reason, n_steps=steps_done)
    if stopper is not None:
        stopper.restore()
        history[-1]["best_step"] = stopper.best_step
    for b_ema, b in zip(ema.buffers(), generator.buffers()):
        b_ema.copy_(b)

    def ema_batch():
        _, classes = batches.draw(batch_size, torch_generator, pack_size)
        z = torch.randn(
            batch_size, latent_dim, generator=torch_generator, device=device
        )
        return z, eye[classes]

    _standing_statistics(ema, ema_batch)
    return ema.eval(), history


def _standing_statistics(ema, draw):
    """Estimate the running statistics of every batch normalization of
    ``ema`` as plain means over ``STANDING_STATISTICS_BATCHES`` batches
    ``ema(*draw())`` in training mode (BigGAN's standing statistics); a
    network without batch normalization is left as it is, and nothing is
    drawn for it."""
    norms = [
        module
        for module in ema.modules()
        if isinstance(module, torch.nn.modules.batchnorm._BatchNorm)
        and module.track_running_stats
    ]
    if not norms:
        return
    momenta = [norm.momentum for norm in norms]
    for norm in norms:
        norm.reset_running_stats()
        norm.momentum = None  # a cumulative mean
    ema.train()
    with torch.no_grad():
        for _ in range(STANDING_STATISTICS_BATCHES):
            ema(*draw())
    for norm, momentum in zip(norms, momenta):
        norm.momentum = momentum


class _Adam:
    """Adam with BigGAN's betas (0.5, 0.999), one fused kernel call a step.

    The same kernel, with the same arguments, as ``torch.optim.Adam(params,
    lr, betas=(0.5, 0.999), fused=True)``, so the same updates bit for bit,
    without the optimizer's per-step bookkeeping (grouping tensors by device
    and dtype, hooks), which costs as much as the update itself for the
    small networks trained here.
    """

    def __init__(self, params, learning_rate):
        self.params = list(params)
        self.lr = float(learning_rate)
        self.exp_avgs = [torch.zeros_like(p) for p in self.params]
        self.exp_avg_sqs = [torch.zeros_like(p) for p in self.params]
        self.steps = [
            torch.zeros((), dtype=torch.float32, device=p.device) for p in self.params
        ]

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    def step(self):
        torch._foreach_add_(self.steps, 1)
        adam_update(
            self.params,
            [p.grad for p in self.params],
            self.exp_avgs,
            self.exp_avg_sqs,
            self.steps,
            self.lr,
        )


def adam_update(params, grads, exp_avgs, exp_avg_sqs, steps, lr):
    """One Adam step (betas (0.5, 0.999), eps 1e-8) on lists of tensors, in
    one fused call; ``steps`` (float32 0-d tensors, one per tensor) already
    count this step."""
    torch._fused_adam_(
        params,
        grads,
        exp_avgs,
        exp_avg_sqs,
        [],
        steps,
        lr=lr,
        beta1=0.5,
        beta2=0.999,
        weight_decay=0.0,
        eps=1e-8,
        amsgrad=False,
        maximize=False,
    )


def _discriminator_step(discriminator, optimizer, real, fake, y, view):
    """Minimise the hinge loss relu(1 - D(T(x), y)) + relu(1 + D(T(G(z, y)), y)),
    ``T`` being ``view`` (an augmentation, or the identity)."""
    scores = discriminator(view(torch.cat([real, fake.detach()])), torch.cat([y, y]))
    real_scores, fake_scores = scores.chunk(2)
    loss = hinge_discriminator(real_scores, fake_scores)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.detach(), real_scores.detach().mean(), fake_scores.detach().mean()


class ScoringMode:
    """Puts a discriminator in the mode in which it scores the generator's
    batch: eval mode (its spectral-norm estimates are used as they are) and
    weights that do not require gradients (autograd records no operation on
    them). Its modules and parameters are listed once, so that switching
    each step does not walk the module tree.
    """

    def __init__(self, discriminator):
        self.modules = list(discriminator.modules())
        self.params = list(discriminator.parameters())

    @contextlib.contextmanager
    def __call__(self):
        self._set(False)
        try:
            yield
        finally:
            self._set(True)

    def _set(self, training):
        for module in self.modules:
            module.training = training
        for param in self.params:
            param.requires_grad_(training)


def _generator_step(
    discriminator, scoring, optimizer, params, fake, y, view, real, moment_weight
):
    """Minimise -D(T(G(z, y)), y) (plus the moment-matching term); gradients
    reach the generator's weights only.

    The discriminator scores in ``scoring`` mode (:class:`ScoringMode`).
    """
    with scoring():
        loss = hinge_generator(discriminator(view(fake), y))
    if moment_weight:
        loss = loss + moment_weight * moment_matching(real, fake, y)
    optimizer.zero_grad()
    loss.backward(inputs=params)
    optimizer.step()
    return loss.detach()


def _floating_tensors(module):
    """The parameters and floating-point buffers (spectral-norm vectors) of
    ``module``: the tensors the divergence check watches."""
    buffers = [b for b in module.buffers() if b.is_floating_point()]
    return list(module.parameters()) + buffers


def _check(means, watched, epoch, step, n_steps, distance=None):
    """Read the mean losses, the largest absolute weights (and the
    validation ``distance``, a 0-d tensor, if given) in one sync; return the
    loss record (with ``validation_distance``), or raise
    :class:`DivergenceError`."""
    # one flat copy per network: fewer kernels than a reduction per tensor
    largest = [
        torch.cat([t.reshape(-1) for t in tensors]).abs().max().reshape(1)
        for tensors in watched
    ]
    extra = [] if distance is None else [distance.reshape(1)]
    values = torch.cat([means, *largest, *extra]).tolist()
    return _record(values, epoch, step, n_steps)


def _record(values, epoch, step, n_steps):
    """The loss record from the values :func:`_check` reads: the four mean
    losses, the largest absolute weight of each network (and the validation
    distance); :class:`DivergenceError` if they say training diverged."""
    d_loss, g_loss, d_real, d_fake, g_max, d_max = values[:6]
    record = {
        "epoch": epoch,
        "step": step,
        "discriminator_loss": d_loss,
        "generator_loss": g_loss,
        "discriminator_real": d_real,
        "discriminator_fake": d_fake,
    }
    # written so that NaN fails every test
    finite = all(math.isfinite(value) for value in (d_loss, g_loss, d_real, d_fake))
    if len(values) > 6:
        record["validation_distance"] = values[6]
        finite = finite and math.isfinite(values[6])
    if not (finite and g_max <= MAX_ABS_WEIGHT and d_max <= MAX_ABS_WEIGHT):
        raise DivergenceError(
            step, n_steps, record, {"generator": g_max, "discriminator": d_max}
        )
    return record


def no_improvement(n_iter_no_change, tol):
    """Why early stopping stopped: ``"no improvement in the last 10 checks"``."""
    by = f" by more than tol={tol:g}" if tol else ""
    return f"no improvement{by} in the last {n_iter_no_change} checks"


class _Progress:
    """What ``verbose`` shows while training.

    A ``tqdm.auto`` bar over the steps (notebook-aware) whose postfix holds
    the running losses; tqdm is an optional dependency, imported only when
    ``verbose`` asks for progress. Without it, :meth:`report` prints a line
    per report to stdout. With ``verbose=0`` nothing is shown. Training that
    stops early calls :meth:`stopped`: the bar ends at that step and
    :meth:`close` says why, once (on stderr below the bar, or as a plain
    line).
    """

    def __init__(self, verbose, n_steps):
        self.n_steps = n_steps
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

    def update(self, step, record):
        """Advance the bar to ``step`` and show ``record``'s losses."""
        if self.bar is None:
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
        if self.bar is not None:
            return
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
