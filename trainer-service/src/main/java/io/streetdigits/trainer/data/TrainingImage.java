package io.streetdigits.trainer.data;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.DigitRegion;
import io.streetdigits.core.tianchi.CharacterBox;
import io.streetdigits.core.tianchi.LabelledImage;
import java.awt.image.BufferedImage;

/** A decoded image with its label, held in memory for the length of a training run. */
public record TrainingImage(LabelledImage label, BufferedImage image) {

    /** The whole image. */
    public CropRegion whole() {
        return CropRegion.whole(image.getWidth(), image.getHeight());
    }

    /**
     * The box around all labelled characters (clipped to the image), widened by {@code margin} of its own height
     * on each side: the region a digit reader sees.
     */
    public CropRegion digits(double margin) {
        double left = Double.MAX_VALUE;
        double top = Double.MAX_VALUE;
        double right = -Double.MAX_VALUE;
        double bottom = -Double.MAX_VALUE;
        for (CharacterBox box : label.characters()) {
            CharacterBox clipped = box.clippedTo(image.getWidth(), image.getHeight());
            left = Math.min(left, clipped.left());
            top = Math.min(top, clipped.top());
            right = Math.max(right, clipped.right());
            bottom = Math.max(bottom, clipped.bottom());
        }
        return DigitRegion.around(left, top, right, bottom, margin);
    }
}
