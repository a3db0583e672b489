package io.streetdigits.trainer.data;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.tianchi.CharacterBox;
import io.streetdigits.core.tianchi.LabelledImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training photos shown as parts of wider scenes. SVHN's training photos are cropped around their number (its
 * height is 0.71 of the photo's, median, in the 1,500 here; below 0.4 in 5 % of them) and its test photos, our val,
 * are not (0.48; below 0.4 in 36 %): a model trained on the crops alone learns that the number fills the frame,
 * and on val it misses the small ones. A scene mosaic shrinks one training photo into a wider canvas tiled with
 * number-free parts of other training photos (walls, doors, frames beside their numbers), so its number appears
 * small among street texture; the characters' boxes move with it. Deterministic by seed.
 */
public final class SceneMosaics {

    /** The smallest and largest height of the photo in its scene, as fractions of the scene's. */
    static final double MIN_SHARE = 0.3;
    static final double MAX_SHARE = 0.9;
    /** The longest side of a scene, in pixels: large photos are shrunk rather than tiled at full size. */
    static final int MAX_SIDE = 480;
    /** Room kept between a number and the part of its photo used as background, as a fraction of its height. */
    private static final double CLEARANCE = 0.15;
    /** The smallest number-free part of a photo worth using as background, along each side in pixels. */
    private static final int MIN_BACKGROUND_SIDE = 8;

    private SceneMosaics() {
    }

    /**
     * {@code count} scenes, each around one of {@code photos} (drawn at random) and tiled with parts of others.
     *
     * @throws IllegalArgumentException when no photo has a number-free part large enough for background
     */
    public static List<TrainingImage> of(List<TrainingImage> photos, int count, long seed) {
        if (count == 0) {
            return List.of();
        }
        List<Background> backgrounds = new ArrayList<>();
        for (TrainingImage photo : photos) {
            Background background = Background.beside(photo);
            if (background != null) {
                backgrounds.add(background);
            }
        }
        if (backgrounds.isEmpty()) {
            throw new IllegalArgumentException("none of the " + photos.size() + " photos has a part of at least "
                    + MIN_BACKGROUND_SIDE + "x" + MIN_BACKGROUND_SIDE + " pixels clear of its number to tile scenes"
                    + " with");
        }
        List<TrainingImage> scenes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_033L + i);
            TrainingImage photo = photos.get(random.nextInt(photos.size()));
            scenes.add(scene(photo, backgrounds, random, String.format("scene-%06d-%s", i,
                    photo.label().fileName())));
        }
        return scenes;
    }

    private static TrainingImage scene(TrainingImage photo, List<Background> backgrounds, SplittableRandom random,
            String name) {
        BufferedImage image = photo.image();
        double heightShare = Augmentation.between(MIN_SHARE, MAX_SHARE, random);
        double widthShare = Math.min(1, heightShare * Augmentation.between(0.8, 1.25, random));
        double sceneWidth = image.getWidth() / widthShare;
        double sceneHeight = image.getHeight() / heightShare;
        double scale = Math.min(1, MAX_SIDE / Math.max(sceneWidth, sceneHeight));
        int width = Math.max(1, (int) Math.round(sceneWidth * scale));
        int height = Math.max(1, (int) Math.round(sceneHeight * scale));
        int photoWidth = Math.max(1, Math.min(width, (int) Math.round(image.getWidth() * scale)));
        int photoHeight = Math.max(1, Math.min(height, (int) Math.round(image.getHeight() * scale)));
        int x = random.nextInt(width - photoWidth + 1);
        int y = random.nextInt(height - photoHeight + 1);

        BufferedImage scene = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scene.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            int[] columns = cuts(width, 2 + random.nextInt(3), random);
            int[] rows = cuts(height, 1 + random.nextInt(3), random);
            for (int r = 0; r + 1 < rows.length; r++) {
                for (int c = 0; c + 1 < columns.length; c++) {
                    backgrounds.get(random.nextInt(backgrounds.size())).draw(g, columns[c], rows[r],
                            columns[c + 1] - columns[c], rows[r + 1] - rows[r], random);
                }
            }
            g.drawImage(image, x, y, photoWidth, photoHeight, null);
        } finally {
            g.dispose();
        }

        double scaleX = (double) photoWidth / image.getWidth();
        double scaleY = (double) photoHeight / image.getHeight();
        List<CharacterBox> characters = new ArrayList<>();
        for (CharacterBox box : photo.label().characters()) {
            CharacterBox clipped = box.clippedTo(image.getWidth(), image.getHeight());
            characters.add(new CharacterBox(clipped.digit(), x + clipped.left() * scaleX, y + clipped.top() * scaleY,
                    clipped.width() * scaleX, clipped.height() * scaleY));
        }
        return new TrainingImage(new LabelledImage(name, characters), scene);
    }

    /** {@code parts + 1} edges from 0 to {@code length}, the inner ones at random (each part at least a pixel). */
    private static int[] cuts(int length, int parts, SplittableRandom random) {
        int count = Math.max(1, Math.min(parts, length));
        double[] weights = new double[count];
        double total = 0;
        for (int i = 0; i < count; i++) {
            weights[i] = Augmentation.between(0.5, 1.5, random);
            total += weights[i];
        }
        int[] edges = new int[count + 1];
        double sum = 0;
        for (int i = 1; i < count; i++) {
            sum += weights[i - 1];
            edges[i] = Math.max(edges[i - 1] + 1, (int) Math.round(length * sum / total));
        }
        edges[count] = length;
        return edges;
    }

    /** The largest part of a photo beside, above or below its number, clear of it. */
    private record Background(BufferedImage image, CropRegion part) {

        static Background beside(TrainingImage photo) {
            int width = photo.image().getWidth();
            int height = photo.image().getHeight();
            CropRegion digits = photo.digits(CLEARANCE);
            int left = Math.max(0, (int) Math.floor(digits.left()));
            int top = Math.max(0, (int) Math.floor(digits.top()));
            int right = Math.min(width, (int) Math.ceil(digits.left() + digits.width()));
            int bottom = Math.min(height, (int) Math.ceil(digits.top() + digits.height()));
            int[][] sides = { // left, top, width, height
                {0, 0, left, height}, {right, 0, width - right, height},
                {0, 0, width, top}, {0, bottom, width, height - bottom}};
            int[] best = null;
            for (int[] side : sides) {
                if (side[2] >= MIN_BACKGROUND_SIDE && side[3] >= MIN_BACKGROUND_SIDE
                        && (best == null || side[2] * side[3] > best[2] * best[3])) {
                    best = side;
                }
            }
            return best == null ? null
                    : new Background(photo.image(), new CropRegion(best[0], best[1], best[2], best[3]));
        }

        /**
         * Fills a cell of the scene with a random window of this part, of the cell's shape, so the texture is
         * scaled but not stretched.
         */
        void draw(Graphics2D g, int x, int y, int width, int height, SplittableRandom random) {
            double aspect = (double) width / height;
            double windowWidth = Math.min(part.width(), part.height() * aspect);
            double windowHeight = windowWidth / aspect;
            int left = (int) Math.round(part.left() + random.nextDouble() * (part.width() - windowWidth));
            int top = (int) Math.round(part.top() + random.nextDouble() * (part.height() - windowHeight));
            int right = Math.max(left + 1, (int) Math.round(left + windowWidth));
            int bottom = Math.max(top + 1, (int) Math.round(top + windowHeight));
            g.drawImage(image, x, y, x + width, y + height, left, top, right, bottom, null);
        }
    }
}
