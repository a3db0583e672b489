package io.streetdigits.trainer.knn;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.core.model.ParityCheck;
import io.streetdigits.core.synthetic.GeneratedImage;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.trainer.data.TrainingImage;
import io.streetdigits.trainer.export.ExportedModel;
import io.streetdigits.trainer.export.OnnxParityChecker;
import io.streetdigits.trainer.network.zoo.ZooSettings;
import io.streetdigits.trainer.training.DigitReader;
import io.streetdigits.trainer.training.WholeNumbers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kNN on generated house numbers: its ONNX graph agrees with the Java model, and k=1 remembers what it saw. */
class KnnModelTest {

    private static final int HEIGHT = 32;
    private static final int WIDTH = 64;
    private static final LabelSchema SCHEMA = LabelSchema.of(6);
    private static final DigitReader READER = DigitReader.wholePhotos(PreprocessingSpec.centred(WIDTH, HEIGHT),
            SCHEMA);

    @ParameterizedTest
    @ValueSource(strings = {"euclidean", "cosine"})
    void exportAgreesWithTheJavaModelOnUnseenImages(String distance) {
        List<TrainingImage> train = images(60, 1);
        KnnModel model = fit(train, new ZooSettings(0.25, List.of(8), 3, distance));

        ExportedModel export = model.export(List.of(3L, (long) HEIGHT, (long) WIDTH), "knn-test", "parity test");
        var unseen = READER.features(images(12, 5_000));
        ParityCheck parity = OnnxParityChecker.check(export, unseen, model.outputs(unseen));

        assertThat(export.outputNames()).hasSize(6);
        assertThat(parity.samples()).isEqualTo(12);
        assertThat(parity.maxAbsDifference()).isLessThanOrEqualTo(OnnxParityChecker.TOLERANCE);
        assertThat(model.flopsPerImage()).isEqualTo(2L * 16 * 32 * 60);
    }

    @ParameterizedTest
    @ValueSource(strings = {"euclidean", "cosine"})
    void withOneNeighbourItReadsItsOwnTrainingImagesBack(String distance) {
        List<TrainingImage> train = images(40, 77);
        KnnModel model = fit(train, new ZooSettings(0.25, List.of(8), 1, distance));

        assertThat(READER.score(model::outputs, train).accuracy()).isEqualTo(1.0);
    }

    /** kNN as a reader of whole numbers (six positions, each voted on separately). */
    private static KnnModel fit(List<TrainingImage> train, ZooSettings settings) {
        return KnnModel.fit(List.of(READER.features(train)), WholeNumbers.classes(SCHEMA, train), HEIGHT, WIDTH,
                settings);
    }

    private static List<TrainingImage> images(int count, long seed) {
        HouseNumberGenerator generator = HouseNumberGenerator.plain();
        List<TrainingImage> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            GeneratedImage image = generator.generate(seed + i, "g" + (seed + i) + ".png");
            images.add(new TrainingImage(image.label(), image.image()));
        }
        return images;
    }
}
