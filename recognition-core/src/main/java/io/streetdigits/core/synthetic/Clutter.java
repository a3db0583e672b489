package io.streetdigits.core.synthetic;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What stands beside a house number on a street: a pipe or a frame's edge across the wall, the outline of a window
 * or a door, the letters of another sign. Drawn on the wall before the plate, so the plate hides what lies under it;
 * never digits, which would need a label.
 */
final class Clutter {

    /** Capitals that do not look like digits (no O, I, S, B, Z, G, D, Q, L). */
    private static final String LETTERS = "ACEFHKMNPRTUVWXY";

    private Clutter() {
    }

    /** One to three things on a {@code width} x {@code height} wall beside digits {@code glyphHeight} tall. */
    static void draw(Graphics2D g, int width, int height, double glyphHeight, List<String> fontFamilies,
            SplittableRandom random) {
        int things = 1 + random.nextInt(3);
        for (int i = 0; i < things; i++) {
            g.setColor(Color.getHSBColor((float) random.nextDouble(), (float) (random.nextDouble() * 0.6),
                    (float) random.nextDouble()));
            switch (random.nextInt(3)) {
                case 0 -> bar(g, width, height, glyphHeight, random);
                case 1 -> frame(g, width, height, glyphHeight, random);
                default -> letters(g, width, height, glyphHeight, fontFamilies, random);
            }
        }
    }

    /** A pipe, a gutter or a frame's edge: a straight band across the whole wall. */
    private static void bar(Graphics2D g, int width, int height, double glyphHeight, SplittableRandom random) {
        int thickness = (int) Math.max(1, glyphHeight * (0.08 + random.nextDouble() * 0.4));
        if (random.nextBoolean()) {
            g.fillRect(0, random.nextInt(Math.max(1, height)), width, thickness);
        } else {
            g.fillRect(random.nextInt(Math.max(1, width)), 0, thickness, height);
        }
    }

    /** The outline of a window or a door, often reaching past the photo's edge. */
    private static void frame(Graphics2D g, int width, int height, double glyphHeight, SplittableRandom random) {
        g.setStroke(new BasicStroke((float) Math.max(1, glyphHeight * (0.05 + random.nextDouble() * 0.15))));
        int left = (int) ((random.nextDouble() * 1.2 - 0.2) * width);
        int top = (int) ((random.nextDouble() * 1.2 - 0.2) * height);
        g.drawRect(left, top, (int) ((0.2 + random.nextDouble()) * width),
                (int) ((0.2 + random.nextDouble()) * height));
    }

    /** A few letters of another sign, anywhere, perhaps cut by the photo's edge. */
    private static void letters(Graphics2D g, int width, int height, double glyphHeight, List<String> fontFamilies,
            SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            text.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        String family = fontFamilies.get(random.nextInt(fontFamilies.size()));
        g.setFont(new Font(family, random.nextBoolean() ? Font.BOLD : Font.PLAIN,
                (int) Math.max(6, glyphHeight * (0.5 + random.nextDouble() * 0.9))));
        g.drawString(text.toString(), (int) ((random.nextDouble() * 1.2 - 0.2) * width),
                (int) (random.nextDouble() * 1.2 * height));
    }
}
