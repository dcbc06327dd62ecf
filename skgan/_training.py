"""The GAN training loop: one loop for one GAN or many, for every kind of data.

:func:`train_gans` trains the GANs of a list of :class:`TrainingProblem`;
those whose configurations, devices and network architectures agree, and
whose networks can be stacked (:mod:`skgan.nn._stacked`), train together as
one stacked model in which every operation on the networks, the optimizers
and the losses is one call for all of them. :func:`train_gan`, a plain fit's
training, is the case of one GAN: the same loop on the networks as they are.

Each GAN keeps what makes its training its own (:class:`_Member`): its rows
and class-balanced batches, its torch generator (the same draws in the same
order whatever else is stacked with it: the batch, the latent vectors, the
activation's draws, the augmentation's), its EMA generator, its loss
records, its divergence checks and its early stopping. A GAN that stops
early, or diverges, leaves the stack at that check; the others go on.
Batched kernels may round the last bits otherwise than one network's, so a
GAN of a stack agrees with its training alone up to rounding.

Everything inside the loop is tensors already on the device: minibatches are
drawn by index, no encoding, no per-row Python, no per-step host-device
copies. Losses are summed on the device; every ``CHECK_EVERY`` steps, at the
end of each GAN's epoch and after the last step, one read brings back each
GAN's running mean losses and the largest absolute weight of its networks.
That read feeds the history, the progress display and the divergence check:
a GAN diverges (:class:`DivergenceError`) as soon as a loss or a weight is
not finite, or a weight exceeds ``MAX_ABS_WEIGHT`` in absolute value.
"""

import contextlib
import copy
import dataclasses
import math

import torch

from skgan._adam import Adam, MemberAdam
from skgan._config import TrainingConfig
from skgan._early_stopping import EarlyStopping, SlicedDistance, seed_for
from skgan._losses import class_moment_gap, hinge_discriminator, hinge_generator
from skgan._progress import N_REPORTS, Progress, why_stopped
from skgan.nn._stacked import NotStackable, architecture, select_members, stack_networks

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


@dataclasses.dataclass
class TrainingProblem:
    """One GAN to train.

    Attributes
    ----------
    generator, discriminator : torch.nn.Module
        The untrained networks, on the device (trained in place when the GAN
        trains alone).
    data : torch.Tensor of shape (n, ...)
        The encoded training samples, on the device.
    labels : torch.Tensor of shape (n,)
        Their class indices (int64).
    n_classes : int
        Length of the label vectors.
    activate : callable
        ``activate(raw, torch_generator)``: the kind's training activation.
    augment : callable or None
        ``augment(x, torch_generator)``: the kind's differentiable
        augmentation (e.g. :class:`skgan._kinds.sequence.SequenceAugmentation`)
        of every batch the discriminator scores, real or synthetic, in both
        networks' updates; None for none.
    validation : tuple or None
        ``(rows, labels)`` against which early stopping scores the EMA
        generator (None without early stopping).
    torch_generator : torch.Generator
        Every draw of the training.
    config : TrainingConfig
        The training parameters.
    """

    generator: torch.nn.Module
    discriminator: torch.nn.Module
    data: torch.Tensor
    labels: torch.Tensor
    n_classes: int
    activate: object
    augment: object
    validation: tuple | None
    torch_generator: torch.Generator
    config: TrainingConfig


