"""Train several GANs at once, each as ``train_gan`` would train it alone.

The GANs of a cross-validation (one per fold, per seed, per setting) are
small and independent. :func:`train_gans` stacks the networks of every group
of GANs with the same architecture and settings (:mod:`skgan.nn._stacked`)
and runs one training loop for the group, in which every operation on the
networks, the optimizers and the losses is one call for all of its GANs.
Each GAN keeps what makes its training its own, step for step as in
:func:`~skgan._training.train_gan`: its rows and class-balanced batches, its
torch generator (the same draws in the same order: the batch, the latent
vectors, the activation's draws, the augmentation's), its EMA generator, its
loss records, its divergence checks and its early stopping (the same
:class:`~skgan._early_stopping.SlicedDistance` and
:class:`~skgan._early_stopping.EarlyStopping`, on its own EMA generator). A
GAN that stops early, or diverges, leaves the stack at that check; the others
go on.

The results are those of separate trainings up to float rounding: batched
matrix products and reductions may round the last bit differently. Networks
with running statistics (the image generator's batch normalization) cannot
be stacked: their GANs are trained one by one.
"""

import copy
import math

import torch

from skgan._early_stopping import EarlyStopping, SlicedDistance, seed_for
from skgan._losses import class_moment_gap, hinge_discriminator, hinge_generator
from skgan._training import (
    CHECK_EVERY,
    BalancedBatches,
    DivergenceError,
    ScoringMode,
    _Adam,
    _floating_tensors,
    _Progress,
    _record,
    adam_update,
    train_gan,
)
from skgan.nn._stacked import (
    NotStackable,
    architecture,
    select_members,
    stack_networks,
)

# What the GANs of one stack share: train_gan's arguments that are one
# number for the whole stack.
_SHARED = (
    "n_classes",
    "latent_dim",
    "n_steps",
    "batch_size",
    "pack_size",
    "generator_learning_rate",
    "discriminator_learning_rate",
    "discriminator_steps",
    "ema_decay",
    "moment_weight",
)


def train_gans(problems, verbose=0):
    """Train the GAN of every problem; the GANs that can share a stack at once.

    Parameters
    ----------
    problems : list of dict
        The arguments of :func:`~skgan._training.train_gan` (all but
        ``verbose``) for each GAN. GANs whose networks have the same
        architecture and whose settings (:data:`_SHARED`) and device agree
        are trained together.
    verbose : int
        Show a progress bar per group of GANs.

    Returns
    -------
    results : list
        For each problem, ``(ema, history)`` as ``train_gan`` returns them,
        or the :class:`~skgan._training.DivergenceError` it would raise.
    """
    results = [None] * len(problems)
    groups = {}
    for i, problem in enumerate(problems):
        groups.setdefault(_group_key(problem), []).append(i)
    for indices in groups.values():
        group = [problems[i] for i in indices]
        try:
            trained = _Stack(group).train(verbose)
        except NotStackable:  # raised before any draw: train them one by one
            trained = [_train_alone(problem, verbose) for problem in group]
        for i, result in zip(indices, trained):
            results[i] = result
    return results


def _group_key(problem):
    return (
        *(problem[name] for name in _SHARED),
        str(problem["data"].device),
        architecture(problem["generator"]),
        architecture(problem["discriminator"]),
    )


def _train_alone(problem, verbose):
    try:
        return train_gan(**problem, verbose=verbose)
    except DivergenceError as error:
        return error


def _why_all_stopped(results):
    """What the progress display says when every GAN of a stack ended before
    the last step: how many stopped early, at which steps, which weights
    they kept (and how many diverged)."""
    stopped = [r[1][-1] for r in results if not isinstance(r, DivergenceError)]
    stopped = [h for h in stopped if h["stop_reason"] == "n_iter_no_change"]
    diverged = sum(isinstance(r, DivergenceError) for r in results)
    if not stopped:
        return f"all {len(results)} GANs diverged"
    steps = ", ".join(str(h["n_steps"]) for h in stopped)
    best = ", ".join(str(h["best_step"]) for h in stopped)
    if not diverged:
        return (
            f"all {len(results)} GANs stopped for lack of improvement (at steps "
            f"{steps}); each kept the weights of its best check (steps {best})"
        )
    return (
        f"{len(stopped)} of {len(results)} GANs stopped for lack of improvement "
        f"(at steps {steps}; each kept the weights of its best check: steps "
        f"{best}), {diverged} diverged"
    )


