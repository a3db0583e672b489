package io.streetdigits.core.label;

import java.util.Objects;

/**
 * Digit string to per-position class indices and back: {@code "19"} with 6 positions is
 * {@code [1, 9, 10, 10, 10, 10]}; the blank class pads the right.
 */
public final class DigitSequenceCodec {

    private final LabelSchema schema;

    public DigitSequenceCodec(LabelSchema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    public LabelSchema schema() {
        return schema;
    }

    public int[] encode(String digits) {
        if (digits == null || digits.isEmpty() || digits.length() > schema.positions()) {
            throw new IllegalArgumentException("digit string " + (digits == null ? "null" : "'" + digits + "'")
                    + " must have 1 to " + schema.positions() + " digits");
        }
        int[] classes = new int[schema.positions()];
        for (int i = 0; i < classes.length; i++) {
            if (i < digits.length()) {
                char c = digits.charAt(i);
                if (c < '0' || c > '9') {
                    throw new IllegalArgumentException("digit string '" + digits + "' has '" + c + "' at position "
                            + i + "; only 0-9 are allowed");
                }
                classes[i] = c - '0';
            } else {
                classes[i] = schema.blankClass();
            }
        }
        return classes;
    }

    /** Joins the digit classes in position order; blanks contribute nothing wherever they stand. */
    public String decode(int[] classes) {
        if (classes.length != schema.positions()) {
            throw new IllegalArgumentException("expected " + schema.positions() + " classes, got " + classes.length);
        }
        StringBuilder digits = new StringBuilder(classes.length);
        for (int c : classes) {
            if (c < 0 || c > schema.blankClass()) {
                throw new IllegalArgumentException("class " + c + " is outside 0-" + schema.blankClass());
            }
            if (c != schema.blankClass()) {
                digits.append((char) ('0' + c));
            }
        }
        return digits.toString();
    }
}