def train_gan(problem, verbose=0):
    """Train one GAN; return ``(ema, history)``.

    ``ema`` is an exponential moving average of the generator's weights (the
    network that samples), in eval mode on the training device; ``history``
    has one dict of mean losses per epoch, an epoch being ``ceil(n /
    batch_size)`` generator steps.

    Each step updates the discriminator on a real and a fake batch, then the
    generator on the same fake batch scored by the updated discriminator (as
    PyTorch's DCGAN example does): one generator forward pass per step. The
    generator's loss is the hinge loss plus ``moment_matching`` times
    :func:`skgan._losses.class_moment_gap`. After the last step, the
    batch-normalization statistics of ``ema`` (if it has any: the image
    generator) are estimated afresh for its averaged weights
    (:func:`_standing_statistics`).

    With ``config.early_stopping`` the EMA generator is scored against the
    validation rows every ``CHECK_EVERY`` steps
    (:mod:`skgan._early_stopping`); training stops once ``n_iter_no_change``
    checks in a row have not raised the best score by more than ``tol``, and
    the EMA weights of the best check are returned. The record of an epoch
    in which a check happened has its ``validation_score``; the last record
    says why training stopped (``stop_reason``: ``"max_steps"`` or
    ``"n_iter_no_change"``), after how many steps (``n_steps``) and, with
    early stopping, at which check the returned weights were taken
    (``best_step``).

    With ``verbose`` > 0 a ``tqdm.auto`` progress bar over the steps shows
    the running losses (plain lines without tqdm); it is closed also when
    training fails or is interrupted.

    Raises
    ------
    DivergenceError
        If a check found the training diverged (the networks are then
        unusable).
    """
    (result,) = train_gans([problem], verbose)
    if isinstance(result, DivergenceError):
        raise result
    return result


def train_gans(problems, verbose=0):
    """Train the GAN of every problem; those that can share a stack at once.

    Parameters
    ----------
    problems : list of TrainingProblem
        GANs whose configurations, devices and network architectures agree
        train as one stack; the others, and GANs whose networks cannot be
        stacked, one after the other.
    verbose : int
        Show a progress bar per training.

    Returns
    -------
    results : list
        For each problem, ``(ema, history)`` as :func:`train_gan` returns
        them, or the :class:`DivergenceError` it would raise.
    """
    results = [None] * len(problems)
    groups = {}
    for i, problem in enumerate(problems):
        groups.setdefault(_group_key(problem), []).append(i)
    for indices in groups.values():
        group = [problems[i] for i in indices]
        try:
            loop = _Loop(group)
        except NotStackable:  # raised before any draw: train them one by one
            trained = [_Loop([problem]).run(verbose)[0] for problem in group]
        else:
            trained = loop.run(verbose)
        for i, result in zip(indices, trained):
            results[i] = result
    return results


def _group_key(problem):
    return (
        problem.config,
        problem.n_classes,
        str(problem.data.device),
        architecture(problem.generator),
        architecture(problem.discriminator),
    )


class _Member:
    """One GAN of a training: its batches, draws, EMA generator and records."""

    def __init__(self, problem, offset):
        config = problem.config
        self.config = config
        self.batches = BalancedBatches(problem.labels, problem.n_classes)
        self.offset = offset  # where its rows start in the training's rows
        self.n_classes = problem.n_classes
        self.device = problem.data.device
        self.torch_generator = problem.torch_generator
        self.activate = problem.activate
        self.augment = problem.augment
        self.ema = copy.deepcopy(problem.generator).requires_grad_(False)
        self.steps_per_epoch = max(1, math.ceil(len(problem.data) / config.batch_size))
        self.history, self.done, self.score = [], 0, None
        self.stop_reason, self.steps_done = "max_steps", config.max_steps
        self.stopper = self.distance = None
        if problem.validation is not None:
            self.distance = SlicedDistance(
                *problem.validation,
                problem.n_classes,
                config.latent_dim,
                self.activate,
                seed_for(self.torch_generator.initial_seed()),
            )
            self.stopper = EarlyStopping(self.ema, config.n_iter_no_change, config.tol)

    def draw(self):
        """This GAN's next batch: ``(index, classes, z)``, ``index`` into
        the training's rows."""
        config = self.config
        index, classes = self.batches.draw(
            config.batch_size, self.torch_generator, config.pack_size
        )
        z = torch.randn(
            config.batch_size,
            config.latent_dim,
            generator=self.torch_generator,
            device=self.device,
        )
        if self.offset:
            index = index + self.offset
        return index, classes, z

    def seen(self, x):
        """What the discriminator sees of this GAN's batch ``x``."""
        return x if self.augment is None else self.augment(x, self.torch_generator)

    def file(self, values, step, epoch_end, checked):
        """Turn the values read at a check into a record; return ``(record,
        finished)``. Raises DivergenceError."""
        n_steps = self.config.max_steps
        last = step == n_steps - 1
        record = _record(values, len(self.history), step + 1, n_steps)
        stop = False
        if self.stopper is not None and checked:
            self.score = -record.pop("validation_distance")
            stop = self.stopper.update(self.score, step + 1) and not last
        if self.score is not None:
            record["validation_score"] = self.score
        if epoch_end or stop:
            self.history.append(record)
            self.done, self.score = 0, None
        if stop:
            self.stop_reason, self.steps_done = "n_iter_no_change", step + 1
        return record, stop or last

    def result(self, buffers):
        """``(ema, history)`` once training ended; ``buffers`` are this GAN's
        trained generator's buffers, by name."""
        self.history[-1].update(stop_reason=self.stop_reason, n_steps=self.steps_done)
        if self.stopper is not None:
            self.stopper.restore()
            self.history[-1]["best_step"] = self.stopper.best_step
        with torch.no_grad():
            for name, buffer in self.ema.named_buffers():
                buffer.copy_(buffers[name])
        eye = torch.eye(self.n_classes, device=self.device)

        def ema_batch():
            _, classes, z = self.draw()
            return z, eye[classes]

        _standing_statistics(self.ema, ema_batch)
        return self.ema.eval(), self.history


