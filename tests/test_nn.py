"""Networks and layers: shapes, conditioning, spectral normalization, packs."""

import pytest
import torch

from skgan.nn import (
    BigGANDiscriminator,
    BigGANGenerator,
    ConvSequenceDiscriminator,
    ConvSequenceGenerator,
    ResidualMLPDiscriminator,
    ResidualMLPGenerator,
)
from skgan.nn._layers import SNConv1d, SNLinear, double_length, halve_length
from skgan.nn._tabular import CATEGORICAL, NUMERIC, Span, activate_spans

SPANS = [Span(NUMERIC, 3), Span(CATEGORICAL, 4), Span(CATEGORICAL, 2)]


def test_generator_shapes_and_label_dependence():
    torch.manual_seed(0)
    generator = ResidualMLPGenerator(8, 3, (16, 24), SPANS)
    z = torch.randn(5, 8)
    a = generator(z, torch.eye(3)[[0] * 5])
    b = generator(z, torch.eye(3)[[1] * 5])
    assert a.shape == (5, 9)
    assert not torch.allclose(a, b)  # the label reaches the output
    soft = generator(z, torch.full((5, 3), 1 / 3))  # soft labels are accepted
    assert torch.isfinite(soft).all()


def test_activate_spans_relaxed_and_hard():
    raw = torch.randn(6, 9)
    g = torch.Generator().manual_seed(0)
    relaxed = activate_spans(raw, SPANS, generator=g)
    torch.testing.assert_close(relaxed[:, :3], raw[:, :3])
    torch.testing.assert_close(relaxed[:, 3:7].sum(1), torch.ones(6))
    assert (relaxed >= 0)[:, 3:].all() and torch.isfinite(relaxed).all()
    hard = activate_spans(raw, SPANS, hard=True, generator=g)
    assert set(hard[:, 3:].unique().tolist()) <= {0.0, 1.0}
    torch.testing.assert_close(hard[:, 7:].sum(1), torch.ones(6))


def test_spectral_norm_converges_to_one():
    torch.manual_seed(0)
    layer = SNLinear(20, 30)
    with torch.no_grad():
        for _ in range(50):
            layer.normalized_weight()
    sigma = torch.linalg.matrix_norm(layer.normalized_weight().detach(), ord=2)
    assert abs(sigma.item() - 1.0) < 1e-3


def test_eval_mode_does_not_advance_the_estimate():
    layer = SNLinear(5, 4).eval()
    u = layer.u.clone()
    layer(torch.randn(3, 5))
    assert torch.equal(layer.u, u)


def test_discriminator_scores_packs():
    torch.manual_seed(0)
    d = ResidualMLPDiscriminator(9, 3, (16, 16), pack_size=4)
    x = torch.randn(12, 9)
    y = torch.eye(3)[[0] * 4 + [1] * 4 + [2] * 4]
    scores = d(x, y)
    assert scores.shape == (3,)
    other = d(x, torch.eye(3)[[2] * 4 + [0] * 4 + [1] * 4])
    assert not torch.allclose(scores, other)  # projection on the label


def test_conv_spectral_norm_converges_to_one():
    torch.manual_seed(0)
    layer = SNConv1d(6, 10, 3)
    with torch.no_grad():
        for _ in range(50):
            layer.normalized_weight()
    weight = layer.normalized_weight().detach().flatten(1)
    assert abs(torch.linalg.matrix_norm(weight, ord=2).item() - 1.0) < 1e-3
    assert layer(torch.randn(2, 6, 11)).shape == (2, 10, 11)  # "same" padding


@pytest.mark.parametrize("n_timesteps", [1, 5, 16, 33, 100])
@pytest.mark.parametrize("hidden_sizes", [(8,), (8, 12, 8)])
def test_sequence_networks_any_length(n_timesteps, hidden_sizes):
    torch.manual_seed(0)
    generator = ConvSequenceGenerator(6, 3, hidden_sizes, n_timesteps, 4)
    z = torch.randn(6, 6)
    y = torch.eye(3)[[0, 0, 1, 1, 2, 2]]
    fake = generator(z, y)
    assert fake.shape == (6, 4, n_timesteps)
    assert not torch.allclose(fake, generator(z, torch.eye(3)[[1] * 6]))
    critic = ConvSequenceDiscriminator(4, n_timesteps, 3, hidden_sizes, pack_size=2)
    scores = critic(fake, y)
    assert scores.shape == (3,) and torch.isfinite(scores).all()
    scores.sum().backward()  # gradients reach the generator through the critic
    assert generator.input.weight.grad.abs().sum() > 0


def test_long_sequences_start_short_and_pool_to_a_fixed_length():
    generator = ConvSequenceGenerator(4, 2, (8, 8), 200, 1)
    assert generator.start_length == 50  # two upsamplings
    critic = ConvSequenceDiscriminator(1, 200, 2, (8, 8))
    assert critic.pooled_length == 16  # the dense head reads 16 steps


