package io.streetdigits.trainer.knn;

import io.streetdigits.core.label.DigitSequenceCodec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.trainer.data.TrainingImage;
import io.streetdigits.trainer.training.EpochReport;
import io.streetdigits.trainer.training.ReadingTask;
import io.streetdigits.trainer.training.TrainingData;
import io.streetdigits.trainer.training.TrainingOutcome;
import io.streetdigits.trainer.training.TrainingProgress;
import io.streetdigits.trainer.training.TrainingSpec;
import io.streetdigits.trainer.training.Validation;
import java.util.List;
import org.jboss.logging.Logger;

/** "Trains" kNN: stores the training images' features and labels, then validates like any reader, in one epoch. */
public final class KnnTraining {

    private static final Logger LOG = Logger.getLogger(KnnTraining.class);

    private KnnTraining() {
    }

    /** The class of each image at each position: {@code labels[position][image]}. */
    static int[][] positionLabels(List<TrainingImage> images, LabelSchema schema) {
        DigitSequenceCodec codec = new DigitSequenceCodec(schema);
        int[][] labels = new int[schema.positions()][images.size()];
        for (int i = 0; i < images.size(); i++) {
            int[] classes = codec.encode(images.get(i).label().code());
            for (int p = 0; p < classes.length; p++) {
                labels[p][i] = classes[p];
            }
        }
        return labels;
    }

    public static TrainingOutcome train(TrainingSpec spec, TrainingData data, TrainingProgress progress) {
        long start = System.nanoTime();
        ReadingTask task = new ReadingTask(spec);
        List<TrainingImage> train = data.train();
        KnnModel model = KnnModel.fit(train, task::features, positionLabels(train, task.labels()),
                spec.network().inputHeight(), spec.network().inputWidth(), spec.zoo());
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        LOG.infof("kNN stored %d exemplars of %d features in %.1f s; validating", train.size(), model.graph().dims(),
                fitSeconds);
        Validation validation = task.validate(model::outputs, data.val());
        double seconds = (System.nanoTime() - start) / 1e9;
        EpochReport report = new EpochReport(1, 1, Double.NaN, validation, seconds, train.size() / fitSeconds);
        progress.epochDone(report);
        return new TrainingOutcome(model, validation, 1, List.of(report), train.size(), data.val().size(), seconds);
    }
}
