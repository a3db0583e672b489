package io.streetdigits.trainer.training;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.ImagePreprocessor;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.DigitSequenceDecoder;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.core.tianchi.LabelledImage;
import io.streetdigits.core.tianchi.SubmissionScore;
import io.streetdigits.core.tianchi.SubmissionScorer;
import io.streetdigits.trainer.data.TrainingImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads images with a DL4J network in inference mode, through the same preprocessing and decoding as serving,
 * and scores the readings with the competition metric.
 */
public final class DigitReader {

    private static final int BATCH = 64;

    private final ImagePreprocessor preprocessor;
    private final DigitSequenceDecoder decoder;
    private final LabelSchema schema;
    private final Function<TrainingImage, CropRegion> region;

    /** A reader of whole photos. */
    public static DigitReader wholePhotos(PreprocessingSpec spec, LabelSchema schema) {
        return new DigitReader(spec, schema, TrainingImage::whole);
    }

    /** @param region the region of each image to read */
    public DigitReader(PreprocessingSpec spec, LabelSchema schema, Function<TrainingImage, CropRegion> region) {
        this.preprocessor = new ImagePreprocessor(spec);
        this.decoder = new DigitSequenceDecoder(schema);
        this.schema = schema;
        this.region = region;
    }

    /** The digit string read from each image, by file name. */
    public Map<String, String> read(ComputationGraph network, List<TrainingImage> images) {
        return read(input -> network.output(false, input), images);
    }

    /** @param model answers one array per position for a batch of inputs */
    public Map<String, String> read(Function<INDArray, INDArray[]> model, List<TrainingImage> images) {
        Map<String, String> codes = new HashMap<>();
        for (int start = 0; start < images.size(); start += BATCH) {
            List<TrainingImage> batch = images.subList(start, Math.min(start + BATCH, images.size()));
            INDArray[] outputs = model.apply(features(batch));
            for (int i = 0; i < batch.size(); i++) {
                float[][] probabilities = new float[schema.positions()][];
                for (int p = 0; p < schema.positions(); p++) {
                    probabilities[p] = outputs[p].getRow(i).castTo(DataType.FLOAT).toFloatVector();
                }
                codes.put(batch.get(i).label().fileName(), decoder.decode(probabilities).digits());
            }
        }
        return codes;
    }

    public SubmissionScore score(ComputationGraph network, List<TrainingImage> images) {
        return score(input -> network.output(false, input), images);
    }

    public SubmissionScore score(Function<INDArray, INDArray[]> model, List<TrainingImage> images) {
        List<LabelledImage> labels = images.stream().map(TrainingImage::label).toList();
        return SubmissionScorer.score(labels, read(model, images));
    }

    /** The NCHW input of a list of images, unaugmented, as serving sees them. */
    public INDArray features(List<TrainingImage> images) {
        return features(images, region, preprocessor);
    }

    /** The NCHW input of each image's region, unaugmented, through the shared preprocessing. */
    public static INDArray features(List<TrainingImage> images, Function<TrainingImage, CropRegion> region,
            ImagePreprocessor preprocessor) {
        int size = preprocessor.spec().tensorSize();
        float[] features = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            TrainingImage image = images.get(i);
            preprocessor.write(image.image(), region.apply(image), features, i * size);
        }
        return Nd4j.create(features, preprocessor.spec().shape(images.size()), 'c');
    }
}
