package io.streetdigits.trainer.knn;

import io.streetdigits.trainer.data.TrainingImage;
import io.streetdigits.trainer.training.EpochReport;
import io.streetdigits.trainer.training.TrainingData;
import io.streetdigits.trainer.training.TrainingOutcome;
import io.streetdigits.trainer.training.TrainingProgress;
import io.streetdigits.trainer.training.TrainingSpec;
import io.streetdigits.trainer.training.TrainingTask;
import io.streetdigits.trainer.training.Validation;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.nd4j.linalg.api.ndarray.INDArray;

/** "Trains" kNN: stores the training samples' features and classes, then is judged like any model, in one epoch. */
public final class KnnTraining {

    private static final Logger LOG = Logger.getLogger(KnnTraining.class);
    /** Photos preprocessed at a time, to keep the full-size tensors small. */
    private static final int CHUNK = 256;

    private KnnTraining() {
    }

    public static TrainingOutcome train(TrainingSpec spec, TrainingData data, TrainingProgress progress) {
        long start = System.nanoTime();
        TrainingTask task = spec.task();
        List<TrainingImage> train = data.train();
        List<INDArray> inputs = new ArrayList<>();
        for (int from = 0; from < train.size(); from += CHUNK) {
            inputs.add(task.features(train.subList(from, Math.min(from + CHUNK, train.size()))));
        }
        int[][] classes = task.classes(train);
        KnnModel model = KnnModel.fit(inputs, classes, spec.network().inputHeight(), spec.network().inputWidth(),
                spec.zoo());
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        int samples = classes[0].length;
        LOG.infof("kNN stored %d exemplars of %d features in %.1f s; validating", samples, model.graph().dims(),
                fitSeconds);
        Validation validation = task.judge(model::outputs, data.val());
        double seconds = (System.nanoTime() - start) / 1e9;
        EpochReport report = new EpochReport(1, 1, Double.NaN, validation, seconds, samples / fitSeconds);
        progress.epochDone(report);
        return new TrainingOutcome(model, validation, 1, List.of(report), train.size(), data.val().size(), seconds);
    }
}
