"""Tests for skgan.augmentation."""

import dataclasses
import json
import re

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from skgan.augmentation import (
    GANAugmentationResult,
    append_synthetic_training_data,
    classifier_images_to_gan_sequences,
    gan_sequences_to_classifier_images,
    interpolation_labels,
)


def _images(n=5, time=7, channels=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(scale=3.0, size=(n, time, 1, channels))


# ---------------------------------------------------------------- dataclass


def test_result_fields_in_documented_order():
    fields = dataclasses.fields(GANAugmentationResult)
    assert [f.name for f in fields] == [
        "x_train",
        "y_train",
        "x_synthetic",
        "y_synthetic",
        "history",
        "scale",
        "metadata",
    ]


def _minimal_result():
    return GANAugmentationResult(
        x_train=np.zeros((1, 2, 1, 1), dtype=np.float32),
        y_train=np.zeros((1, 2), dtype=np.float32),
        x_synthetic=np.zeros((0, 2, 1, 1), dtype=np.float32),
        y_synthetic=np.zeros((0, 2), dtype=np.float32),
    )


def test_result_defaults_are_fresh_per_instance():
    first = _minimal_result()
    second = _minimal_result()
    assert first.history == [] and first.metadata == {}
    assert first.scale == 1.0
    assert first.history is not second.history
    assert first.metadata is not second.metadata
    first.history.append({"d_loss": 1.0})
    first.metadata["epochs"] = 3
    assert second.history == []
    assert second.metadata == {}


# ------------------------------------------------------- interpolation_labels


def test_interpolation_labels_default_shape_and_dtype():
    labels = interpolation_labels()
    assert labels.shape == (160, 4)
    assert labels.dtype == np.float32
    assert_array_equal(labels, interpolation_labels(4, 10))


@pytest.mark.parametrize(
    ("n_classes", "samples_per_class"), [(1, 1), (2, 3), (3, 5), (4, 10), (5, 2)]
)
def test_interpolation_labels_shape_and_row_sums(n_classes, samples_per_class):
    labels = interpolation_labels(n_classes, samples_per_class)
    assert labels.shape == (n_classes * n_classes * samples_per_class, n_classes)
    assert labels.dtype == np.float32
    assert_allclose(labels.sum(axis=1), 1.0, rtol=0, atol=1e-6)
    assert labels.min() >= 0.0 and labels.max() <= 1.0


def test_interpolation_labels_pair_order():
    n_classes, samples = 4, 10
    labels = interpolation_labels(n_classes, samples)
    eye = np.eye(n_classes, dtype=np.float32)
    weights = np.linspace(0, 1, samples)[:, None]

    # First block: class 0 -> class 0, every row equals e0.
    assert_array_equal(labels[:samples], np.tile(eye[0], (samples, 1)))

    # Second block: class 0 -> class 1, linear from e0 to e1.
    block = labels[samples : 2 * samples]
    assert_array_equal(block[0], eye[0])
    assert_array_equal(block[-1], eye[1])
    assert_allclose(block[:, 0], 1 - weights[:, 0], atol=1e-7)
    assert_allclose(block[:, 1], weights[:, 0], atol=1e-7)
    assert_array_equal(block[:, 2:], 0.0)

    # Every block follows row-major (start outer, end inner) ordering.
    for index in range(n_classes * n_classes):
        start, end = divmod(index, n_classes)
        expected = eye[start] * (1 - weights) + eye[end] * weights
        assert_allclose(
            labels[index * samples : (index + 1) * samples], expected, atol=1e-7
        )


def test_interpolation_labels_small_example():
    expected = np.array(
        [
            [1.0, 0.0],
            [1.0, 0.0],
            [1.0, 0.0],
            [1.0, 0.0],
            [0.5, 0.5],
            [0.0, 1.0],
            [0.0, 1.0],
            [0.5, 0.5],
            [1.0, 0.0],
            [0.0, 1.0],
            [0.0, 1.0],
            [0.0, 1.0],
        ],
        dtype=np.float32,
    )
    assert_array_equal(interpolation_labels(2, 3), expected)


def test_interpolation_labels_single_sample_is_start_class():
    labels = interpolation_labels(3, 1)
    starts = np.repeat(np.arange(3), 3)
    assert_array_equal(labels, np.eye(3, dtype=np.float32)[starts])


@pytest.mark.parametrize("n_classes", [0, -1])
def test_interpolation_labels_rejects_non_positive_classes(n_classes):
    with pytest.raises(ValueError, match=r"^n_classes must be positive\.$"):
        interpolation_labels(n_classes, 10)


@pytest.mark.parametrize("samples_per_class", [0, -3])
def test_interpolation_labels_rejects_non_positive_samples(samples_per_class):
    with pytest.raises(ValueError, match=r"^samples_per_class must be positive\.$"):
        interpolation_labels(4, samples_per_class)


def test_interpolation_labels_checks_classes_first():
    with pytest.raises(ValueError, match="n_classes"):
        interpolation_labels(0, 0)


# ------------------------------------------ classifier_images_to_gan_sequences


def test_images_to_sequences_shape_dtype_and_scale():
    images = _images()
    sequences, scale = classifier_images_to_gan_sequences(images)
    assert sequences.shape == (5, 7, 3)
    assert sequences.dtype == np.float32
    assert isinstance(scale, float)
    assert scale == pytest.approx(np.abs(images).max())
    expected = images[:, :, 0, :] / (2 * scale) + 0.5
    assert_allclose(sequences, expected, rtol=1e-6, atol=1e-7)


def test_images_to_sequences_range_is_unit_interval():
    sequences, _ = classifier_images_to_gan_sequences(_images(n=20, seed=1))
    assert sequences.min() >= 0.0
    assert sequences.max() <= 1.0
    # The extreme absolute value maps exactly onto 0 or 1.
    assert np.isclose(sequences.min(), 0.0) or np.isclose(sequences.max(), 1.0)


def test_images_to_sequences_accepts_lists():
    sequences, scale = classifier_images_to_gan_sequences([[[[2.0]], [[-1.0]]]])
    assert scale == 2.0
    assert_allclose(sequences, [[[1.0], [0.25]]])


def test_images_to_sequences_zero_input_has_unit_scale():
    sequences, scale = classifier_images_to_gan_sequences(np.zeros((3, 4, 1, 2)))
    assert scale == 1.0
    assert isinstance(scale, float)
    assert sequences.dtype == np.float32
    assert_array_equal(sequences, 0.5)


@pytest.mark.parametrize(
    "shape", [(5, 7, 3), (5, 7, 2, 3), (5, 7, 1, 3, 1), (5,), (5, 7, 3, 1)]
)
def test_images_to_sequences_rejects_bad_shapes(shape):
    message = (
        r"^Expected classifier inputs shaped \(n, time, 1, channels\), "
        rf"got {re.escape(str(shape))}\.$"
    )
    with pytest.raises(ValueError, match=message):
        classifier_images_to_gan_sequences(np.zeros(shape))


# ------------------------------------------ gan_sequences_to_classifier_images


def test_sequences_to_images_formula_shape_and_dtype():
    rng = np.random.default_rng(0)
    sequences = rng.uniform(size=(4, 6, 2))
    images = gan_sequences_to_classifier_images(sequences, 3)
    assert images.shape == (4, 6, 1, 2)
    assert images.dtype == np.float32
    expected = (sequences - 0.5) * 2 * 3.0
    assert_allclose(images[:, :, 0, :], expected, rtol=1e-6, atol=1e-6)


def test_sequences_to_images_maps_unit_interval_onto_scale():
    images = gan_sequences_to_classifier_images([[[0.0, 0.5, 1.0]]], 2.5)
    assert_array_equal(images, np.array([[[[-2.5, 0.0, 2.5]]]], dtype=np.float32))


@pytest.mark.parametrize("shape", [(4, 6), (4, 6, 1, 2), (4,)])
def test_sequences_to_images_rejects_bad_shapes(shape):
    message = (
        r"^Expected generated sequences shaped \(n, time, channels\), "
        rf"got {re.escape(str(shape))}\.$"
    )
    with pytest.raises(ValueError, match=message):
        gan_sequences_to_classifier_images(np.zeros(shape), 1.0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_round_trip_recovers_images(seed):
    images = _images(n=8, time=11, channels=4, seed=seed)
    sequences, scale = classifier_images_to_gan_sequences(images)
    restored = gan_sequences_to_classifier_images(sequences, scale)
    assert restored.shape == images.shape
    assert restored.dtype == np.float32
    assert_allclose(restored, images, rtol=1e-5, atol=1e-5 * scale)


def test_round_trip_of_zero_images():
    images = np.zeros((2, 3, 1, 2), dtype=np.float32)
    restored = gan_sequences_to_classifier_images(
        *classifier_images_to_gan_sequences(images)
    )
    assert_array_equal(restored, images)


# ---------------------------------------------- append_synthetic_training_data


def _append_inputs(n_real=6, n_synthetic=4, time=5, channels=2, n_classes=3):
    rng = np.random.default_rng(0)
    x_real = rng.normal(size=(n_real, time, 1, channels))
    y_real = np.eye(n_classes)[rng.integers(0, n_classes, size=n_real)]
    sequences = rng.uniform(size=(n_synthetic, time, channels))
    labels = rng.dirichlet(np.ones(n_classes), size=n_synthetic)
    return x_real, y_real, sequences, labels


def test_append_concatenates_real_then_synthetic():
    x_real, y_real, sequences, labels = _append_inputs()
    result = append_synthetic_training_data(x_real, y_real, sequences, labels, 2.0)
    assert isinstance(result, GANAugmentationResult)

    assert result.x_train.shape == (10, 5, 1, 2)
    assert result.y_train.shape == (10, 3)
    assert result.x_synthetic.shape == (4, 5, 1, 2)
    assert result.y_synthetic.shape == (4, 3)
    for array in (
        result.x_train,
        result.y_train,
        result.x_synthetic,
        result.y_synthetic,
    ):
        assert array.dtype == np.float32

    expected_synthetic = gan_sequences_to_classifier_images(sequences, 2.0)
    assert_array_equal(result.x_synthetic, expected_synthetic)
    assert_array_equal(result.y_synthetic, labels.astype(np.float32))
    assert_array_equal(result.x_train[:6], x_real.astype(np.float32))
    assert_array_equal(result.x_train[6:], expected_synthetic)
    assert_array_equal(result.y_train[:6], y_real.astype(np.float32))
    assert_array_equal(result.y_train[6:], labels.astype(np.float32))
    assert result.scale == 2.0


def test_append_defaults_history_and_metadata_fresh():
    x_real, y_real, sequences, labels = _append_inputs()
    first = append_synthetic_training_data(x_real, y_real, sequences, labels, 1.0)
    second = append_synthetic_training_data(x_real, y_real, sequences, labels, 1.0)
    assert first.history == [] and first.metadata == {}
    assert first.history is not second.history
    assert first.metadata is not second.metadata
    first.history.append({"g_loss": 0.1})
    first.metadata["note"] = "changed"
    third = append_synthetic_training_data(x_real, y_real, sequences, labels, 1.0)
    assert second.history == [] and second.metadata == {}
    assert third.history == [] and third.metadata == {}


def test_append_keeps_history_and_metadata():
    x_real, y_real, sequences, labels = _append_inputs()
    history = [{"d_loss": 0.7, "g_loss": 1.2}, {"d_loss": 0.6, "g_loss": 1.1}]
    metadata = {"epochs": 2, "latent_dim": 16, "classes": [0, 1, 2], "model": "gan"}
    result = append_synthetic_training_data(
        x_real, y_real, sequences, labels, 1.5, history=history, metadata=metadata
    )
    assert result.history == history
    assert result.metadata == metadata
    assert json.loads(json.dumps(result.metadata)) == metadata
    assert json.loads(json.dumps(result.history)) == history


def test_append_with_round_trip_scale_restores_real_range():
    x_real, y_real, _, _ = _append_inputs()
    sequences, scale = classifier_images_to_gan_sequences(x_real)
    result = append_synthetic_training_data(x_real, y_real, sequences, y_real, scale)
    assert_allclose(result.x_synthetic, x_real, rtol=1e-5, atol=1e-5 * scale)
    assert result.scale == scale


def test_append_with_no_synthetic_rows():
    x_real, y_real, _, _ = _append_inputs()
    result = append_synthetic_training_data(
        x_real, y_real, np.zeros((0, 5, 2)), np.zeros((0, 3)), 1.0
    )
    assert result.x_train.shape == x_real.shape
    assert result.y_train.shape == y_real.shape
    assert result.x_synthetic.shape == (0, 5, 1, 2)


def test_append_rejects_bad_sequence_shape():
    x_real, y_real, sequences, labels = _append_inputs()
    with pytest.raises(ValueError, match="Expected generated sequences shaped"):
        append_synthetic_training_data(
            x_real, y_real, sequences[:, :, None, :], labels, 1.0
        )


def test_append_rejects_row_mismatch():
    x_real, y_real, sequences, labels = _append_inputs()
    with pytest.raises(ValueError, match=r"got 4 sequences and 3 labels"):
        append_synthetic_training_data(x_real, y_real, sequences, labels[:3], 1.0)


def test_append_rejects_label_width_mismatch():
    x_real, y_real, sequences, labels = _append_inputs()
    with pytest.raises(
        ValueError,
        match=r"y_train has shape \(6, 3\) and synthetic_labels has shape \(4, 2\)",
    ):
        append_synthetic_training_data(x_real, y_real, sequences, labels[:, :2], 1.0)


def test_append_rejects_input_shape_mismatch():
    x_real, y_real, sequences, labels = _append_inputs()
    with pytest.raises(
        ValueError,
        match=(
            r"x_train has shape \(6, 5, 1, 2\) and the synthetic inputs have "
            r"shape \(4, 5, 1, 1\)"
        ),
    ):
        append_synthetic_training_data(x_real, y_real, sequences[:, :, :1], labels, 1.0)
