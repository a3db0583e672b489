package io.streetdigits.trainer.data;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.ImagePreprocessor;
import io.streetdigits.core.image.PreprocessingSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training batches of images: each image cropped to its region (augmented), through the shared
 * {@link ImagePreprocessor} (so training sees exactly what serving sees), with the labels a subclass makes for
 * the regions. Each epoch reshuffles and re-augments from the seed and the epoch number, so a run is reproducible.
 */
public abstract class ImageBatches implements EpochBatches {

    private final List<TrainingImage> images;
    private final List<CropRegion> regions;
    private final ImagePreprocessor preprocessor;
    private final int batchSize;
    private final Augmentation augmentation;
    private final long seed;
    private final List<Integer> order;
    private int epoch;
    private int cursor;
    private SplittableRandom random;
    private MultiDataSetPreProcessor preProcessor;

    /** @param regions the region of each image the network sees, before augmentation */
    protected ImageBatches(List<TrainingImage> images, List<CropRegion> regions, PreprocessingSpec spec,
            int batchSize, Augmentation augmentation, long seed) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to train on");
        }
        if (regions.size() != images.size()) {
            throw new IllegalArgumentException(images.size() + " images but " + regions.size() + " regions");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, was " + batchSize);
        }
        this.images = List.copyOf(images);
        this.regions = List.copyOf(regions);
        this.preprocessor = new ImagePreprocessor(spec);
        this.batchSize = batchSize;
        this.augmentation = augmentation;
        this.seed = seed;
        this.order = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            order.add(i);
        }
        reset();
    }

    /** Each image whole: the region a network of whole photos sees, before augmentation. */
    public static List<CropRegion> wholeImages(List<TrainingImage> images) {
        return images.stream().map(TrainingImage::whole).toList();
    }

    /** The label arrays of a batch, given the regions the images were cropped to. */
    protected abstract INDArray[] labels(List<TrainingImage> batch, List<CropRegion> regions);

    /** Which label values count in the loss, one mask per label array (null: all); by default all of them. */
    protected INDArray[] labelMasks(INDArray[] labels) {
        return null;
    }

    @Override
    public int batchesPerEpoch() {
        return (images.size() + batchSize - 1) / batchSize;
    }

    @Override
    public int samplesPerEpoch() {
        return images.size();
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
        float[] features = new float[count * imageSize];
        List<TrainingImage> batch = new ArrayList<>(count);
        List<CropRegion> cropped = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            TrainingImage image = images.get(order.get(cursor + i));
            CropRegion region = regions.get(order.get(cursor + i));
            if (augmentation != null) {
                region = augmentation.jitter(region, random);
            }
            preprocessor.write(image.image(), region, features, i * imageSize);
            if (augmentation != null) {
                augmentation.jitterColours(features, i * imageSize, imageSize, random);
            }
            batch.add(image);
            cropped.add(region);
        }
        cursor += count;
        INDArray[] labels = labels(batch, cropped);
        MultiDataSet dataSet = new org.nd4j.linalg.dataset.MultiDataSet(
                new INDArray[] {Nd4j.create(features, spec.shape(count), 'c')}, labels, null, labelMasks(labels));
        if (preProcessor != null) {
            preProcessor.preProcess(dataSet);
        }
        return dataSet;
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
