package io.streetdigits.trainer.training;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.ImagePreprocessor;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.core.model.LocatorRef;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.trainer.data.BoxBatches;
import io.streetdigits.trainer.data.EpochBatches;
import io.streetdigits.trainer.data.TrainingImage;
import io.streetdigits.trainer.network.DigitLocator;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Locating the digits, judged by the mean intersection over union with the labelled box: in a whole photo
 * ({@code digit-locator}), or, for a refiner, again in a crop around the box a locator found, where the digits are
 * larger and the box can be drawn more closely ({@code digit-refiner}). A refiner trains and is judged on crops
 * around the labelled digits, shifted and scaled as much as a whole-photo locator misses by; those of validation
 * are drawn with a fixed seed, so every epoch is judged on the same crops.
 */
public final class LocatingTask implements TrainingTask {

    public static final String REFINER = "digit-refiner";
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
        return DigitLocator.build(spec.network(), updater, spec.weightDecay(), spec.seed());
    }

    @Override
    public EpochBatches batches(List<TrainingImage> train) {
        return new BoxBatches(train, preprocessing(), spec.batchSize(), spec.augmentation(), spec.cropMargin(),
                spec.seed());
    }

    @Override
    public Validation validate(ComputationGraph network, List<TrainingImage> val) {
        double iouSum = 0;
        int above50 = 0;
        for (int start = 0; start < val.size(); start += BATCH) {
            List<TrainingImage> batch = val.subList(start, Math.min(start + BATCH, val.size()));
            List<CropRegion> regions = regions(batch);
            INDArray boxes = network.output(false, features(batch, regions))[0].castTo(DataType.FLOAT);
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
        double meanIou = val.isEmpty() ? 0 : iouSum / val.size();
        return new Validation(meanIou, Map.of(ModelCard.VAL_MEAN_IOU, meanIou,
                VAL_IOU_50, val.isEmpty() ? 0 : (double) above50 / val.size()));
    }

    @Override
    public INDArray features(List<TrainingImage> images) {
        return features(images, regions(images));
    }

    private INDArray features(List<TrainingImage> images, List<CropRegion> regions) {
        ImagePreprocessor preprocessor = new ImagePreprocessor(preprocessing());
        int size = preprocessing().tensorSize();
        float[] features = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            preprocessor.write(images.get(i).image(), regions.get(i), features, i * size);
        }
        return Nd4j.create(features, preprocessing().shape(images.size()), 'c');
    }

    /** What the model sees of each image outside training: the whole photo, or a refiner's fixed-seed crop. */
    private List<CropRegion> regions(List<TrainingImage> images) {
        if (!spec.readsCrops()) {
            return images.stream().map(TrainingImage::whole).toList();
        }
        return BoxBatches.fixedCrops(images, spec.cropMargin(), spec.augmentation(), spec.seed());
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
