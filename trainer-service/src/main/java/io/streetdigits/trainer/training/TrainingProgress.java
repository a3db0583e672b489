package io.streetdigits.trainer.training;

/** Receives progress of a training run; called on the training thread. */
public interface TrainingProgress {

    default void batchDone(int epoch, int epochs, int batch, int batches, double loss) {
    }

    default void epochDone(EpochReport report) {
    }

    TrainingProgress NONE = new TrainingProgress() {
    };

    /** Tells both, this one first. */
    default TrainingProgress and(TrainingProgress other) {
        TrainingProgress first = this;
        return new TrainingProgress() {
            @Override
            public void batchDone(int epoch, int epochs, int batch, int batches, double loss) {
                first.batchDone(epoch, epochs, batch, batches, loss);
                other.batchDone(epoch, epochs, batch, batches, loss);
            }

            @Override
            public void epochDone(EpochReport report) {
                first.epochDone(report);
                other.epochDone(report);
            }
        };
    }
}
