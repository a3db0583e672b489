package io.streetdigits.core.synthetic;

import io.streetdigits.core.tianchi.CharacterBox;
import io.streetdigits.core.tianchi.LabelledImage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Renders synthetic house numbers in the style of street-view crops: a number of 1 to 6 digits in one of the
 * installed fonts, on a plate against a wall, tilted, seen in perspective among clutter, blurred, noisy and
 * JPEG-compressed as {@link GeneratorSettings} say, with a box per digit. The same seed gives the same image on a
 * machine with the same fonts. Thread-safe.
 */
public final class HouseNumberGenerator {

    /** Families that draw symbols instead of digits. */
    private static final List<String> EXCLUDED_FONT_WORDS = List.of("symbol", "dingbat", "math", "emoji",
            "d050000l", "z003");

    /** JPEG qualities drawn from: blocky at the low end, as in small photos saved for the web. */
    private static final double MIN_JPEG_QUALITY = 0.2;
    private static final double MAX_JPEG_QUALITY = 0.9;

    private final GeneratorSettings settings;
    private final List<String> fontFamilies;

    public HouseNumberGenerator(GeneratorSettings settings) {
        this(settings, installedDigitFonts());
    }

    public HouseNumberGenerator(GeneratorSettings settings, List<String> fontFamilies) {
        this.settings = settings;
        this.fontFamilies = List.copyOf(fontFamilies);
        if (this.fontFamilies.isEmpty()) {
            throw new IllegalStateException("no font that can draw digits is installed (install fonts-dejavu-core)");
        }
    }

    /**
     * Plain images ({@link GeneratorSettings#PLAIN}) in the DejaVu and Liberation fonts only: the same on every
     * machine with {@code fonts-dejavu-core} and {@code fonts-liberation}, whatever other fonts it has. The tests
     * and benchmarks build their images with it, so fonts installed for training change none of them.
     */
    public static HouseNumberGenerator plain() {
        return new HouseNumberGenerator(GeneratorSettings.PLAIN, installedDigitFonts().stream()
                .filter(family -> family.startsWith("DejaVu") || family.startsWith("Liberation")).toList());
    }

