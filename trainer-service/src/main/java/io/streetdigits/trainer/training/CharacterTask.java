package io.streetdigits.trainer.training;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.trainer.data.CharacterCrop;
import io.streetdigits.trainer.data.DigitBatches;
import io.streetdigits.trainer.data.EpochBatches;
import io.streetdigits.trainer.data.TrainingImage;
import io.streetdigits.trainer.network.DigitCnn;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Reading one character at a time ({@code character-reader}): a square crop of each character, one softmax head.
 * Every character of the training numbers is a sample of its own, so all of them teach one classifier, where a
 * reader of whole numbers needs every digit seen at every position. In serving, a pipeline's detector finds the
 * characters and this model reads each again in a square around its box ({@code DigitRegion.square}, as here
 * around each labelled box). Judged by the share of validation characters read right in their squares.
 */
public final class CharacterTask implements TrainingTask {

    public static final String ARCHITECTURE = "character-reader";
    /** Height and width of a cell as the network sees it, unless the run says otherwise (SVHN's digit crops'). */
    public static final int INPUT_SIZE = 32;

    private final TrainingSpec spec;

    public CharacterTask(TrainingSpec spec) {
        this.spec = spec;
    }

    @Override
    public String architecture() {
        return ARCHITECTURE;
    }

    @Override
    public String cardTask() {
        return ModelCard.READS_CHARACTERS;
    }

    @Override
    public PreprocessingSpec preprocessing() {
        return PreprocessingSpec.centred(spec.network().inputWidth(), spec.network().inputHeight());
    }

    @Override
    public LabelSchema labels() {
        return LabelSchema.of(1);
    }

    @Override
    public ComputationGraph build(IUpdater updater) {
        return DigitCnn.build(spec.network(), updater, spec.weightDecay(), spec.seed());
    }

    @Override
    public EpochBatches batches(List<TrainingImage> train) {
        List<CharacterCrop> crops = CharacterCrop.of(train, spec.digitMargin());
        return new DigitBatches(crops.stream().map(CharacterCrop::character).toList(),
                crops.stream().map(CharacterCrop::cell).toList(), preprocessing(), labels(), spec.batchSize(),
                spec.augmentation(), spec.seed());
    }

    @Override
    public Validation validate(ComputationGraph network, List<TrainingImage> val) {
        return judge(input -> network.output(false, input),
                CharacterCrop.of(val, spec.digitMargin()), preprocessing());
    }

    /**
     * Judges any model that answers like a character reader (a trained network, or an ensemble in ONNX Runtime):
     * the share of the characters read right in their cells, and of the numbers read right whole.
     *
     * @param model answers the one softmax output for a batch of cells
     */
    public static Validation judge(Function<INDArray, INDArray[]> model, List<CharacterCrop> crops,
            PreprocessingSpec preprocessing) {
        Map<String, String> read = reader(crops, preprocessing).read(model, characters(crops));
        int right = 0;
        Map<String, Boolean> numbersRight = new HashMap<>();
        for (CharacterCrop crop : crops) {
            boolean ok = crop.character().label().code().equals(read.get(crop.character().label().fileName()));
            right += ok ? 1 : 0;
            numbersRight.merge(crop.number(), ok, Boolean::logicalAnd);
        }
        double characterAccuracy = crops.isEmpty() ? 0 : (double) right / crops.size();
        double wholeString = numbersRight.isEmpty() ? 0
                : numbersRight.values().stream().filter(ok -> ok).count() / (double) numbersRight.size();
        return new Validation(characterAccuracy, Map.of(ModelCard.VAL_CHARACTER_ACCURACY, characterAccuracy,
                ModelCard.VAL_WHOLE_STRING_ACCURACY, wholeString));
    }

    @Override
    public INDArray features(List<TrainingImage> images) {
        return features(CharacterCrop.of(images, spec.digitMargin()), preprocessing());
    }

    /** The cells of the crops as a character reader's input, unaugmented. */
    public static INDArray features(List<CharacterCrop> crops, PreprocessingSpec preprocessing) {
        return reader(crops, preprocessing).features(characters(crops));
    }

    private static DigitReader reader(List<CharacterCrop> crops, PreprocessingSpec preprocessing) {
        Map<TrainingImage, CropRegion> cells = new IdentityHashMap<>();
        crops.forEach(crop -> cells.put(crop.character(), crop.cell()));
        return new DigitReader(preprocessing, LabelSchema.of(1), cells::get);
    }

    private static List<TrainingImage> characters(List<CharacterCrop> crops) {
        return crops.stream().map(CharacterCrop::character).toList();
    }
}
