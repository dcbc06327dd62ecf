"""The training loop: balanced batches, history, EMA, determinism, progress
and divergence."""

import math
import pickle
import re
import sys
import types

import pytest
import torch

import skgan._training
from skgan._config import TrainingConfig
from skgan._losses import hinge_discriminator, hinge_generator, moment_matching
from skgan._training import (
    CHECK_EVERY,
    BalancedBatches,
    DivergenceError,
    TrainingProblem,
    train_gan,
    train_gans,
)
from skgan.nn import ResidualMLPDiscriminator, ResidualMLPGenerator
from skgan.nn._tabular import NUMERIC, Span


def test_balanced_batches_draw_every_class_equally():
    labels = torch.tensor([0] * 1000 + [1] * 10 + [2] * 1)
    batches = BalancedBatches(labels, 4)  # class 3 is absent
    g = torch.Generator().manual_seed(0)
    index, classes = batches.draw(6000, g, pack_size=3)
    counts = torch.bincount(classes, minlength=4)
    assert counts[3] == 0
    assert ((counts[:3] - 2000).abs() < 200).all()
    assert torch.equal(labels[index], classes)
    assert (classes.view(-1, 3) == classes.view(-1, 3)[:, :1]).all()  # one class a pack


def test_losses():
    real, fake = torch.tensor([2.0, 0.5]), torch.tensor([-2.0, 0.0])
    assert hinge_discriminator(real, fake).item() == (0 + 0.5) / 2 + (0 + 1) / 2
    assert hinge_generator(fake).item() == 1.0
    y = torch.eye(2)[[0, 0, 1, 1]]
    x = torch.tensor([[0.0], [2.0], [5.0], [5.0]])
    assert moment_matching(x, x, y).item() == 0.0
    assert moment_matching(x, x + 1.0, y).item() == 1.0


def _config(**changes):
    """A small GAN's training configuration."""
    settings = dict(
        latent_dim=4,
        generator_hidden_sizes=(16,),
        discriminator_hidden_sizes=(16,),
        generator_learning_rate=1e-3,
        discriminator_learning_rate=1e-3,
        batch_size=16,
        pack_size=2,
        moment_matching=1.0,
        discriminator_augmentation=False,
        max_steps=30,
        early_stopping=False,
        validation_fraction=None,
        n_iter_no_change=10,
        tol=0.0,
        discriminator_steps=2,
        ema_decay=0.9,
        device="cpu",
    )
    return TrainingConfig(**{**settings, **changes})


def _problem(
    seed,
    n_steps=30,
    learning_rate=1e-3,
    ema_decay=0.9,
    n_rows=50,
    validation=None,
    augment=None,
    **config,
):
    """A small GAN to train."""
    torch.manual_seed(seed)
    spans = [Span(NUMERIC, 3)]
    data = torch.randn(n_rows, 3)
    return TrainingProblem(
        generator=ResidualMLPGenerator(4, 2, (16,), spans),
        discriminator=ResidualMLPDiscriminator(3, 2, (16,), pack_size=2),
        data=data,
        labels=torch.tensor([0] * (n_rows - 10) + [1] * 10),
        n_classes=2,
        activate=lambda raw, g: raw,
        augment=augment,
        validation=validation,
        torch_generator=torch.Generator().manual_seed(seed),
        config=_config(
            max_steps=n_steps,
            generator_learning_rate=learning_rate,
            discriminator_learning_rate=learning_rate,
            ema_decay=ema_decay,
            early_stopping=validation is not None,
            **config,
        ),
    )


def _train(seed, n_steps=30, verbose=0, **kwargs):
    problem = _problem(seed, n_steps, **kwargs)
    return train_gan(problem, verbose), problem.generator


def test_one_gan_is_the_loop_of_many_with_one():
    """train_gan is train_gans of one problem: the same loop."""
    (ema, history), _ = _train(3, n_steps=25)
    ((ema_k, history_k),) = train_gans([_problem(3, 25)])
    assert history == history_k
    for p, q in zip(ema.parameters(), ema_k.parameters()):
        assert torch.equal(p, q)


def test_history_and_ema():
    (ema, history), generator = _train(0)
    # 50 rows / 16 per batch -> 4 steps an epoch; 30 steps -> 8 records
    assert len(history) == 8
    numbers = [v for h in history for k, v in h.items() if k != "stop_reason"]
    assert all(math.isfinite(v) for v in numbers)
    assert [h["step"] for h in history] == [4, 8, 12, 16, 20, 24, 28, 30]
    assert history[-1]["stop_reason"] == "max_steps"
    assert history[-1]["n_steps"] == 30
    assert "best_step" not in history[-1]  # no early stopping
    assert not ema.training
    assert not any(p.requires_grad for p in ema.parameters())
    differs = [
        not torch.equal(a, b) for a, b in zip(ema.parameters(), generator.parameters())
    ]
    assert any(differs)  # an average, not a copy


