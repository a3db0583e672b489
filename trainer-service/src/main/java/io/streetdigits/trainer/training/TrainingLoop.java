package io.streetdigits.trainer.training;

import io.streetdigits.trainer.data.EpochBatches;
import io.streetdigits.trainer.dl4j.Dl4jRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.jboss.logging.Logger;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.PolySchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Trains a task's network with Adam (learning rate decayed linearly to zero), validates it after every epoch,
 * reports progress, keeps the weights of the best epoch and saves a checkpoint after every epoch, from which a
 * broken run resumes ({@link Checkpoints}).
 */
public final class TrainingLoop {

    private static final Logger LOG = Logger.getLogger(TrainingLoop.class);

    /**
     * @param checkpoints where the run saves its state after each epoch
     * @param resume      go on from the checkpoint saved there rather than start afresh
     */
    public TrainingOutcome train(TrainingSpec spec, TrainingData data, TrainingProgress progress,
            BooleanSupplier cancelled, Checkpoints checkpoints, boolean resume) {
        long runStart = System.nanoTime();
        TrainingTask task = spec.task();
        EpochBatches batches = task.batches(data.train());
        int batchesPerEpoch = batches.batchesPerEpoch();
        Adam adam = new Adam(new PolySchedule(ScheduleType.ITERATION, spec.learningRate(), 1.0,
                spec.epochs() * batchesPerEpoch));
        Dl4jRuntime.useOneDnn(spec.oneDnn());
        List<EpochReport> reports = new ArrayList<>();
        INDArray bestParams = null;
        Validation best = null;
        int bestEpoch = 0;
        ComputationGraph network;
        if (resume) {
            Checkpoints.Resumed resumed = checkpoints.resume(task.architecture(), settings(spec));
            network = resumed.network();
            bestParams = resumed.bestParams();
            reports.addAll(resumed.state().epochs());
            bestEpoch = resumed.state().bestEpoch();
            best = reports.get(bestEpoch - 1).validation();
            for (int epoch = 2; epoch <= reports.size(); epoch++) {
                batches.reset(); // the same shuffles and augmentation draws as an unbroken run
            }
            LOG.infof("Resuming %s after epoch %d from %s (best so far: epoch %d)", task.architecture(),
                    reports.size(), checkpoints.dir(), bestEpoch);
        } else {
            network = task.build(adam);
        }
        LOG.infof("Training %s: %,d parameters, %d epochs of %d batches of %d, oneDNN %s", task.architecture(),
                network.numParams(), spec.epochs(), batchesPerEpoch, spec.batchSize(), spec.oneDnn() ? "on" : "off");

        BatchProgress batchProgress = new BatchProgress(progress, spec.epochs(), batchesPerEpoch, cancelled);
        network.setListeners(batchProgress);
        for (int epoch = reports.size() + 1; epoch <= spec.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            batchProgress.startEpoch(epoch);
            if (epoch > 1) {
                batches.reset();
            }
            network.fit(batches);
            double trainSeconds = (System.nanoTime() - epochStart) / 1e9;
            Validation validation = task.validate(network, data.val());
            if (best == null || validation.score() > best.score()) {
                best = validation;
                bestEpoch = epoch;
                bestParams = network.params().dup();
            }
            EpochReport report = new EpochReport(epoch, spec.epochs(), batchProgress.meanLoss(), validation,
                    (System.nanoTime() - epochStart) / 1e9, batches.samplesPerEpoch() / trainSeconds);
            reports.add(report);
            checkpoints.save(network, bestParams, new Checkpoints.State(task.architecture(), settings(spec),
                    bestEpoch, reports));
            progress.epochDone(report);
        }
        network.setParams(bestParams);
        network.setListeners();
        return new TrainingOutcome(new TrainedNetwork(network, spec.network().inputHeight(),
                spec.network().inputWidth()), best, bestEpoch, reports, data.train().size(), data.val().size(),
                (System.nanoTime() - runStart) / 1e9);
    }

    /** What a resumed run must share with the checkpoint: the model's settings and the run's length. */
    private static Map<String, String> settings(TrainingSpec spec) {
        Map<String, String> settings = new LinkedHashMap<>(spec.hyperParameters());
        settings.put("epochs", Integer.toString(spec.epochs()));
        settings.put("batchSize", Integer.toString(spec.batchSize()));
        settings.put("seed", Long.toString(spec.seed()));
        return settings;
    }

    /** Forwards DL4J's per-iteration callbacks as batch progress and stops the run when it is cancelled. */
    private static final class BatchProgress extends BaseTrainingListener {
        private final TrainingProgress progress;
        private final int epochs;
        private final int batches;
        private final BooleanSupplier cancelled;
        private int epoch;
        private int batch;
        private double lossSum;

        BatchProgress(TrainingProgress progress, int epochs, int batches, BooleanSupplier cancelled) {
            this.progress = progress;
            this.epochs = epochs;
            this.batches = batches;
            this.cancelled = cancelled;
        }

        void startEpoch(int epoch) {
            this.epoch = epoch;
            this.batch = 0;
            this.lossSum = 0;
        }

        double meanLoss() {
            return batch == 0 ? Double.NaN : lossSum / batch;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epochCount) {
            batch++;
            double loss = model.score();
            lossSum += loss;
            progress.batchDone(epoch, epochs, batch, batches, loss);
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("training cancelled in epoch " + epoch + ", batch " + batch);
            }
        }
    }
}
