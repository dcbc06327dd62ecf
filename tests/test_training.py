"""The training loop: balanced batches, history, EMA, determinism."""

import torch

from skgan._encoding import NUMERIC, Span
from skgan._losses import hinge_discriminator, hinge_generator, moment_matching
from skgan._training import BalancedBatches, train_gan
from skgan.nn import ResidualMLPDiscriminator, ResidualMLPGenerator


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


def _train(seed, n_steps=30):
    torch.manual_seed(seed)
    spans = [Span(NUMERIC, 3)]
    generator = ResidualMLPGenerator(4, 2, (16,), spans)
    discriminator = ResidualMLPDiscriminator(3, 2, (16,), pack_size=2)
    data = torch.randn(50, 3)
    labels = torch.tensor([0] * 40 + [1] * 10)
    return train_gan(
        generator,
        discriminator,
        data,
        labels,
        n_classes=2,
        activate=lambda raw, g: raw,
        latent_dim=4,
        n_steps=n_steps,
        batch_size=16,
        generator_learning_rate=1e-3,
        discriminator_learning_rate=1e-3,
        discriminator_steps=2,
        ema_decay=0.9,
        torch_generator=torch.Generator().manual_seed(seed),
        pack_size=2,
        moment_weight=1.0,
    ), generator


def test_history_and_ema():
    (ema, history), generator = _train(0)
    # 50 rows / 16 per batch -> 4 steps an epoch; 30 steps -> 8 records
    assert len(history) == 8
    assert all(torch.isfinite(torch.tensor(list(h.values()))).all() for h in history)
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
