package io.streetdigits.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PerspectiveTest {

    @Test
    void theBoxOfAShapeSeenInPerspectiveHoldsAllOfItsInk() {
        Font font = new Font(HouseNumberGenerator.plain().fontFamilies().get(0), Font.BOLD, 60);
        Shape digit = AffineTransform.getTranslateInstance(40, 70).createTransformedShape(
                font.createGlyphVector(new FontRenderContext(null, true, true), "7").getOutline());
        for (long seed = 0; seed < 20; seed++) {
            BufferedImage image = new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 120, 90);
            g.setColor(Color.BLACK);
            g.fill(digit);
            g.dispose();
            Perspective perspective = Perspective.random(120, 90, 0.3, new SplittableRandom(seed));

            BufferedImage warped = perspective.warp(image);
            Rectangle2D box = perspective.bounds(digit);

            int inside = 0;
            int outside = 0;
            for (int y = 0; y < warped.getHeight(); y++) {
                for (int x = 0; x < warped.getWidth(); x++) {
                    if ((warped.getRGB(x, y) & 0xFF) < 128) {
                        boolean in = x + 1 >= box.getMinX() && x <= box.getMaxX() + 1 && y + 1 >= box.getMinY()
                                && y <= box.getMaxY() + 1;
                        inside += in ? 1 : 0;
                        outside += in ? 0 : 1;
                    }
                }
            }
            assertThat(inside).as("seed %d", seed).isGreaterThan(100);
            assertThat(outside).as("seed %d: ink outside %s", seed, box).isZero();
            assertThat(box.getWidth()).as("seed %d: a tight box", seed)
                    .isLessThan(digit.getBounds2D().getWidth() * 1.3);
        }
    }

    @Test
    void movesCornersOnlyInwardsSoTheImageKeepsItsSizeAndNothingLeavesIt() {
        for (long seed = 0; seed < 50; seed++) {
            Perspective perspective = Perspective.random(200, 80, 0.3, new SplittableRandom(seed));
            Rectangle2D all = perspective.bounds(new Rectangle2D.Double(0, 0, 200, 80));

            assertThat(all.getMinX()).isGreaterThanOrEqualTo(0);
            assertThat(all.getMinY()).isGreaterThanOrEqualTo(0);
            assertThat(all.getMaxX()).isLessThanOrEqualTo(200);
            assertThat(all.getMaxY()).isLessThanOrEqualTo(80);
        }
    }
}
