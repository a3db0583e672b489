package io.streetdigits.core.synthetic;

import java.awt.Shape;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * A plate seen at an angle: the image's rectangle mapped onto a quadrilateral inside it, each corner moved inwards
 * by its own amount, so nothing drawn leaves the frame. Where the quadrilateral leaves the frame uncovered, the
 * image's edge pixels are drawn out (the wall, in a generated image).
 */
final class Perspective {

    /** How finely glyph outlines are flattened before their corners are mapped, in pixels. */
    private static final double FLATNESS = 0.25;

    private final Homography forward;
    private final Homography backward;

    private Perspective(double[] quad, int width, int height) {
        double[] rectangle = {0, 0, width, 0, width, height, 0, height};
        forward = Homography.mapping(rectangle, quad);
        backward = Homography.mapping(quad, rectangle);
    }

    /** Each corner of a {@code width} x {@code height} image moved inwards by up to {@code maxShift} of the side. */
    static Perspective random(int width, int height, double maxShift, SplittableRandom random) {
        double[] quad = new double[8];
        int[][] inwards = {{1, 1}, {-1, 1}, {-1, -1}, {1, -1}};
        double[] corners = {0, 0, width, 0, width, height, 0, height};
        for (int corner = 0; corner < 4; corner++) {
            quad[2 * corner] = corners[2 * corner] + inwards[corner][0] * random.nextDouble() * maxShift * width;
            quad[2 * corner + 1] = corners[2 * corner + 1]
                    + inwards[corner][1] * random.nextDouble() * maxShift * height;
        }
        return new Perspective(quad, width, height);
    }

    /** The image seen in perspective, sampled bilinearly; the same size as the original. */
    BufferedImage warp(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] source = image.getRGB(0, 0, width, height, null, 0, width);
        int[] warped = new int[source.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double[] from = backward.apply(x + 0.5, y + 0.5);
                warped[y * width + x] = bilinear(source, width, height, from[0] - 0.5, from[1] - 0.5);
            }
        }
        BufferedImage result = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        result.setRGB(0, 0, width, height, warped, 0, width);
        return result;
    }

    /** The bounds of a shape drawn on the original, once seen in perspective. */
    Rectangle2D bounds(Shape shape) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        double[] segment = new double[6];
        for (PathIterator path = shape.getPathIterator(null, FLATNESS); !path.isDone(); path.next()) {
            if (path.currentSegment(segment) == PathIterator.SEG_CLOSE) {
                continue;
            }
            double[] point = forward.apply(segment[0], segment[1]);
            minX = Math.min(minX, point[0]);
            minY = Math.min(minY, point[1]);
            maxX = Math.max(maxX, point[0]);
            maxY = Math.max(maxY, point[1]);
        }
        return new Rectangle2D.Double(minX, minY, maxX - minX, maxY - minY);
    }

    private static int bilinear(int[] pixels, int width, int height, double x, double y) {
        double cx = Math.min(Math.max(x, 0), width - 1);
        double cy = Math.min(Math.max(y, 0), height - 1);
        int x0 = (int) cx;
        int y0 = (int) cy;
        int x1 = Math.min(x0 + 1, width - 1);
        int y1 = Math.min(y0 + 1, height - 1);
        double fx = cx - x0;
        double fy = cy - y0;
        int result = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            double top = channel(pixels[y0 * width + x0], shift) * (1 - fx) + channel(pixels[y0 * width + x1], shift) * fx;
            double bottom = channel(pixels[y1 * width + x0], shift) * (1 - fx)
                    + channel(pixels[y1 * width + x1], shift) * fx;
            result |= (int) Math.round(top * (1 - fy) + bottom * fy) << shift;
        }
        return result;
    }

    private static int channel(int rgb, int shift) {
        return (rgb >> shift) & 0xFF;
    }
}
