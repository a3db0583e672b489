package io.streetdigits.core.tianchi;

import java.util.List;
import java.util.Objects;

/** An image file name with its characters, left to right, as in a Tianchi label file. */
public record LabelledImage(String fileName, List<CharacterBox> characters) {

    public LabelledImage {
        Objects.requireNonNull(fileName, "fileName");
        characters = List.copyOf(characters);
        if (characters.isEmpty()) {
            throw new IllegalArgumentException("image " + fileName + " has no labelled characters");
        }
    }

    /** The string to predict: the digits joined, e.g. {@code "19"}. */
    public String code() {
        StringBuilder code = new StringBuilder(characters.size());
        characters.forEach(c -> code.append((char) ('0' + c.digit())));
        return code.toString();
    }
}