def test_same_seed_same_weights():
    (a, _), _ = _train(1)
    (b, _), _ = _train(1)
    for p, q in zip(a.parameters(), b.parameters()):
        assert torch.equal(p, q)


# -- progress (verbose) ------------------------------------------------------


class _FakeBar:
    """Stands in for ``tqdm.auto.tqdm``: records what the loop asks of it."""

    made = []

    def __init__(self, total, **kwargs):
        self.total, self.n, self.postfixes, self.closed = total, 0, [], False
        self.made.append(self)

    def set_postfix_str(self, text, refresh=True):
        self.postfixes.append(text)

    def update(self, n):
        self.n += n

    def close(self):
        self.closed = True


@pytest.fixture
def fake_tqdm(monkeypatch):
    module = types.ModuleType("tqdm.auto")
    module.tqdm = _FakeBar
    monkeypatch.setitem(sys.modules, "tqdm.auto", module)
    monkeypatch.setattr(_FakeBar, "made", [])
    return _FakeBar.made


def test_verbose_0_prints_nothing_and_needs_no_tqdm(capfd, fake_tqdm):
    _train(0, n_steps=12)
    assert capfd.readouterr() == ("", "")
    assert fake_tqdm == []  # the bar is never made


def test_verbose_shows_a_tqdm_bar_over_the_steps(capfd):
    pytest.importorskip("tqdm")
    _train(0, n_steps=12, verbose=1)
    out, err = capfd.readouterr()
    assert out == ""
    assert "12/12" in err  # tqdm writes to stderr
    assert re.search(r"D loss -?\d+\.\d{3}, G loss -?\d+\.\d{3}", err)


def test_bar_updates_rarely_and_closes(fake_tqdm):
    _train(0, n_steps=20, verbose=1, n_rows=500)
    (bar,) = fake_tqdm
    # 500 rows, 16 a batch: no epoch ends within 20 steps, so the losses are
    # read every CHECK_EVERY steps only
    assert bar.total == bar.n == 20 and bar.closed
    assert len(bar.postfixes) == 20 // CHECK_EVERY
    assert all(text.startswith("D loss ") for text in bar.postfixes)


