package io.streetdigits.core.label;

/**
 * How a digit string maps to model outputs: {@code positions} output heads, left to right, each a softmax over
 * {@code classes} classes, where classes 0-9 are digits and {@code blankClass} means "no digit here".
 */
public record LabelSchema(int positions, int classes, int blankClass) {

    public static final int DIGIT_CLASSES = 10;
    public static final int BLANK = 10;

    /** Up to six digits, as in the competition (1 to 6 digits per house number). */
    public static final LabelSchema DEFAULT = of(6);

    public LabelSchema {
        if (positions < 1) {
            throw new IllegalArgumentException("positions must be >= 1, was " + positions);
        }
        if (classes != DIGIT_CLASSES + 1 || blankClass != BLANK) {
            throw new IllegalArgumentException("the schema has 11 classes (0-9 and blank = 10), was " + classes
                    + " classes with blank " + blankClass);
        }
    }

    public static LabelSchema of(int positions) {
        return new LabelSchema(positions, DIGIT_CLASSES + 1, BLANK);
    }
}
