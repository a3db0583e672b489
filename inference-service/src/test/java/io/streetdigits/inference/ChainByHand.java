package io.streetdigits.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.DigitRegion;
import io.streetdigits.core.image.ImagePreprocessor;
import io.streetdigits.core.label.DigitSequenceDecoder;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * One image read through a chain of locators and a reader with ONNX Runtime directly, one model run at a time, as
 * the chain is meant to work: the locator's box in the whole image, each refiner's box in the crop around the box
 * before (with the refiner's margin), the reader's reading of the crop around the last box; for a character reader,
 * each character read in its cell of the last box, or in the box a character refiner found around the cell.
 *
 * <p>Where the first locator gives its heat map's peak and that is at or below the service's threshold, the image
 * gets a closer look: the locator looks again at the four corners, each a share of the image's width and height;
 * every look is read through the rest of the chain, and the reading kept is the one with the highest eight times
 * the log of its look's peak plus the log of its confidence, less a half for a tile.
 */
final class ChainByHand {

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

    /** How the service is configured to look closer. */
    record Closer(double whenPeakAtMost, double tileShare) {
    }

    /** The first locator's box in the image's pixels, how strongly it marked it, and whether it saw a tile. */
    private record Look(double[] box, float peak, boolean tile) {

        double score(DigitReading reading) {
            return 8 * Math.log(Math.max(1e-6, peak)) + Math.log(Math.max(Double.MIN_NORMAL, reading.confidence()))
                    - (tile ? 0.5 : 0);
        }
    }

    private ChainByHand() {
    }

    /**
     * @param locator        the locator's model name; its network also plays every refiner
     * @param refinerMargins the margin of each refiner's crop, in the order they run
     */
    static DigitReading read(Path repository, byte[] png, String locator, List<Double> refinerMargins,
            String reader, Closer closer) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        ModelRepository models = new ModelRepository(repository);
        ModelVersion locatorVersion = models.latest(locator).orElseThrow();
        ModelVersion readerVersion = models.latest(reader).orElseThrow();
        ModelCard readerCard = readerVersion.readCard();
        return bestLook(locatorVersion, image, closer, box -> {
            for (double margin : refinerMargins) {
                CropRegion region = DigitRegion.around(box[0], box[1], box[2], box[3], margin);
                box = inImage(region, run(locatorVersion, image, region)[0]);
            }
            CropRegion region = DigitRegion.around(box[0], box[1], box[2], box[3], readerCard.locator().margin());
            return new DigitSequenceDecoder(readerCard.labels()).decode(run(readerVersion, image, region));
        });
    }

    /**
     * Reads an image through the chain a character reader's card names: the locators' boxes one after another,
     * the reader of numbers' count of digits, then the character reader once per cell of the last box; with a
     * character refiner between the two, once per box the refiner found in the crop around each cell.
     */
    static DigitReading readCharacters(Path repository, byte[] png, String characterReader, Closer closer)
            throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        ModelRepository models = new ModelRepository(repository);
        List<ModelVersion> chain = new ArrayList<>();
        for (ModelVersion next = models.latest(characterReader).orElseThrow(); next != null;
                next = next.readCard().locator() == null ? null
                        : models.latest(next.readCard().locator().model()).orElseThrow()) {
            chain.add(0, next);
        }
        ModelVersion characters = chain.remove(chain.size() - 1);
        ModelVersion refiner = chain.get(chain.size() - 1).readCard().locates() ? chain.remove(chain.size() - 1)
                : null;
        ModelVersion numbers = chain.remove(chain.size() - 1);
        return bestLook(chain.get(0), image, closer, box -> {
            for (ModelVersion locator : chain.subList(1, chain.size())) {
                CropRegion region = DigitRegion.around(box[0], box[1], box[2], box[3],
                        locator.readCard().locator().margin());
                box = inImage(region, run(locator, image, region)[0]);
            }
            return readCharacters(image, box, numbers, refiner, characters);
        });
    }

    private static DigitReading readCharacters(BufferedImage image, double[] box, ModelVersion numbers,
            ModelVersion refiner, ModelVersion characters) throws Exception {
        ModelCard numbersCard = numbers.readCard();
        DigitReading number = new DigitSequenceDecoder(numbersCard.labels()).decode(run(numbers, image,
                DigitRegion.around(box[0], box[1], box[2], box[3], numbersCard.locator().margin())));
        int count = number.digits().length();
        if (count == 0) {
            return number;
        }
        ModelCard card = characters.readCard();
        CropRegion[] cells = DigitRegion.characterCells(box[0], box[1], box[2], box[3], count,
                card.locator().margin());
        if (refiner != null) {
            CropRegion[] around = DigitRegion.characterCells(box[0], box[1], box[2], box[3], count,
                    refiner.readCard().locator().margin());
            for (int i = 0; i < count; i++) {
                double[] character = inImage(around[i], run(refiner, image, around[i])[0]);
                cells[i] = DigitRegion.characterCells(character[0], character[1], character[2], character[3], 1,
                        card.locator().margin())[0];
            }
        }
        float[][] read = new float[cells.length][];
        for (int i = 0; i < cells.length; i++) {
            read[i] = run(characters, image, cells[i])[0];
        }
        return new DigitSequenceDecoder(card.labels()).decodeCharacters(read);
    }

    /** How the rest of the chain reads the number in the first locator's box (in the image's pixels). */
    private interface RestOfChain {
        DigitReading read(double[] box) throws Exception;
    }

    /** The reading of the image's best look: the whole image's, and where the first locator is unsure, the tiles'. */
    private static DigitReading bestLook(ModelVersion locator, BufferedImage image, Closer closer,
            RestOfChain rest) throws Exception {
        DigitReading best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Look look : looks(locator, image, closer)) {
            DigitReading reading = rest.read(look.box());
            double score = look.score(reading);
            if (score > bestScore) {
                best = reading;
                bestScore = score;
            }
        }
        return best;
    }

    /** The first locator's look at the whole image, then, where it is unsure, at the four corners. */
    private static List<Look> looks(ModelVersion locator, BufferedImage image, Closer closer) throws Exception {
        boolean givesPeak = locator.readCard().givesPeak();
        CropRegion whole = CropRegion.whole(image.getWidth(), image.getHeight());
        float[][] outputs = run(locator, image, whole);
        float peak = givesPeak ? outputs[1][0] : 1;
        List<Look> looks = new ArrayList<>(List.of(new Look(inImage(whole, outputs[0]), peak, false)));
        if (givesPeak && peak <= (float) closer.whenPeakAtMost()) {
            double width = closer.tileShare() * image.getWidth();
            double height = closer.tileShare() * image.getHeight();
            double right = image.getWidth() - width;
            double bottom = image.getHeight() - height;
            for (double[] corner : new double[][] {{0, 0}, {right, 0}, {0, bottom}, {right, bottom}}) {
                CropRegion tile = new CropRegion(corner[0], corner[1], width, height);
                float[][] inTile = run(locator, image, tile);
                looks.add(new Look(inImage(tile, inTile[0]), inTile[1][0], true));
            }
        }
        return looks;
    }

    private static float[][] run(ModelVersion version, BufferedImage image, CropRegion region) throws Exception {
        try (OrtSession session = ENVIRONMENT.createSession(version.onnxFile().toString())) {
            return run(session, version.readCard(), image, region);
        }
    }

    /** A box given as fractions of a region, in the image's pixels: left, top, right, bottom. */
    private static double[] inImage(CropRegion region, float[] box) {
        return new double[] {region.left() + box[0] * region.width(), region.top() + box[1] * region.height(),
            region.left() + box[2] * region.width(), region.top() + box[3] * region.height()};
    }

    /** Every output of the card for one image's region. */
    private static float[][] run(OrtSession session, ModelCard card, BufferedImage image, CropRegion region)
            throws Exception {
        float[] input = new float[card.preprocessing().tensorSize()];
        new ImagePreprocessor(card.preprocessing()).write(image, region, input, 0);
        try (OnnxTensor tensor = OnnxTensor.createTensor(ENVIRONMENT, FloatBuffer.wrap(input),
                card.preprocessing().shape(1));
                OrtSession.Result result = session.run(Map.of(card.input().name(), tensor))) {
            float[][] outputs = new float[card.outputs().size()][];
            for (int i = 0; i < outputs.length; i++) {
                outputs[i] = ((float[][]) result.get(card.outputs().get(i)).orElseThrow().getValue())[0];
            }
            return outputs;
        }
    }
}
