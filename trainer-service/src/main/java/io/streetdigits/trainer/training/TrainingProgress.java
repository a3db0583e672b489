package io.streetdigits.trainer.training;

/** Receives progress of a training run; called on the training thread. */
public interface TrainingProgress {

    default void batchDone(int epoch, int epochs, int batch, int batches, double loss) {
    }

    default void epochDone(EpochReport report) {
    }

    TrainingProgress NONE = new TrainingProgress() {
    };
}
