package io.streetdigits.core.detection;

import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.PositionPrediction;
import java.util.ArrayList;
import java.util.List;

/**
 * The characters found in one image, left to right, and how sure the detector is that it missed none.
 *
 * @param noneMissed the probability that none of the peaks left out below the threshold is a character
 */
public record Detection(List<DetectedCharacter> characters, double noneMissed) {

    public Detection {
        characters = List.copyOf(characters);
    }

    /**
     * The number these characters read as. Its confidence is the probability that it is whole and right: the
     * product of each character's confidence and of {@link #noneMissed}, so a number with a doubtful extra or
     * missing character is doubtful as a whole.
     */
    public DigitReading reading() {
        List<PositionPrediction> positions = new ArrayList<>(characters.size());
        StringBuilder digits = new StringBuilder(characters.size());
        double confidence = noneMissed;
        for (DetectedCharacter character : characters) {
            positions.add(new PositionPrediction(positions.size(), character.digit(), character.confidence()));
            digits.append((char) ('0' + character.digit()));
            confidence *= character.confidence();
        }
        return new DigitReading(digits.toString(), confidence, positions);
    }

    /** These characters read again, one digit and its probability each, in order. */
    public Detection readAs(int[] digits, double[] probabilities) {
        if (digits.length != characters.size() || probabilities.length != characters.size()) {
            throw new IllegalArgumentException(characters.size() + " characters read as " + digits.length
                    + " digits with " + probabilities.length + " probabilities");
        }
        List<DetectedCharacter> read = new ArrayList<>(characters.size());
        for (int i = 0; i < characters.size(); i++) {
            read.add(characters.get(i).readAs(digits[i], probabilities[i]));
        }
        return new Detection(read, noneMissed);
    }
}