    /** Installed font families that can draw 0-9, sorted so a seed picks the same family on every run. */
    public static List<String> installedDigitFonts() {
        String[] families = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT);
        return Arrays.stream(families)
                .filter(f -> EXCLUDED_FONT_WORDS.stream().noneMatch(w -> f.toLowerCase(Locale.ROOT).contains(w)))
                .filter(f -> !List.of(Font.DIALOG, Font.DIALOG_INPUT, Font.SANS_SERIF, Font.SERIF, Font.MONOSPACED)
                        .contains(f))
                .filter(f -> new Font(f, Font.PLAIN, 12).canDisplayUpTo("0123456789") == -1)
                .sorted()
                .toList();
    }

    public List<String> fontFamilies() {
        return fontFamilies;
    }

    /** Renders one image with a random number. */
    public GeneratedImage generate(long seed, String fileName) {
        SplittableRandom random = new SplittableRandom(seed);
        return render(randomDigits(random), random, fileName);
    }

    /** Renders one image of the given digits (1 to {@link GeneratorSettings#maxDigits()} of them). */
    public GeneratedImage generate(String digits, long seed, String fileName) {
        if (digits.isEmpty() || digits.length() > settings.maxDigits() || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("digits '" + digits + "' must be 1 to " + settings.maxDigits()
                    + " characters 0-9");
        }
        return render(digits, new SplittableRandom(seed), fileName);
    }

    private String randomDigits(SplittableRandom random) {
        double total = settings.lengthWeights().stream().mapToDouble(Double::doubleValue).sum();
        double pick = random.nextDouble() * total;
        int length = 1;
        for (double weight : settings.lengthWeights()) {
            pick -= weight;
            if (pick < 0) {
                break;
            }
            length++;
        }
        length = Math.min(length, settings.maxDigits());
        StringBuilder digits = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            // House numbers rarely start with 0, except the number 0 itself.
            digits.append(i == 0 && length > 1 ? 1 + random.nextInt(9) : random.nextInt(10));
        }
        return digits.toString();
    }

    private GeneratedImage render(String digits, SplittableRandom random, String fileName) {
        String family = fontFamilies.get(random.nextInt(fontFamilies.size()));
        int style = random.nextDouble() < 0.5 ? Font.BOLD : Font.PLAIN;
        double glyphHeight = settings.minGlyphHeight()
                + random.nextDouble() * (settings.maxGlyphHeight() - settings.minGlyphHeight());
        Font font = sizedForDigitHeight(new Font(family, style, 100), glyphHeight);
        FontRenderContext context = new FontRenderContext(null, true, true);

        // Lay the digits out left to right, each at its own measured width, with random tracking.
        double tracking = glyphHeight * (-0.04 + random.nextDouble() * 0.3);
        List<Shape> glyphs = new ArrayList<>();
        double x = 0;
        for (char c : digits.toCharArray()) {
            GlyphVector vector = font.createGlyphVector(context, String.valueOf(c));
            Rectangle2D bounds = vector.getVisualBounds();
            Shape glyph = AffineTransform.getTranslateInstance(x - bounds.getX(), 0)
                    .createTransformedShape(vector.getOutline());
            glyphs.add(glyph);
            x += bounds.getWidth() + tracking;
        }
        Rectangle2D text = union(glyphs);

        // Plate around the text, wall around the plate; crops of house numbers show a little of both.
        double padX = glyphHeight * (0.15 + random.nextDouble() * 0.6);
        double padY = glyphHeight * (0.1 + random.nextDouble() * 0.4);
        double wall = glyphHeight * random.nextDouble() * 0.5;
        int plateWidth = (int) Math.ceil(text.getWidth() + 2 * (padX + wall));
        int plateHeight = (int) Math.ceil(text.getHeight() + 2 * (padY + wall));
        // Clutter needs room beside the plate: more of the wall, on each side its own amount.
        boolean clutter = settings.clutterChance() > 0 && random.nextDouble() < settings.clutterChance();
        double[] view = new double[4]; // left, top, right, bottom
        for (int side = 0; clutter && side < view.length; side++) {
            view[side] = glyphHeight * random.nextDouble() * 1.2;
        }
        int width = plateWidth + (int) Math.ceil(view[0] + view[2]);
        int height = plateHeight + (int) Math.ceil(view[1] + view[3]);
        double angle = Math.toRadians((random.nextDouble() * 2 - 1) * settings.maxRotationDegrees());
        AffineTransform place = new AffineTransform();
        place.rotate(angle, view[0] + plateWidth / 2.0, view[1] + plateHeight / 2.0);
        place.translate(view[0] + padX + wall - text.getX(), view[1] + padY + wall - text.getY());

        Palette palette = Palette.random(random);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setColor(palette.wall());
        g.fillRect(0, 0, width, height);
        if (clutter) {
            Clutter.draw(g, width, height, glyphHeight, fontFamilies, random);
        }
        Shape plate = place.createTransformedShape(new RoundRectangle2D.Double(text.getX() - padX,
                text.getY() - padY, text.getWidth() + 2 * padX, text.getHeight() + 2 * padY,
                glyphHeight * random.nextDouble() * 0.5, glyphHeight * random.nextDouble() * 0.5));
        g.setColor(palette.plate());
        g.fill(plate);
        if (random.nextDouble() < 0.4) {
            g.setColor(palette.text());
            g.setStroke(new BasicStroke((float) Math.max(1, glyphHeight * 0.05)));
            g.draw(plate);
        }
        List<Shape> placed = new ArrayList<>();
        g.setColor(palette.text());
        for (Shape glyph : glyphs) {
            placed.add(place.createTransformedShape(glyph));
            g.fill(placed.get(placed.size() - 1));
        }
        g.dispose();

        Perspective perspective = settings.maxPerspective() > 0
                ? Perspective.random(width, height, settings.maxPerspective(), random) : null;
        if (perspective != null) {
            image = perspective.warp(image);
        }
        List<CharacterBox> boxes = new ArrayList<>();
        for (int i = 0; i < placed.size(); i++) {
            Rectangle2D box = perspective == null ? placed.get(i).getBounds2D() : perspective.bounds(placed.get(i));
            boxes.add(new CharacterBox(digits.charAt(i) - '0', Math.round(box.getX()), Math.round(box.getY()),
                    Math.round(box.getWidth()), Math.round(box.getHeight())));
        }
        ImageDegradation.blur(image, random.nextDouble() * settings.maxBlurRadius());
        ImageDegradation.addNoise(image, random.nextDouble() * settings.maxNoise(), random);
        if (settings.jpegChance() > 0 && random.nextDouble() < settings.jpegChance()) {
            image = ImageDegradation.jpeg(image, (float) (MIN_JPEG_QUALITY
                    + random.nextDouble() * (MAX_JPEG_QUALITY - MIN_JPEG_QUALITY)));
        }
        return new GeneratedImage(image, new LabelledImage(fileName, boxes));
    }

    /** Scales a font so its digits are about {@code height} pixels tall, whatever the family's proportions. */
    private static Font sizedForDigitHeight(Font font, double height) {
        FontRenderContext context = new FontRenderContext(null, true, true);
        double measured = font.createGlyphVector(context, "0123456789").getVisualBounds().getHeight();
        return font.deriveFont((float) (font.getSize2D() * height / measured));
    }

    private static Rectangle2D union(List<Shape> shapes) {
        Rectangle2D bounds = shapes.get(0).getBounds2D();
        for (Shape shape : shapes) {
            bounds = bounds.createUnion(shape.getBounds2D());
        }
        return bounds;
    }

    /** Wall, plate and digit colours, the digits contrasting with their plate. */
    private record Palette(Color wall, Color plate, Color text) {

        static Palette random(SplittableRandom random) {
            Color plate = Color.getHSBColor((float) random.nextDouble(), (float) (random.nextDouble() * 0.7),
                    (float) random.nextDouble());
            Color text;
            do {
                text = Color.getHSBColor((float) random.nextDouble(), (float) (random.nextDouble() * 0.8),
                        (float) random.nextDouble());
            } while (Math.abs(luminance(text) - luminance(plate)) < 0.3);
            Color wall = Color.getHSBColor((float) random.nextDouble(), (float) (random.nextDouble() * 0.5),
                    (float) random.nextDouble());
            return new Palette(wall, plate, text);
        }

        private static double luminance(Color c) {
            return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255.0;
        }
    }
}
