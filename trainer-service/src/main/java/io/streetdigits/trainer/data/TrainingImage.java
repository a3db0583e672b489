package io.streetdigits.trainer.data;

import io.streetdigits.core.tianchi.LabelledImage;
import java.awt.image.BufferedImage;

/** A decoded image with its label, held in memory for the length of a training run. */
public record TrainingImage(LabelledImage label, BufferedImage image) {
}
