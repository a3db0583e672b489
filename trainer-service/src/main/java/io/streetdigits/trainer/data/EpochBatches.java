package io.streetdigits.trainer.data;

import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/** Training batches that know how many make an epoch; {@code reset()} starts the next epoch. */
public interface EpochBatches extends MultiDataSetIterator {

    int batchesPerEpoch();

    /** Network inputs per epoch: the images, or for a character reader their characters. */
    int samplesPerEpoch();
}
