package io.streetdigits.trainer.training;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.ImagePreprocessor;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.core.model.LocatorRef;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.trainer.data.BoxBatches;
import io.streetdigits.trainer.data.CharacterCrop;
import io.streetdigits.trainer.data.EpochBatches;
import io.streetdigits.trainer.data.HeatmapBatches;
import io.streetdigits.trainer.data.ImageBatches;
import io.streetdigits.trainer.data.TrainingImage;
import io.streetdigits.trainer.network.DigitLocator;
import io.streetdigits.trainer.network.HeatmapLocator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Locating the digits, judged by the mean intersection over union with the labelled box: in a whole photo
 * ({@code digit-locator}, which regresses the box, or {@code heatmap-locator}, which marks the cells the digits
 * cover and draws the box around them); for a refiner, again in a crop around the box a locator found, where the
 * digits are larger and the box can be drawn more closely ({@code digit-refiner}); for a character refiner, one
 * character in a crop around its cell of the box a reader of numbers split evenly ({@code character-refiner}), so a
 * character reader reads it centred. A refiner trains and is judged on crops around the labelled digits (or
 * cells), shifted and scaled as much as the model before it misses by; those of validation are drawn with a fixed
 * seed, so every epoch is judged on the same crops.
 */
public final class LocatingTask implements TrainingTask {

    public static final String REFINER = "digit-refiner";
    public static final String CHARACTER_REFINER = "character-refiner";
    public static final String VAL_IOU_50 = "valIoUAbove50";
    private static final int BATCH = 64;

    private final TrainingSpec spec;

    public LocatingTask(TrainingSpec spec) {
        this.spec = spec;
    }

    @Override
    public String architecture() {
        return spec.architecture();
    }

    @Override
    public String cardTask() {
        return ModelCard.LOCATES_DIGITS;
    }

    @Override
    public PreprocessingSpec preprocessing() {
        return PreprocessingSpec.centred(spec.network().inputWidth(), spec.network().inputHeight());
    }

    @Override
    public LabelSchema labels() {
        return null;
    }

    @Override
    public LocatorRef locator() {
        return spec.readsCrops() ? new LocatorRef(spec.locator(), spec.cropMargin()) : null;
    }

    @Override
    public ComputationGraph build(IUpdater updater) {
        return marksCells() ? HeatmapLocator.build(spec.network(), updater, spec.weightDecay(), spec.seed())
                : DigitLocator.build(spec.network(), updater, spec.weightDecay(), spec.seed());
    }

    private boolean marksCells() {
        return spec.architecture().equals(HeatmapLocator.ARCHITECTURE);
    }

    /**
     * What the model learns to find the box in, before augmentation: whole photos, the regions around their
     * digits, or a character refiner's one character (labelled alone) per cell.
     */
    private record Samples(List<TrainingImage> images, List<CropRegion> regions) {
    }

    private Samples samples(List<TrainingImage> images) {
        if (spec.architecture().equals(CHARACTER_REFINER)) {
            List<CharacterCrop> crops = CharacterCrop.of(images, spec.digitMargin());
            return new Samples(crops.stream().map(CharacterCrop::character).toList(),
                    crops.stream().map(CharacterCrop::cell).toList());
        }
        return new Samples(images, ImageBatches.regions(images, spec.cropMargin()));
    }

    @Override
    public EpochBatches batches(List<TrainingImage> train) {
        Samples samples = samples(train);
        if (marksCells()) {
            return new HeatmapBatches(samples.images(), samples.regions(), preprocessing(), spec.batchSize(),
                    spec.augmentation(), spec.seed(), HeatmapLocator.STRIDE);
        }
        return new BoxBatches(samples.images(), samples.regions(), preprocessing(), spec.batchSize(),
                spec.augmentation(), spec.seed());
    }

    @Override
    public Validation validate(ComputationGraph network, List<TrainingImage> val) {
        Samples samples = samples(val);
        return judge(inputs -> HeatmapLocator.exportedOutputs(network, inputs), samples.images(), seen(samples),
                preprocessing());
    }

    /**
     * How well a locator draws the box (its first output) around the labelled digits of each image, within the
     * region of the image it sees: mean IoU, and the share of boxes at IoU 0.5 or more.
     */
    public static Validation judge(Function<INDArray, INDArray[]> model, List<TrainingImage> images,
            List<CropRegion> seen, PreprocessingSpec preprocessing) {
        double iouSum = 0;
        int above50 = 0;
        for (int start = 0; start < images.size(); start += BATCH) {
            int end = Math.min(start + BATCH, images.size());
            List<TrainingImage> batch = images.subList(start, end);
            List<CropRegion> regions = seen.subList(start, end);
            INDArray boxes = model.apply(features(batch, regions, preprocessing))[0].castTo(DataType.FLOAT);
            for (int i = 0; i < batch.size(); i++) {
                float[] predicted = boxes.getRow(i).toFloatVector();
                float[] truth = BoxBatches.boxIn(batch.get(i), regions.get(i));
                double iou = intersectionOverUnion(predicted, truth);
                iouSum += iou;
                if (iou >= 0.5) {
                    above50++;
                }
            }
        }
        double meanIou = images.isEmpty() ? 0 : iouSum / images.size();
        return new Validation(meanIou, Map.of(ModelCard.VAL_MEAN_IOU, meanIou,
                VAL_IOU_50, images.isEmpty() ? 0 : (double) above50 / images.size()));
    }

    @Override
    public INDArray features(List<TrainingImage> images) {
        Samples samples = samples(images);
        return features(samples.images(), seen(samples), preprocessing());
    }

    /** Each image's region, preprocessed as serving does, one after another. */
    public static INDArray features(List<TrainingImage> images, List<CropRegion> regions,
            PreprocessingSpec preprocessing) {
        ImagePreprocessor preprocessor = new ImagePreprocessor(preprocessing);
        int size = preprocessing.tensorSize();
        float[] features = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            preprocessor.write(images.get(i).image(), regions.get(i), features, i * size);
        }
        return Nd4j.create(features, preprocessing.shape(images.size()), 'c');
    }

    /** What the model sees of each sample outside training: the whole photo, or a refiner's fixed-seed crop. */
    private List<CropRegion> seen(Samples samples) {
        return spec.readsCrops() ? BoxBatches.fixedCrops(samples.images(), samples.regions(), spec.augmentation(),
                spec.seed()) : samples.regions();
    }

    /** Of two boxes given as left, top, right, bottom. */
    static double intersectionOverUnion(float[] a, float[] b) {
        double width = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double height = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        double intersection = Math.max(0, width) * Math.max(0, height);
        double union = area(a) + area(b) - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    private static double area(float[] box) {
        return Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]);
    }
}
