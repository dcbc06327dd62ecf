"""skgan: GAN-based oversampling and data augmentation for scikit-learn."""

from skgan._oversampler import GANOversampler

__version__ = "0.1.0"

__all__ = ["GANOversampler", "__version__"]
