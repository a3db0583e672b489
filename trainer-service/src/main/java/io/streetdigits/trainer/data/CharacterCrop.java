package io.streetdigits.trainer.data;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.DigitRegion;
import io.streetdigits.core.tianchi.CharacterBox;
import io.streetdigits.core.tianchi.LabelledImage;
import java.util.ArrayList;
import java.util.List;

/**
 * One character of a labelled house number, as a character reader sees it: the photo, labelled with that character
 * alone, and the square around its box, as serving crops one around each character a detector found.
 *
 * @param character the photo, labelled with this one character (file name {@code 000123.png#1} for the second)
 * @param cell      the region the reader sees, before augmentation
 * @param number    the file name of the number it belongs to
 */
public record CharacterCrop(TrainingImage character, CropRegion cell, String number) {

    /** Every character of every image, left to right, each in its square widened by {@code margin} of its height. */
    public static List<CharacterCrop> of(List<TrainingImage> numbers, double margin) {
        List<CharacterCrop> crops = new ArrayList<>();
        for (TrainingImage number : numbers) {
            LabelledImage label = number.label();
            for (int i = 0; i < label.characters().size(); i++) {
                CharacterBox box = label.characters().get(i);
                LabelledImage character = new LabelledImage(label.fileName() + "#" + i, List.of(box));
                CropRegion square = DigitRegion.square((box.left() + box.right()) / 2, (box.top() + box.bottom()) / 2,
                        box.width(), box.height(), margin);
                crops.add(new CharacterCrop(new TrainingImage(character, number.image()), square, label.fileName()));
            }
        }
        return crops;
    }
}