class _Member:
    """One GAN of a stack: its batches, draws, EMA generator and records."""

    def __init__(self, problem, offset):
        self.batches = BalancedBatches(problem["labels"], problem["n_classes"])
        self.offset = offset  # where its rows start in the stack's rows
        self.torch_generator = problem["torch_generator"]
        self.activate = problem["activate"]
        self.augment = problem["augment"]
        self.ema = copy.deepcopy(problem["generator"]).requires_grad_(False)
        self.steps_per_epoch = max(
            1, math.ceil(len(problem["data"]) / problem["batch_size"])
        )
        self.history, self.done, self.score = [], 0, None
        self.stop_reason, self.steps_done = "max_steps", problem["n_steps"]
        self.stopper = self.distance = None
        if problem["validation"] is not None:
            self.distance = SlicedDistance(
                *problem["validation"],
                problem["n_classes"],
                problem["latent_dim"],
                self.activate,
                seed_for(self.torch_generator.initial_seed()),
            )
            self.stopper = EarlyStopping(
                self.ema, problem["n_iter_no_change"], problem["tol"]
            )

    def seen(self, x):
        """What the discriminator sees of this GAN's batch ``x``."""
        return x if self.augment is None else self.augment(x, self.torch_generator)

    def file(self, values, step, n_steps, epoch_end, checked):
        """Turn the values read at a check into a record (as ``train_gan``
        does); return ``(record, finished)``. Raises DivergenceError."""
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
        slices of the trained generator's buffers, by name."""
        self.history[-1].update(stop_reason=self.stop_reason, n_steps=self.steps_done)
        if self.stopper is not None:
            self.stopper.restore()
            self.history[-1]["best_step"] = self.stopper.best_step
        with torch.no_grad():
            for name, buffer in self.ema.named_buffers():
                buffer.copy_(buffers[name])
        return self.ema.eval(), self.history