def test_without_tqdm_plain_lines(capfd, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # import fails
    _train(0, n_steps=12, verbose=1)
    out, err = capfd.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == 2  # at the check of step 10, and at the last step
    assert all(line.startswith("[skgan] step ") for line in lines)
    assert "step 10/12" in lines[0]
    assert "step 12/12" in lines[-1] and "D loss" in lines[-1]


def test_about_ten_plain_lines_at_checks(capfd, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    _train(0, n_steps=250, verbose=1)
    steps = re.findall(r"step (\d+)/250", capfd.readouterr().out)
    assert steps == [str(20 * i) for i in range(1, 13)] + ["250"]


# stops at the second check (step 20): no improvement is ever large enough
STOPS_EARLY = dict(n_iter_no_change=1, tol=1e9)


def _validation():
    return torch.randn(50, 3), torch.tensor([0] * 40 + [1] * 10)


def _stop_lines(text):
    return [line for line in text.splitlines() if "stopped early" in line]


def test_an_early_stop_finishes_the_bar_and_says_why(fake_tqdm, capfd):
    (_, history), _ = _train(
        0, n_steps=200, verbose=1, validation=_validation(), **STOPS_EARLY
    )
    assert history[-1]["n_steps"] == 20
    (bar,) = fake_tqdm
    assert bar.closed and bar.total == bar.n == 20  # finished, not frozen at 10 %
    out, err = capfd.readouterr()
    assert out == ""
    assert _stop_lines(err) == [
        "[skgan] stopped early at step 20 of 200: no improvement by more than "
        "tol=1e+09 in the last 1 checks; kept the weights of step "
        f"{history[-1]['best_step']}"
    ]


def test_an_early_stop_is_said_once_without_tqdm(capfd, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # import fails
    (_, history), _ = _train(
        0, n_steps=200, verbose=1, validation=_validation(), **STOPS_EARLY
    )
    out, err = capfd.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert "step 20/200" in lines[-2]  # the last report, at the stop step
    assert _stop_lines(out) == [lines[-1]]
    assert lines[-1] == (
        "[skgan] stopped early at step 20 of 200: no improvement by more than "
        "tol=1e+09 in the last 1 checks; kept the weights of step "
        f"{history[-1]['best_step']}"
    )


def test_no_improvement_without_tol_is_said_plainly(capfd, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    monkeypatch.setattr(
        skgan._training.EarlyStopping, "update", lambda self, score, step: True
    )
    _train(0, n_steps=200, verbose=1, validation=_validation(), n_iter_no_change=3)
    (line,) = _stop_lines(capfd.readouterr().out)
    assert line == (
        "[skgan] stopped early at step 10 of 200: no improvement in the last 3 "
        "checks; kept the weights of step 0"
    )


def test_training_to_the_last_step_says_nothing_of_stopping(fake_tqdm, capfd):
    _train(0, n_steps=30, verbose=1, validation=_validation(), n_iter_no_change=100)
    (bar,) = fake_tqdm
    assert bar.total == bar.n == 30
    assert _stop_lines("".join(capfd.readouterr())) == []


def test_a_stack_that_stops_early_finishes_its_bar_and_says_why(fake_tqdm, capfd):
    problems = [
        _problem(seed, 200, validation=_validation(), **STOPS_EARLY) for seed in (0, 1)
    ]
    results = train_gans(problems, verbose=1)
    (bar,) = fake_tqdm
    steps = [history[-1]["n_steps"] for _, history in results]
    best = [history[-1]["best_step"] for _, history in results]
    assert bar.closed and bar.total == bar.n == max(steps) < 200
    out, err = capfd.readouterr()
    assert _stop_lines(err) == [
        f"[skgan] stopped early at step {max(steps)} of 200: all 2 GANs stopped "
        f"for lack of improvement (at steps {steps[0]}, {steps[1]}); each kept the "
        f"weights of its best check (steps {best[0]}, {best[1]})"
    ]


# -- divergence --------------------------------------------------------------


def test_checks_every_ten_steps_and_at_epoch_ends(monkeypatch):
    steps = []
    record = skgan._training._record

    def recording(values, epoch, step, n_steps):
        steps.append(step)
        return record(values, epoch, step, n_steps)

    monkeypatch.setattr(skgan._training, "_record", recording)
    _train(0, n_steps=15, n_rows=130)  # 9 steps an epoch
    assert steps == [9, 10, 15]


def test_huge_learning_rates_diverge_within_a_few_steps():
    with pytest.raises(DivergenceError) as info:
        _train(0, n_steps=200, learning_rate=1e8, ema_decay=0.0, n_rows=500)
    error = info.value
    assert error.step == CHECK_EVERY and error.n_steps == 200
    assert isinstance(error, FloatingPointError)
    assert f"step {CHECK_EVERY} of 200" in str(error)
    assert set(error.losses) >= {"discriminator_loss", "generator_loss"}
    assert pickle.loads(pickle.dumps(error)).summary == error.summary


def test_exploding_weights_diverge(monkeypatch):
    # finite losses, but a weight above the limit (lowered to make it happen)
    monkeypatch.setattr(skgan._training, "MAX_ABS_WEIGHT", 1e-3)
    with pytest.raises(DivergenceError) as info:
        _train(0, n_steps=12)
    error = info.value
    assert error.step == 4  # the first epoch's end (4 steps an epoch)
    assert math.isfinite(error.losses["generator_loss"])
    assert max(error.max_abs_weight.values()) > 1e-3


def test_bar_closed_when_training_diverges(fake_tqdm):
    with pytest.raises(DivergenceError):
        _train(0, n_steps=30, verbose=1, learning_rate=1e8, ema_decay=0.0)
    (bar,) = fake_tqdm
    assert bar.closed and bar.n < 30


def test_batch_norm_statistics_are_those_of_the_ema_generator(fast):
    """A generator with batch normalization (images) samples with running
    statistics estimated afresh for the EMA weights, as plain means over
    ``STANDING_STATISTICS_BATCHES`` batches."""
    from skgan import GANOversampler
    from skgan._training import STANDING_STATISTICS_BATCHES

    X = torch.rand(24, 6, 6, 2, generator=torch.Generator().manual_seed(0))
    X, y = X.numpy(), [0] * 12 + [1] * 12
    generator = GANOversampler(random_state=0, **fast).fit(X, y).generator_
    norms = [m for m in generator.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    assert norms and not generator.training
    for norm in norms:
        assert norm.num_batches_tracked.item() == STANDING_STATISTICS_BATCHES
        assert norm.momentum == 0.1  # restored after the estimate
        assert (norm.running_var > 0).all()