class _Loop:
    """The training of one GAN, or of several stacked, step by step.

    One GAN trains its own networks; several train copies of theirs stacked
    along a first axis (:func:`~skgan.nn._stacked.stack_networks`), their
    batches member-major (member ``k``'s ``B`` samples at ``[k * B : (k + 1)
    * B]``). Raises NotStackable, before any draw, for networks that cannot
    be stacked.
    """

    def __init__(self, problems):
        first = problems[0]
        self.config = first.config
        self.stacked = len(problems) > 1
        if self.stacked:
            self.generator = stack_networks([p.generator for p in problems])
            self.discriminator = stack_networks([p.discriminator for p in problems])
            self.data = torch.cat([p.data for p in problems])
            optimizer = MemberAdam
        else:
            self.generator, self.discriminator = first.generator, first.discriminator
            self.data = first.data
            optimizer = Adam
        self.generator.train()
        self.discriminator.train()
        offsets = [0]
        for p in problems[:-1]:
            offsets.append(offsets[-1] + len(p.data))
        self.members = [_Member(p, o) for p, o in zip(problems, offsets)]
        self.device = self.data.device
        self.eye = torch.eye(first.n_classes, device=self.device)
        self.opt_g = optimizer(
            self.generator.parameters(), self.config.generator_learning_rate
        )
        self.opt_d = optimizer(
            self.discriminator.parameters(), self.config.discriminator_learning_rate
        )
        self.sums = torch.zeros(len(problems), 4, device=self.device)
        self._link()

    def _link(self):
        """The tensors that follow the weights (after a selection)."""
        self.g_params = list(self.generator.parameters())
        if self.stacked:
            named = dict(self.generator.named_parameters())
            self.ema_tensors, self.g_slices = [], []
            for k, member in enumerate(self.members):
                for name, tensor in member.ema.named_parameters():
                    self.ema_tensors.append(tensor)
                    self.g_slices.append(named[name].detach()[k])
        else:
            self.ema_tensors = list(self.members[0].ema.parameters())
            self.g_slices = [p.detach() for p in self.g_params]
        self.watched = (
            _floating_tensors(self.generator),
            _floating_tensors(self.discriminator),
        )
        self.scoring = ScoringMode(self.discriminator)

    def run(self, verbose):
        """Train every GAN; their results (``(ema, history)`` or a
        DivergenceError) in order."""
        n_steps = self.config.max_steps
        results = [None] * len(self.members)
        positions = list(range(len(self.members)))  # index in the problems
        # plain-line reports at checks: about N_REPORTS of them
        every = CHECK_EVERY * max(1, n_steps // (N_REPORTS * CHECK_EVERY))
        progress = Progress(verbose, n_steps, every)
        try:
            for step in range(n_steps):
                self.sums += self._step(step)
                finished = self._bookkeeping(step, progress)
                if not finished:
                    continue
                for k, result in finished.items():
                    results[positions[k]] = result
                keep = [k for k in range(len(self.members)) if k not in finished]
                if not keep:
                    if step + 1 < n_steps:
                        self._say_why(results, progress, step + 1)
                    break
                positions = [positions[k] for k in keep]
                self._select(keep)
        finally:
            progress.close()
        return results

    def _say_why(self, results, progress, step):
        """Tell the progress display why every GAN ended before the last
        step (a single GAN that diverged raises instead)."""
        diverged = sum(isinstance(r, DivergenceError) for r in results)
        stopped = [r[1] for r in results if not isinstance(r, DivergenceError)]
        if stopped or diverged > 1:
            config = self.config
            reason = why_stopped(stopped, diverged, config.n_iter_no_change, config.tol)
            progress.stopped(step, reason)

    def _bookkeeping(self, step, progress):
        """Read and file the records due after ``step``; return the results
        of the GANs that ended, by position in the stack."""
        for member in self.members:
            member.done += 1
        last = step == self.config.max_steps - 1
        checked = last or (step + 1) % CHECK_EVERY == 0
        due = [
            k
            for k, m in enumerate(self.members)
            if checked or m.done == m.steps_per_epoch
        ]
        if not due:
            return {}
        values = self._read(checked)
        finished, shown = {}, None
        for k in due:
            member = self.members[k]
            epoch_end = member.done == member.steps_per_epoch or last
            try:
                record, ended = member.file(values[k], step, epoch_end, checked)
            except DivergenceError as error:
                finished[k] = error
                continue
            if epoch_end or ended:
                self.sums[k].zero_()
            if ended:
                finished[k] = member.result(self._member_buffers(k))
            shown = shown or record
        if shown is not None:
            progress.update(step + 1, shown, last=last)
        return finished

    def _member_buffers(self, k):
        """Member ``k``'s slices of the trained generator's buffers, by name."""
        buffers = self.generator.named_buffers()
        if self.stacked:
            return {name: b[k] for name, b in buffers}
        return dict(buffers)

    def _read(self, checked):
        """One host-device sync: per GAN, the mean losses since its epoch
        began, the largest absolute weights of its networks and (at a check,
        with early stopping) its validation distance."""
        n = len(self.members)
        with torch.no_grad():
            done = torch.tensor([max(1, m.done) for m in self.members])
            means = self.sums / done.to(self.device).unsqueeze(1)
            largest = [
                torch.cat([t.reshape(n, -1) for t in tensors], 1).abs().amax(1)
                for tensors in self.watched
            ]
            table = torch.cat([means, *(x.unsqueeze(1) for x in largest)], 1)
            validating = [
                k
                for k, m in enumerate(self.members)
                if checked and m.distance is not None
            ]
            distances = [
                self.members[k].distance(self.members[k].ema) for k in validating
            ]
            flat = torch.cat([table.flatten(), *(d.reshape(1) for d in distances)])
            flat = flat.tolist()
        width = table.shape[1]
        values = [flat[k * width : (k + 1) * width] for k in range(n)]
        for k, distance in zip(validating, flat[n * width :]):
            values[k].append(distance)
        return values

    def _select(self, keep):
        """Go on with the GANs at positions ``keep`` only (of a stack)."""
        self.members = [self.members[k] for k in keep]
        select_members(self.generator, keep)
        select_members(self.discriminator, keep)
        self.opt_g = self.opt_g.select(self.generator.parameters(), keep)
        self.opt_d = self.opt_d.select(self.discriminator.parameters(), keep)
        self.sums = self.sums[keep]
        self._link()

    # -- one step for every GAN ---------------------------------------------

    def _step(self, step):
        """One step of every GAN; their (K, 4) losses and scores."""
        for _ in range(self.config.discriminator_steps - 1):
            index, y, z = self._draw()
            with torch.no_grad():
                fake = self._fake(z, y)
            self._discriminator_step(self.data[index], fake, y)
        index, y, z = self._draw()
        fake = self._fake(z, y)
        real = self.data[index]
        d_loss, d_real, d_fake = self._discriminator_step(real, fake, y)
        g_loss = self._generator_step(real, fake, y)
        decay = min(self.config.ema_decay, (1.0 + step) / (10.0 + step))
        with torch.no_grad():
            torch._foreach_lerp_(self.ema_tensors, self.g_slices, 1.0 - decay)
        return torch.stack([d_loss, g_loss, d_real, d_fake], 1)

    def _draw(self):
        """Each GAN's batch and latent vectors from its own generator:
        ``(index, y, z)`` for the K * batch_size rows, member-major."""
        draws = [member.draw() for member in self.members]
        index, classes, z = (_cat(parts) for parts in zip(*draws))
        return index, self.eye[classes], z

    def _fake(self, z, y):
        raw = self.generator(z, y)
        parts = raw.split(self.config.batch_size)
        fake = [m.activate(p, m.torch_generator) for m, p in zip(self.members, parts)]
        if all(f is p for f, p in zip(fake, parts)):  # no activation
            return raw
        return _cat(fake)

    def _seen(self, x):
        """What the discriminator sees of ``x`` (each GAN's augmentation)."""
        if all(m.augment is None for m in self.members):
            return x
        parts = x.split(len(x) // len(self.members))
        return _cat([m.seen(p) for m, p in zip(self.members, parts)])

    def _discriminator_step(self, real, fake, y):
        """Minimise each GAN's hinge loss relu(1 - D(T(x), y)) + relu(1 +
        D(T(G(z, y)), y)), ``T`` its augmentation, on its real then its fake
        batch scored as one batch; one Adam step for all."""
        n = len(self.members)
        if n == 1:
            pair, labels = torch.cat([real, fake.detach()]), torch.cat([y, y])
        else:
            pair = torch.stack(
                [
                    real.reshape(n, -1, *real.shape[1:]),
                    fake.detach().reshape(n, -1, *real.shape[1:]),
                ],
                1,
            ).flatten(0, 2)
            labels = torch.stack([y.reshape(n, -1, y.shape[1])] * 2, 1).flatten(0, 2)
        scores = self.discriminator(self._seen(pair), labels).view(n, 2, -1)
        real_scores, fake_scores = scores[:, 0], scores[:, 1]
        loss = hinge_discriminator(real_scores, fake_scores)
        self.opt_d.zero_grad()
        loss.sum().backward()
        self.opt_d.step()
        return (
            loss.detach(),
            real_scores.detach().mean(-1),
            fake_scores.detach().mean(-1),
        )

    def _generator_step(self, real, fake, y):
        """Minimise each GAN's -D(T(G(z, y)), y) plus its moment-matching
        term on the same fake batch, scored by its updated discriminator in
        :class:`ScoringMode`; gradients reach the generator's weights only."""
        n = len(self.members)
        with self.scoring():
            scores = self.discriminator(self._seen(fake), y).view(n, -1)
            loss = hinge_generator(scores)
        if self.config.moment_matching:
            batch = self.config.batch_size
            gap = class_moment_gap(
                real.reshape(n, batch, -1),
                fake.reshape(n, batch, -1),
                y.reshape(n, batch, -1),
            )
            loss = loss + self.config.moment_matching * gap
        self.opt_g.zero_grad()
        loss.sum().backward(inputs=self.g_params)
        self.opt_g.step()
        return loss.detach()


def _cat(tensors):
    """``torch.cat``, without a copy for a single tensor."""
    return tensors[0] if len(tensors) == 1 else torch.cat(tensors)


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


def _floating_tensors(module):
    """The parameters and floating-point buffers (spectral-norm vectors) of
    ``module``: the tensors the divergence check watches."""
    buffers = [b for b in module.buffers() if b.is_floating_point()]
    return list(module.parameters()) + buffers


def _record(values, epoch, step, n_steps):
    """The loss record from the values a check reads: the four mean losses,
    the largest absolute weight of each network (and the validation
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
