package io.streetdigits.inference.recognition;

import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.DigitRegion;
import io.streetdigits.inference.model.LoadedModel;
import io.streetdigits.inference.model.Sightings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Reads decoded photos through a chain of models, each model running once over the whole batch. The first locator
 * finds the digits in each whole photo; each refiner finds them again in a crop around the box before; the reader
 * of numbers reads the crop around the last box. A character reader then reads each number again, one character at
 * a time, in the cells of that box, as many as the reader of numbers read; a character refiner between the two
 * first finds each character again in a crop around its cell.
 *
 * <p>Where the first locator is unsure, the photo gets a {@link CloserLook}: the locator looks again at tiles of it,
 * and from there on the chain reads looks rather than photos, every look of a photo in the same batch; each photo
 * keeps the reading of its best look.
 */
@ApplicationScoped
public class ChainReader {

    private final CloserLook closerLook;

    @Inject
    public ChainReader(CloserLook closerLook) {
        this.closerLook = closerLook;
    }

    /**
     * One look at a photo: where the chain reads it.
     *
     * @param photo the photo's index in the batch
     * @param box   the first locator's box, in the photo's pixels
     * @param peak  how strongly the first locator marked it (1 where it does not say: then there is one look)
     * @param tile  whether the locator saw a tile of the photo rather than all of it
     */
    private record Look(int photo, double[] box, float peak, boolean tile) {
    }

    /**
     * @param chain       the models before {@code reader}, first locator first
     * @param wholePhotos the photos preprocessed for the first locator, one after another
     * @param photos      the decoded photos, the first {@code count} of which are read
     * @return one reading per photo, in order
     */
    List<DigitReading> read(LoadedModel reader, List<LoadedModel> chain, float[] wholePhotos, BufferedImage[] photos,
            int count) throws Exception {
        boolean characters = reader.card().readsCharacters();
        LoadedModel characterRefiner = characters && chain.get(chain.size() - 1).card().locates()
                ? chain.get(chain.size() - 1) : null;
        int numbersAt = chain.size() - (characterRefiner == null ? 1 : 2);
        LoadedModel numbers = characters ? chain.get(numbersAt) : reader;
        List<LoadedModel> locators = characters ? chain.subList(0, numbersAt) : chain;

        List<Look> looks = look(locators.get(0), wholePhotos, photos, count);
        BufferedImage[] seen = new BufferedImage[looks.size()];
        double[][] boxes = new double[looks.size()][];
        for (int i = 0; i < looks.size(); i++) {
            seen[i] = photos[looks.get(i).photo()];
            boxes[i] = looks.get(i).box();
        }
        for (LoadedModel refiner : locators.subList(1, locators.size())) {
            CropRegion[] around = around(boxes, refiner.card().locator().margin());
            boxes = inPixels(refiner.locate(crops(refiner, seen, around), seen.length).boxes(), around);
        }
        List<DigitReading> readings = numbers.read(crops(numbers, seen, around(boxes,
                numbers.card().locator().margin())), seen.length);
        if (characters) {
            readings = readCharacters(reader, characterRefiner, seen, boxes, readings);
        }
        return bestOfEach(looks, readings, count);
    }

