"""DiffAugment for images: Zhao et al. (2020)'s colour, translation and
cutout policy, each transformation applied to an image with probability
``p`` (see :mod:`skgan._kinds.sequence._augmentation` for why and how an
augmentation of the discriminator's batches works)."""

import torch

# A translation moves by up to this fraction of the height and width,
TRANSLATION_FRACTION = 0.125
# and cutout blanks a rectangle of this fraction of each side (Zhao et al.).
CUTOUT_FRACTION = 0.5


class ImageAugmentation:
    """DiffAugment for (batch, channels, height, width) images (Zhao et al.
    2020's "color, translation, cutout" policy).

    Three transformations, each applied to an image with probability ``p``:

    - **colour**: brightness (a random offset in [-0.5, 0.5]), saturation
      (the channels' deviations from their mean scaled by a factor in
      [0, 2]; a one-channel image is unchanged) and contrast (the
      deviations from the image's mean scaled by a factor in [0.5, 1.5]);
    - **translation**: shifted by up to ``TRANSLATION_FRACTION`` of the
      height and of the width, zeros entering at the edges;
    - **cutout**: a rectangle of ``CUTOUT_FRACTION`` of each side, placed at
      random, set to zero.

    Images are in the networks' space ([-1, 1]), where zero is mid-range.

    Parameters
    ----------
    p : float
        Probability of each transformation, per image.
    """

    def __init__(self, p):
        self.p = float(p)

    def __call__(self, x, torch_generator):
        x = self.colour(x, torch_generator)
        x = self.translate(x, torch_generator)
        return self.cutout(x, torch_generator)

    def _chosen(self, n, torch_generator, device):
        """(n, 1, 1, 1) float: 1 for the images a transformation applies to."""
        chosen = torch.rand(n, generator=torch_generator, device=device) < self.p
        return chosen.view(n, 1, 1, 1)

    def _uniform(self, n, torch_generator, device):
        return torch.rand(n, 1, 1, 1, generator=torch_generator, device=device)

    def colour(self, x, torch_generator):
        n, device = x.shape[0], x.device
        chosen = self._chosen(n, torch_generator, device).to(x.dtype)
        offset = self._uniform(n, torch_generator, device) - 0.5
        x = x + chosen * offset
        mean = x.mean(dim=1, keepdim=True)
        factor = 2.0 * self._uniform(n, torch_generator, device)
        x = mean + (x - mean) * (1.0 + chosen * (factor - 1.0))
        mean = x.mean(dim=(1, 2, 3), keepdim=True)
        factor = self._uniform(n, torch_generator, device) + 0.5
        return mean + (x - mean) * (1.0 + chosen * (factor - 1.0))

    def translate(self, x, torch_generator):
        n, _, height, width = x.shape
        chosen = self._chosen(n, torch_generator, x.device).view(n, 1)
        rows = self._shifted(n, height, chosen, torch_generator, x.device)
        columns = self._shifted(n, width, chosen, torch_generator, x.device)
        # source pixel of every output pixel; -1 where zeros enter
        inside = (rows >= 0).unsqueeze(2) & (columns >= 0).unsqueeze(1)
        source = rows.clamp_min(0).unsqueeze(2) * width + columns.clamp_min(
            0
        ).unsqueeze(1)
        flat = x.flatten(2).gather(
            2, source.flatten(1).unsqueeze(1).expand(-1, x.shape[1], -1)
        )
        return flat.view_as(x) * inside.unsqueeze(1).to(x.dtype)

    def _shifted(self, n, size, chosen, torch_generator, device):
        """(n, size) source index along one axis, -1 outside the image."""
        largest = int(size * TRANSLATION_FRACTION + 0.5)
        shift = torch.randint(
            -largest, largest + 1, (n, 1), generator=torch_generator, device=device
        )
        source = torch.arange(size, device=device) - shift * chosen
        return torch.where((source >= 0) & (source < size), source, -1)

    def cutout(self, x, torch_generator):
        n, _, height, width = x.shape
        rows = self._span(n, height, torch_generator, x.device)
        columns = self._span(n, width, torch_generator, x.device)
        cut = rows.unsqueeze(2) & columns.unsqueeze(1)  # (n, height, width)
        cut = cut & self._chosen(n, torch_generator, x.device).view(n, 1, 1)
        return x * (~cut).unsqueeze(1).to(x.dtype)

    def _span(self, n, size, torch_generator, device):
        """(n, size) bool: a random run of ``CUTOUT_FRACTION`` of the axis."""
        length = max(1, int(size * CUTOUT_FRACTION + 0.5))
        start = torch.randint(
            0, size - length + 1, (n, 1), generator=torch_generator, device=device
        )
        position = torch.arange(size, device=device)
        return (position >= start) & (position < start + length)
