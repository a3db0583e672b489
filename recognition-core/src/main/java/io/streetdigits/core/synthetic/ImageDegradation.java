package io.streetdigits.core.synthetic;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** The blur, sensor noise and compression of real photos. */
final class ImageDegradation {

    private ImageDegradation() {
    }

    /** Separable Gaussian blur; radius is the standard deviation in pixels (below 0.3 it does nothing). */
    static void blur(BufferedImage image, double sigma) {
        if (sigma < 0.3) {
            return;
        }
        int radius = (int) Math.ceil(2.5 * sigma);
        float[] kernel = new float[2 * radius + 1];
        float total = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            total += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= total;
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        int[] pass = convolve(pixels, width, height, kernel, true);
        image.setRGB(0, 0, width, height, convolve(pass, width, height, kernel, false), 0, width);
    }

    static void addNoise(BufferedImage image, double sigma, SplittableRandom random) {
        if (sigma <= 0) {
            return;
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < pixels.length; i++) {
            int p = pixels[i];
            int r = clamp(((p >> 16) & 0xFF) + gaussian(random) * sigma);
            int g = clamp(((p >> 8) & 0xFF) + gaussian(random) * sigma);
            int b = clamp((p & 0xFF) + gaussian(random) * sigma);
            pixels[i] = (r << 16) | (g << 8) | b;
        }
        image.setRGB(0, 0, width, height, pixels, 0, width);
    }

    /** The image after saving it as a JPEG of {@code quality} (0 to 1) and reading it back: its block artefacts. */
    static BufferedImage jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a generated image as JPEG", e);
        } finally {
            writer.dispose();
        }
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            BufferedImage rgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.drawImage(decoded, 0, 0, null);
            g.dispose();
            return rgb;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a generated JPEG", e);
        }
    }

    private static int[] convolve(int[] pixels, int width, int height, float[] kernel, boolean horizontal) {
        int radius = kernel.length / 2;
        int[] out = new int[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int k = -radius; k <= radius; k++) {
                    int sx = horizontal ? Math.min(Math.max(x + k, 0), width - 1) : x;
                    int sy = horizontal ? y : Math.min(Math.max(y + k, 0), height - 1);
                    int p = pixels[sy * width + sx];
                    float w = kernel[k + radius];
                    r += w * ((p >> 16) & 0xFF);
                    g += w * ((p >> 8) & 0xFF);
                    b += w * (p & 0xFF);
                }
                out[y * width + x] = (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
            }
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static int clamp(double value) {
        return (int) Math.min(255, Math.max(0, Math.round(value)));
    }
}