# -- images (BigGAN-deep) ------------------------------------------------------


@pytest.mark.parametrize(
    "height, width, hidden_sizes",
    [
        (8, 8, (8, 8)),
        (1, 1, (8,)),
        (5, 7, (8, 16)),
        (28, 28, (16, 8, 8)),
        (9, 33, (8,)),
    ],
)
def test_image_networks_any_size(height, width, hidden_sizes):
    torch.manual_seed(0)
    generator = BigGANGenerator(6, 3, hidden_sizes, height, width, n_channels=2)
    z = torch.randn(6, 6)
    y = torch.eye(3)[[0, 0, 1, 1, 2, 2]]
    fake = generator(z, y)
    assert fake.shape == (6, 2, height, width)
    assert fake.abs().max() <= 1.0  # tanh: the scaler's range
    assert not torch.allclose(fake, generator(z, torch.eye(3)[[1] * 6]))
    critic = BigGANDiscriminator(2, height, width, 3, hidden_sizes, pack_size=2)
    scores = critic(fake, y)
    assert scores.shape == (3,) and torch.isfinite(scores).all()
    scores.sum().backward()  # gradients reach every weight of both networks
    for network in (generator, critic):
        lacking = [
            name
            for name, p in network.named_parameters()
            if p.grad is None or not p.grad.abs().sum() > 0
        ]
        assert not lacking


def test_image_generator_doubles_from_a_small_map_and_crops():
    generator = BigGANGenerator(4, 2, (8, 8, 8), height=28, width=20, n_channels=1)
    # two doublings keep the shorter side (20 / 4 = 5) at least 4 pixels
    assert generator.start == (7, 5)
    assert [block.upsample for block in generator.blocks] == [False, True, True]
    critic = BigGANDiscriminator(1, 28, 20, 2, (8, 8, 8))
    assert [block.downsample for block in critic.blocks] == [True, True, False]


def test_image_networks_with_self_attention():
    torch.manual_seed(0)
    generator = BigGANGenerator(4, 2, (8, 8), 16, 16, 3, attention=0)
    critic = BigGANDiscriminator(3, 16, 16, 2, (8, 8), attention=1)
    y = torch.eye(2)[[0, 1]]
    scores = critic(generator(torch.randn(2, 4), y), y)
    scores.sum().backward()
    # the attention gains start at 0 and still get gradients
    assert generator.attention.gain.item() == 0.0
    assert generator.attention.gain.grad.abs().item() > 0
    assert critic.attention.gain.grad.abs().item() > 0
    with pytest.raises(ValueError, match="attention is the index of the block"):
        BigGANGenerator(4, 2, (8, 8), 16, 16, 3, attention=2)


def test_image_generator_config_rebuilds_it_and_samples_row_by_row():
    torch.manual_seed(0)
    generator = BigGANGenerator(4, 2, (8, 8), 9, 9, 1, embedding_dim=6)
    rebuilt = BigGANGenerator(**generator.config)
    assert generator.config["attention"] is None
    rebuilt.load_state_dict(generator.state_dict())
    generator.eval()
    rebuilt.eval()
    z, y = torch.randn(5, 4), torch.eye(2)[[0, 1, 1, 0, 1]]
    together = generator(z, y)
    torch.testing.assert_close(rebuilt(z, y), together)
    # in eval mode batch normalization uses running statistics: an image
    # does not depend on the others in its batch
    torch.testing.assert_close(generator(z[:1], y[:1]), together[:1])


def test_image_weights_start_orthogonal():
    torch.manual_seed(0)
    critic = BigGANDiscriminator(1, 8, 8, 2, (16, 16))
    weight = critic.blocks[0].conv1.weight.flatten(1)  # (4, 16): rows orthonormal
    torch.testing.assert_close(weight @ weight.t(), torch.eye(4))


@pytest.mark.parametrize("length", [1, 2, 7, 8, 25])
def test_halving_and_doubling_are_torchs_pooling_and_nearest_upsampling(length):
    draws = torch.Generator().manual_seed(length)
    h = torch.randn(3, 4, length, generator=draws)
    F = torch.nn.functional
    assert torch.equal(halve_length(h), F.avg_pool1d(h, 2, ceil_mode=True))
    up = F.interpolate(h, scale_factor=2.0, mode="nearest")
    assert torch.equal(double_length(h), up)
    image = torch.randn(3, 4, length, length + 1, generator=draws)
    halved = halve_length(halve_length(image, -1), -2)
    torch.testing.assert_close(halved, F.avg_pool2d(image, 2, ceil_mode=True))
    doubled = double_length(double_length(image, -1), -2)
    assert torch.equal(doubled, F.interpolate(image, scale_factor=2.0, mode="nearest"))
