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
 */
final class ChainByHand {

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

    private ChainByHand() {
    }

    /**
     * @param locator        the locator's model name; its network also plays every refiner
     * @param refinerMargins the margin of each refiner's crop, in the order they run
     */
    static DigitReading read(Path repository, byte[] png, String locator, List<Double> refinerMargins,
            String reader) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        ModelRepository models = new ModelRepository(repository);
        ModelVersion locatorVersion = models.latest(locator).orElseThrow();
        ModelVersion readerVersion = models.latest(reader).orElseThrow();
        ModelCard locatorCard = locatorVersion.readCard();
        ModelCard readerCard = readerVersion.readCard();
        try (OrtSession locating = ENVIRONMENT.createSession(locatorVersion.onnxFile().toString());
                OrtSession reading = ENVIRONMENT.createSession(readerVersion.onnxFile().toString())) {
            CropRegion region = CropRegion.whole(image.getWidth(), image.getHeight());
            double[] box = inImage(region, run(locating, locatorCard, image, region)[0]);
            for (double margin : refinerMargins) {
                region = DigitRegion.around(box[0], box[1], box[2], box[3], margin);
                box = inImage(region, run(locating, locatorCard, image, region)[0]);
            }
            region = DigitRegion.around(box[0], box[1], box[2], box[3], readerCard.locator().margin());
            return new DigitSequenceDecoder(readerCard.labels()).decode(run(reading, readerCard, image, region));
        }
    }

    /**
     * Reads an image through the chain a character reader's card names: the locators' boxes one after another,
     * the reader of numbers' count of digits, then the character reader once per cell of the last box; with a
     * character refiner between the two, once per box the refiner found in the crop around each cell.
     */
    static DigitReading readCharacters(Path repository, byte[] png, String characterReader) throws Exception {
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
        CropRegion region = CropRegion.whole(image.getWidth(), image.getHeight());
        double[] box = null;
        for (ModelVersion locator : chain) {
            if (box != null) {
                region = DigitRegion.around(box[0], box[1], box[2], box[3], locator.readCard().locator().margin());
            }
            box = inImage(region, run(locator, image, region)[0]);
        }
        ModelCard numbersCard = numbers.readCard();
        int count = new DigitSequenceDecoder(numbersCard.labels()).decode(run(numbers, image,
                DigitRegion.around(box[0], box[1], box[2], box[3], numbersCard.locator().margin()))).digits().length();
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
