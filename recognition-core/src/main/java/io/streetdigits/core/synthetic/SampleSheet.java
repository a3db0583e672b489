package io.streetdigits.core.synthetic;

import io.streetdigits.core.tianchi.CharacterBox;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** Generated images side by side on one picture, each character's labelled box drawn in, for people to look at. */
public final class SampleSheet {

    static final int CELL_WIDTH = 192;
    static final int CELL_HEIGHT = 96;
    private static final int GAP = 4;

    private SampleSheet() {
    }

    public static BufferedImage of(List<GeneratedImage> images, int columns) {
        if (images.isEmpty() || columns < 1) {
            throw new IllegalArgumentException("a sheet needs images and at least one column");
        }
        int rows = (images.size() + columns - 1) / columns;
        BufferedImage sheet = new BufferedImage(columns * (CELL_WIDTH + GAP) + GAP, rows * (CELL_HEIGHT + GAP) + GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setStroke(new BasicStroke(1.5f));
        for (int i = 0; i < images.size(); i++) {
            GeneratedImage generated = images.get(i);
            BufferedImage image = generated.image();
            // Whole image in its cell, aspect kept.
            double scale = Math.min((double) CELL_WIDTH / image.getWidth(), (double) CELL_HEIGHT / image.getHeight());
            int x = GAP + (i % columns) * (CELL_WIDTH + GAP);
            int y = GAP + (i / columns) * (CELL_HEIGHT + GAP);
            g.drawImage(image, x, y, (int) (image.getWidth() * scale), (int) (image.getHeight() * scale), null);
            g.setColor(Color.RED);
            for (CharacterBox box : generated.label().characters()) {
                g.drawRect(x + (int) (box.left() * scale), y + (int) (box.top() * scale),
                        (int) (box.width() * scale), (int) (box.height() * scale));
            }
        }
        g.dispose();
        return sheet;
    }
}
