package io.streetdigits.trainer.data;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.DigitRegion;
import io.streetdigits.core.tianchi.LabelledImage;
import java.util.ArrayList;
import java.util.List;

/**
 * One character of a labelled house number, as a character reader or refiner sees it: the photo, labelled with that
 * character alone, and the cell of the labelled digits' box it falls to when the box is split evenly, the way
 * serving splits a located box. A model so learns the even split's misplacements too.
 *
 * @param character the photo, labelled with this one character (file name {@code 000123.png#1} for the second)
 * @param cell      the region the reader sees, before augmentation
 * @param number    the file name of the number it belongs to
 */
public record CharacterCrop(TrainingImage character, CropRegion cell, String number) {

    /** Every character of every image, left to right, each in its cell widened by {@code margin} of its height. */
    public static List<CharacterCrop> of(List<TrainingImage> numbers, double margin) {
        List<CharacterCrop> crops = new ArrayList<>();
        for (TrainingImage number : numbers) {
            CropRegion digits = number.digits(0);
            LabelledImage label = number.label();
            CropRegion[] cells = DigitRegion.characterCells(digits.left(), digits.top(),
                    digits.left() + digits.width(), digits.top() + digits.height(), label.characters().size(), margin);
            for (int i = 0; i < cells.length; i++) {
                LabelledImage character = new LabelledImage(label.fileName() + "#" + i,
                        List.of(label.characters().get(i)));
                crops.add(new CharacterCrop(new TrainingImage(character, number.image()), cells[i],
                        label.fileName()));
            }
        }
        return crops;
    }
}
