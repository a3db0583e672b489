package io.streetdigits.trainer.data;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.DigitSequenceCodec;
import io.streetdigits.core.label.LabelSchema;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Batches for a digit reader, or a character reader (one position): one one-hot label array per position. */
public final class DigitBatches extends ImageBatches {

    private final DigitSequenceCodec codec;

    /** Batches of whole images. */
    public DigitBatches(List<TrainingImage> images, PreprocessingSpec spec, LabelSchema schema, int batchSize,
            Augmentation augmentation, long seed) {
        this(images, wholeImages(images), spec, schema, batchSize, augmentation, seed);
    }

    /** @param regions the region of each image the network reads, before augmentation */
    public DigitBatches(List<TrainingImage> images, List<CropRegion> regions, PreprocessingSpec spec,
            LabelSchema schema, int batchSize, Augmentation augmentation, long seed) {
        super(images, regions, spec, batchSize, augmentation, seed);
        this.codec = new DigitSequenceCodec(schema);
        for (TrainingImage image : images) {
            codec.encode(image.label().code()); // refuse a label the schema cannot hold before training starts
        }
    }

    @Override
    protected INDArray[] labels(List<TrainingImage> batch, List<CropRegion> regions) {
        LabelSchema schema = codec.schema();
        float[][] labels = new float[schema.positions()][batch.size() * schema.classes()];
        for (int i = 0; i < batch.size(); i++) {
            int[] classes = codec.encode(batch.get(i).label().code());
            for (int p = 0; p < classes.length; p++) {
                labels[p][i * schema.classes() + classes[p]] = 1f;
            }
        }
        INDArray[] arrays = new INDArray[schema.positions()];
        for (int p = 0; p < arrays.length; p++) {
            arrays[p] = Nd4j.create(labels[p], new long[] {batch.size(), schema.classes()}, 'c');
        }
        return arrays;
    }
}