class _Stack:
    """The GANs of one group, their networks stacked, trained step by step."""

    def __init__(self, problems):
        first = problems[0]
        self.generator = stack_networks([p["generator"] for p in problems]).train()
        self.discriminator = stack_networks(
            [p["discriminator"] for p in problems]
        ).train()
        offsets = [0]
        for p in problems[:-1]:
            offsets.append(offsets[-1] + len(p["data"]))
        self.members = [_Member(p, o) for p, o in zip(problems, offsets)]
        self.data = torch.cat([p["data"] for p in problems])
        self.device = self.data.device
        self.eye = torch.eye(first["n_classes"], device=self.device)
        for name in _SHARED:
            setattr(self, name, first[name])
        self.opt_g = _MemberAdam(
            self.generator.parameters(), self.generator_learning_rate
        )
        self.opt_d = _MemberAdam(
            self.discriminator.parameters(), self.discriminator_learning_rate
        )
        self.sums = torch.zeros(len(problems), 4, device=self.device)
        self._link()

    def _link(self):
        """The tensors that follow the stacked weights (after a selection)."""
        self.g_params = list(self.generator.parameters())
        named = dict(self.generator.named_parameters())
        self.ema_tensors, self.g_slices = [], []
        for k, member in enumerate(self.members):
            for name, tensor in member.ema.named_parameters():
                self.ema_tensors.append(tensor)
                self.g_slices.append(named[name].detach()[k])
        self.watched = (
            _floating_tensors(self.generator),
            _floating_tensors(self.discriminator),
        )
        self.scoring = ScoringMode(self.discriminator)

    def train(self, verbose):
        """Train every GAN; their results in order."""
        results = [None] * len(self.members)
        positions = list(range(len(self.members)))  # index in the problems
        self.verbose = verbose
        progress = _Progress(verbose, self.n_steps)
        try:
            for step in range(self.n_steps):
                self.sums += self._step(step)
                finished = self._bookkeeping(step, progress)
                if not finished:
                    continue
                for k, result in finished.items():
                    results[positions[k]] = result
                keep = [k for k in range(len(self.members)) if k not in finished]
                if not keep:
                    if step + 1 < self.n_steps:
                        progress.stopped(step + 1, _why_all_stopped(results))
                    break
                positions = [positions[k] for k in keep]
                self._select(keep)
        finally:
            progress.close()
        return results

    def _bookkeeping(self, step, progress):
        """Read and file the records due after ``step``; return the results
        of the GANs that ended, by position in the stack."""
        for member in self.members:
            member.done += 1
        last = step == self.n_steps - 1
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
                record, ended = member.file(
                    values[k], step, self.n_steps, epoch_end, checked
                )
            except DivergenceError as error:
                finished[k] = error
                continue
            if epoch_end or ended:
                self.sums[k].zero_()
            if ended:
                buffers = {name: b[k] for name, b in self.generator.named_buffers()}
                finished[k] = member.result(buffers)
            shown = shown or record
        if shown is not None:
            progress.update(step + 1, shown)
            every = max(CHECK_EVERY, self.n_steps // 10)
            if self.verbose and (last or (step + 1) % every == 0):
                progress.report(shown, step + 1)
        return finished

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
        """Go on with the GANs at positions ``keep`` only."""
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
        for _ in range(self.discriminator_steps - 1):
            index, y, z = self._draw()
            with torch.no_grad():
                fake = self._fake(z, y)
            self._discriminator_step(self.data[index], fake, y)
        index, y, z = self._draw()
        fake = self._fake(z, y)
        real = self.data[index]
        d_loss, d_real, d_fake = self._discriminator_step(real, fake, y)
        g_loss = self._generator_step(real, fake, y)
        decay = min(self.ema_decay, (1.0 + step) / (10.0 + step))
        with torch.no_grad():
            torch._foreach_lerp_(self.ema_tensors, self.g_slices, 1.0 - decay)
        return torch.stack([d_loss, g_loss, d_real, d_fake], 1)

    def _draw(self):
        """Each GAN's batch and latent vectors from its own generator:
        ``(index, y, z)`` for the K * batch_size rows, member-major."""
        indices, classes, zs = [], [], []
        for member in self.members:
            index, c = member.batches.draw(
                self.batch_size, member.torch_generator, self.pack_size
            )
            indices.append(index + member.offset)
            classes.append(c)
            zs.append(
                torch.randn(
                    self.batch_size,
                    self.latent_dim,
                    generator=member.torch_generator,
                    device=self.device,
                )
            )
        return torch.cat(indices), self.eye[torch.cat(classes)], torch.cat(zs)

    def _fake(self, z, y):
        raw = self.generator(z, y)
        parts = raw.split(self.batch_size)
        fake = [m.activate(p, m.torch_generator) for m, p in zip(self.members, parts)]
        if all(f is p for f, p in zip(fake, parts)):  # no activation
            return raw
        return torch.cat(fake)

    def _seen(self, x):
        """What the discriminator sees of ``x`` (each GAN's augmentation)."""
        if all(m.augment is None for m in self.members):
            return x
        parts = x.split(len(x) // len(self.members))
        return torch.cat([m.seen(p) for m, p in zip(self.members, parts)])

    def _discriminator_step(self, real, fake, y):
        """Each GAN's hinge loss on its real then fake batch (as one batch,
        as ``train_gan`` scores them); one Adam step for all."""
        n = len(self.members)
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
        """Each GAN's generator loss (with moment matching) on the same fake
        batch, scored by its updated discriminator in eval mode."""
        n = len(self.members)
        with self.scoring():
            scores = self.discriminator(self._seen(fake), y).view(n, -1)
            loss = hinge_generator(scores)
        if self.moment_weight:
            gap = class_moment_gap(
                real.reshape(n, self.batch_size, -1),
                fake.reshape(n, self.batch_size, -1),
                y.reshape(n, self.batch_size, -1),
            )
            loss = loss + self.moment_weight * gap
        self.opt_g.zero_grad()
        loss.sum().backward(inputs=self.g_params)
        self.opt_g.step()
        return loss.detach()


class _MemberAdam(_Adam):
    """:class:`~skgan._training._Adam` for stacked weights: one fused call
    for every GAN, each GAN's slice of a weight passed as a tensor of its
    own, as its own optimizer passes it (vectorized kernels treat the last
    elements of a tensor apart and may round them differently)."""

    def __init__(self, params, learning_rate):
        super().__init__(params, learning_rate)
        self._slice()

    def _slice(self):
        def members(tensors):
            return [member for t in tensors for member in t.detach().unbind(0)]

        self.param_slices = members(self.params)
        self.avg_slices = members(self.exp_avgs)
        self.sq_slices = members(self.exp_avg_sqs)
        self.step_slices = [s for s, p in zip(self.steps, self.params) for _ in p]

    def step(self):
        torch._foreach_add_(self.steps, 1)
        grads = [g for p in self.params for g in p.grad.unbind(0)]
        adam_update(
            self.param_slices,
            grads,
            self.avg_slices,
            self.sq_slices,
            self.step_slices,
            self.lr,
        )

    def select(self, params, keep):
        """The optimizer of the stacked ``params`` of the GANs ``keep``."""
        selected = _MemberAdam(params, self.lr)
        index = torch.as_tensor(keep, device=selected.params[0].device)
        selected.exp_avgs = [s[index] for s in self.exp_avgs]
        selected.exp_avg_sqs = [s[index] for s in self.exp_avg_sqs]
        selected.steps = [s.clone() for s in self.steps]
        selected._slice()
        return selected
