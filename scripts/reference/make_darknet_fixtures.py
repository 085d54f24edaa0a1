#!/usr/bin/python3
"""Writes the odd-sized images of the Darknet golden (seeded, so every run writes the same files).

    /usr/bin/python3 scripts/reference/make_darknet_fixtures.py

  content-33x27.png    33 wide x 27 high: through Tiny Darknet's four `same` 2x2/2 pools the width goes
                       33 -> 17 -> 9 -> 5 -> 3 (odd before every pool) and the height 27 -> 14 -> 7 -> 4 -> 2
                       (odd before the first and third).
  generated-33x27.png  content-33x27 + seeded N(0, 12) noise, rounded and clipped.
  style-21x29.png      21 wide x 29 high: 21 -> 11 -> 6 and 29 -> 15 -> 8 (odd before the first two pools);
                       its position counts differ from the generated image's at every layer (Gram rescaling).
Same smooth pattern (seeded sinusoids + ramp + slight noise) as make_fixtures.py, another seed.
"""
import os

import numpy as np

from make_fixtures import smooth_image
from png_io import write_png

SEED = 20240611
FIXTURES = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures'))


def main():
    rng = np.random.default_rng(SEED)
    content = smooth_image(rng, 27, 33)
    write_png(os.path.join(FIXTURES, 'content-33x27.png'), content)
    write_png(os.path.join(FIXTURES, 'style-21x29.png'), smooth_image(rng, 29, 21))
    noise = rng.normal(0, 12, size=content.shape)
    generated = np.clip(np.rint(content.astype(np.float64) + noise), 0, 255).astype(np.uint8)
    write_png(os.path.join(FIXTURES, 'generated-33x27.png'), generated)


if __name__ == '__main__':
    main()
