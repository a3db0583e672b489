package io.streetdigits.trainer.training;

import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.core.synthetic.GeneratedImage;
import io.streetdigits.core.synthetic.GeneratorSettings;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.core.tianchi.SubmissionScore;
import io.streetdigits.trainer.data.DigitBatches;
import io.streetdigits.trainer.data.LabelledImageFolder;
import io.streetdigits.trainer.data.TrainingImage;
import io.streetdigits.trainer.network.DigitCnn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 * Trains a {@link DigitCnn} on a labelled image folder (plus optional synthetic house numbers), evaluates
 * whole-string accuracy on the validation split after every epoch, and keeps the weights of the best epoch.
 */
public final class DigitCnnTrainer {

    private static final Logger LOG = Logger.getLogger(DigitCnnTrainer.class);

    /** Preprocessing of every model this trainer makes: scaled to [-1, 1]. */
    public static PreprocessingSpec preprocessing(TrainingSpec spec) {
        return PreprocessingSpec.centred(spec.network().inputWidth(), spec.network().inputHeight());
    }

    public static LabelSchema labelSchema(TrainingSpec spec) {
        return LabelSchema.of(spec.network().positions());
    }

    /** Loads the real training and validation images and adds the synthetic ones. */
    public static Datasets load(TrainingSpec spec) throws IOException {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        long start = System.nanoTime();
        List<TrainingImage> train = new ArrayList<>(
                LabelledImageFolder.split(spec.dataRoot(), "train").load(decoder, spec.trainLimit()));
        List<TrainingImage> val = LabelledImageFolder.split(spec.dataRoot(), "val").load(decoder, spec.valLimit());
        int real = train.size();
        if (spec.syntheticImages() > 0) {
            HouseNumberGenerator generator = new HouseNumberGenerator(GeneratorSettings.DEFAULT);
            for (int i = 0; i < spec.syntheticImages(); i++) {
                GeneratedImage image = generator.generate(spec.seed() * 7_919 + i, String.format("synthetic-%06d.png", i));
                train.add(new TrainingImage(image.label(), image.image()));
            }
        }
        LOG.infof("Loaded %d real + %d synthetic training images and %d validation images from %s in %.1f s",
                real, train.size() - real, val.size(), spec.dataRoot(), (System.nanoTime() - start) / 1e9);
        return new Datasets(train, val);
    }

    /** Training and validation images of one run. */
    public record Datasets(List<TrainingImage> train, List<TrainingImage> val) {
    }

    public TrainingOutcome train(TrainingSpec spec, Datasets data, TrainingProgress progress,
            BooleanSupplier cancelled) {
        long runStart = System.nanoTime();
        PreprocessingSpec preprocessing = preprocessing(spec);
        LabelSchema schema = labelSchema(spec);
        DigitBatches batches = new DigitBatches(data.train(), preprocessing, schema, spec.batchSize(),
                spec.augmentation(), spec.seed());
        int batchesPerEpoch = batches.batchesPerEpoch();
        Adam adam = new Adam(new PolySchedule(ScheduleType.ITERATION, spec.learningRate(), 1.0,
                spec.epochs() * batchesPerEpoch));
        ComputationGraph network = DigitCnn.build(spec.network(), adam, spec.weightDecay(), spec.seed());
        LOG.infof("Training %s: %,d parameters, %d epochs of %d batches of %d", DigitCnn.ARCHITECTURE,
                network.numParams(), spec.epochs(), batchesPerEpoch, spec.batchSize());

        DigitReader reader = new DigitReader(preprocessing, schema);
        BatchProgress batchProgress = new BatchProgress(progress, spec.epochs(), batchesPerEpoch, cancelled);
        network.setListeners(batchProgress);
        List<EpochReport> reports = new ArrayList<>();
        INDArray bestParams = null;
        SubmissionScore bestScore = null;
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            batchProgress.startEpoch(epoch);
            if (epoch > 1) {
                batches.reset();
            }
            network.fit(batches);
            double trainSeconds = (System.nanoTime() - epochStart) / 1e9;
            SubmissionScore score = reader.score(network, data.val());
            if (bestScore == null || score.accuracy() > bestScore.accuracy()) {
                bestScore = score;
                bestEpoch = epoch;
                bestParams = network.params().dup();
            }
            EpochReport report = new EpochReport(epoch, spec.epochs(), batchProgress.meanLoss(), score.accuracy(),
                    score.characterAccuracy(), (System.nanoTime() - epochStart) / 1e9,
                    data.train().size() / trainSeconds);
            reports.add(report);
            progress.epochDone(report);
        }
        network.setParams(bestParams);
        network.setListeners();
        return new TrainingOutcome(network, bestScore, bestEpoch, reports, data.train().size(), data.val().size(),
                (System.nanoTime() - runStart) / 1e9);
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