    /** The first locator's look at every whole photo, then, after them, its closer looks where it is unsure. */
    private List<Look> look(LoadedModel locator, float[] wholePhotos, BufferedImage[] photos, int count)
            throws Exception {
        Sightings whole = locator.locate(wholePhotos, count);
        double[][] boxes = inPixels(whole.boxes(), wholeRegions(photos, count));
        List<Look> looks = new ArrayList<>();
        List<Integer> closer = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float peak = whole.havePeaks() ? whole.peaks()[i] : 1;
            looks.add(new Look(i, boxes[i], peak, false));
            if (whole.havePeaks() && closerLook.wanted(peak)) {
                closer.add(i);
            }
        }
        if (closer.isEmpty()) {
            return looks;
        }
        List<CropRegion> tiles = new ArrayList<>();
        List<Integer> tileOf = new ArrayList<>();
        for (int photo : closer) {
            for (CropRegion tile : closerLook.tiles(photos[photo].getWidth(), photos[photo].getHeight())) {
                tiles.add(tile);
                tileOf.add(photo);
            }
        }
        CropRegion[] regions = tiles.toArray(CropRegion[]::new);
        Sightings inTiles = locator.locate(crops(locator, photos, tileOf.stream().mapToInt(Integer::intValue)
                .toArray(), regions), regions.length);
        double[][] tileBoxes = inPixels(inTiles.boxes(), regions);
        for (int t = 0; t < regions.length; t++) {
            looks.add(new Look(tileOf.get(t), tileBoxes[t], inTiles.peaks()[t], true));
        }
        return looks;
    }

    /** Each photo's reading from its best look; a photo looked at once keeps that look's. */
    private List<DigitReading> bestOfEach(List<Look> looks, List<DigitReading> readings, int count) {
        DigitReading[] best = new DigitReading[count];
        double[] bestScore = new double[count];
        boolean[] fromTile = new boolean[count];
        boolean[] closer = new boolean[count];
        for (int i = 0; i < looks.size(); i++) {
            Look look = looks.get(i);
            closer[look.photo()] |= look.tile();
            double score = CloserLook.score(look.peak(), readings.get(i), look.tile());
            if (best[look.photo()] == null || score > bestScore[look.photo()]) {
                best[look.photo()] = readings.get(i);
                bestScore[look.photo()] = score;
                fromTile[look.photo()] = look.tile();
            }
        }
        int lookedCloser = 0;
        int keptTiles = 0;
        for (int photo = 0; photo < count; photo++) {
            lookedCloser += closer[photo] ? 1 : 0;
            keptTiles += fromTile[photo] ? 1 : 0;
        }
        closerLook.counted(lookedCloser, keptTiles);
        return Arrays.asList(best);
    }

    /**
     * Each number read again in its box's character cells, or in the boxes a character refiner found around them;
     * a number read as no digits at all stays as it is.
     */
    private static List<DigitReading> readCharacters(LoadedModel reader, LoadedModel refiner, BufferedImage[] images,
            double[][] boxes, List<DigitReading> numbers) throws Exception {
        int[] counts = numbers.stream().mapToInt(reading -> reading.digits().length()).toArray();
        int total = Arrays.stream(counts).sum();
        if (total == 0) {
            return numbers;
        }
        double margin = reader.card().locator().margin();
        CropRegion[] cells;
        if (refiner == null) {
            cells = cells(boxes, counts, total, margin);
        } else {
            CropRegion[] around = cells(boxes, counts, total, refiner.card().locator().margin());
            double[][] characterBoxes = inPixels(refiner.locate(cropsOfEach(refiner, images, counts, around), total)
                    .boxes(), around);
            cells = new CropRegion[total];
            for (int i = 0; i < total; i++) {
                double[] box = characterBoxes[i];
                cells[i] = DigitRegion.characterCells(box[0], box[1], box[2], box[3], 1, margin)[0];
            }
        }
        List<DigitReading> read = reader.readCharacters(cropsOfEach(reader, images, counts, cells), counts);
        List<DigitReading> readings = new ArrayList<>(numbers.size());
        for (int i = 0; i < numbers.size(); i++) {
            readings.add(counts[i] == 0 ? numbers.get(i) : read.get(i));
        }
        return readings;
    }

    /** Every number's character cells, in order: {@code counts[i]} cells of box {@code i}. */
    private static CropRegion[] cells(double[][] boxes, int[] counts, int total, double margin) {
        CropRegion[] cells = new CropRegion[total];
        int cell = 0;
        for (int i = 0; i < boxes.length; i++) {
            if (counts[i] > 0) {
                double[] box = boxes[i];
                for (CropRegion region : DigitRegion.characterCells(box[0], box[1], box[2], box[3], counts[i],
                        margin)) {
                    cells[cell++] = region;
                }
            }
        }
        return cells;
    }

    private static CropRegion[] wholeRegions(BufferedImage[] images, int count) {
        CropRegion[] regions = new CropRegion[count];
        for (int i = 0; i < count; i++) {
            regions[i] = CropRegion.whole(images[i].getWidth(), images[i].getHeight());
        }
        return regions;
    }

    /** A locator's boxes, given as fractions of the regions it saw, in pixels of the whole image. */
    private static double[][] inPixels(float[][] boxes, CropRegion[] regions) {
        double[][] pixels = new double[boxes.length][];
        for (int i = 0; i < boxes.length; i++) {
            CropRegion region = regions[i];
            float[] box = boxes[i];
            pixels[i] = new double[] {region.left() + box[0] * region.width(), region.top() + box[1] * region.height(),
                region.left() + box[2] * region.width(), region.top() + box[3] * region.height()};
        }
        return pixels;
    }

    /** The regions around boxes, widened by {@code margin} of each box's height. */
    private static CropRegion[] around(double[][] boxes, double margin) {
        CropRegion[] regions = new CropRegion[boxes.length];
        for (int i = 0; i < boxes.length; i++) {
            regions[i] = DigitRegion.around(boxes[i][0], boxes[i][1], boxes[i][2], boxes[i][3], margin);
        }
        return regions;
    }

    /** The model's input: each image cropped to its region. */
    private static float[] crops(LoadedModel model, BufferedImage[] images, CropRegion[] regions) {
        return crops(model, images, IntStream.range(0, regions.length).toArray(), regions);
    }

    /** The model's input: image {@code i} cropped to each of its {@code counts[i]} regions, in order. */
    private static float[] cropsOfEach(LoadedModel model, BufferedImage[] images, int[] counts,
            CropRegion[] regions) {
        int[] imageOf = new int[regions.length];
        for (int i = 0, region = 0; i < counts.length; i++) {
            for (int k = 0; k < counts[i]; k++) {
                imageOf[region++] = i;
            }
        }
        return crops(model, images, imageOf, regions);
    }

    /**
     * The model's input: region {@code r} of image {@code imageOf[r]}, for every region in order. Prepared in
     * parallel, as the photos were decoded: the models' runs spread over every core, and on a node with many of them
     * crops prepared on one thread would become a large share of a batch's time.
     */
    private static float[] crops(LoadedModel model, BufferedImage[] images, int[] imageOf, CropRegion[] regions) {
        int size = model.card().preprocessing().tensorSize();
        float[] crops = new float[regions.length * size];
        IntStream.range(0, regions.length).parallel().forEach(region -> model.preprocessor()
                .write(images[imageOf[region]], regions[region], crops, region * size));
        return crops;
    }
}
