package io.streetdigits.trainer.data;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.ImagePreprocessor;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.DigitSequenceCodec;
import io.streetdigits.core.label.LabelSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training batches for a multi-head digit network: features through the shared {@link ImagePreprocessor} (so
 * training sees exactly what serving sees), one one-hot label array per position. Each epoch reshuffles and
 * re-augments from the seed and the epoch number, so a run is reproducible.
 */
public final class DigitBatches implements MultiDataSetIterator {

    private final List<TrainingImage> images;
    private final ImagePreprocessor preprocessor;
    private final DigitSequenceCodec codec;
    private final int batchSize;
    private final Augmentation augmentation;
    private final long seed;
    private final List<Integer> order;
    private int epoch;
    private int cursor;
    private SplittableRandom random;
    private MultiDataSetPreProcessor preProcessor;

    public DigitBatches(List<TrainingImage> images, PreprocessingSpec spec, LabelSchema schema, int batchSize,
            Augmentation augmentation, long seed) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to train on");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, was " + batchSize);
        }
        this.images = List.copyOf(images);
        this.preprocessor = new ImagePreprocessor(spec);
        this.codec = new DigitSequenceCodec(schema);
        this.batchSize = batchSize;
        this.augmentation = augmentation;
        this.seed = seed;
        this.order = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            order.add(i);
        }
        for (TrainingImage image : images) {
            codec.encode(image.label().code()); // refuse a label the schema cannot hold before training starts
        }
        reset();
    }

    public int batchesPerEpoch() {
        return (images.size() + batchSize - 1) / batchSize;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.size();
    }

    @Override
    public MultiDataSet next() {
        return next(batchSize);
    }

    @Override
    public MultiDataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches");
        }
        int count = Math.min(num, order.size() - cursor);
        PreprocessingSpec spec = preprocessor.spec();
        int imageSize = spec.tensorSize();
        LabelSchema schema = codec.schema();
        float[] features = new float[count * imageSize];
        float[][] labels = new float[schema.positions()][count * schema.classes()];
        for (int i = 0; i < count; i++) {
            TrainingImage image = images.get(order.get(cursor + i));
            int width = image.image().getWidth();
            int height = image.image().getHeight();
            CropRegion region = augmentation == null ? CropRegion.whole(width, height)
                    : augmentation.crop(width, height, random);
            preprocessor.write(image.image(), region, features, i * imageSize);
            if (augmentation != null) {
                augmentation.jitterColours(features, i * imageSize, imageSize, random);
            }
            int[] classes = codec.encode(image.label().code());
            for (int p = 0; p < classes.length; p++) {
                labels[p][i * schema.classes() + classes[p]] = 1f;
            }
        }
        cursor += count;
        INDArray[] labelArrays = new INDArray[schema.positions()];
        for (int p = 0; p < labelArrays.length; p++) {
            labelArrays[p] = Nd4j.create(labels[p], new long[] {count, schema.classes()}, 'c');
        }
        INDArray featureArray = Nd4j.create(features, spec.shape(count), 'c').castTo(DataType.FLOAT);
        MultiDataSet batch = new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {featureArray}, labelArrays);
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** Starts the next epoch: a new shuffle and new augmentation draws, both determined by seed and epoch. */
    @Override
    public void reset() {
        long epochSeed = seed * 1_000_003L + epoch++;
        Collections.shuffle(order, new Random(epochSeed));
        random = new SplittableRandom(epochSeed);
        cursor = 0;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }
}
