package io.streetdigits.core.synthetic;

import io.streetdigits.core.tianchi.LabelledImage;
import java.awt.image.BufferedImage;

/** A rendered house number and its label, with one box per character as in the Tianchi label format. */
public record GeneratedImage(BufferedImage image, LabelledImage label) {
}
