package io.streetdigits.trainer.training;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.trainer.data.CharacterCrop;
import io.streetdigits.trainer.data.DigitBatches;
import io.streetdigits.trainer.data.EpochBatches;
import io.streetdigits.trainer.data.TrainingImage;
import io.streetdigits.trainer.network.DigitCnnConfig;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Classifying one character in a square crop around its box, one softmax output: the course's image
 * classification, inside our task. Every character of the training numbers is a sample of its own. In serving, a
 * pipeline's detector finds the characters and this model reads each again in a square around its box
 * ({@code DigitRegion.square}, as here around each labelled box). Judged by the share of the labelled characters
 * read right in their squares.
 */
public final class SingleCharacters implements Learning {

    public static final SingleCharacters LEARNING = new SingleCharacters();
    /** Height and width of a square as the network sees it, unless a run says otherwise (SVHN's digit crops'). */
    public static final int INPUT_SIZE = 32;
    /** A square's input and the one output of a classifier of characters, with the digit CNN trunk's layers. */
    public static final DigitCnnConfig SQUARE = new DigitCnnConfig(INPUT_SIZE, INPUT_SIZE,
            DigitCnnConfig.DEFAULT.convChannels(), DigitCnnConfig.DEFAULT.hiddenUnits(), DigitCnnConfig.DEFAULT.dropout(),
            1);
    private static final LabelSchema ONE_CHARACTER = LabelSchema.of(1);

    private SingleCharacters() {
    }

    @Override
    public String cardTask() {
        return ModelCard.READS_CHARACTERS;
    }

    @Override
    public LabelSchema labels(TrainingSpec spec) {
        return ONE_CHARACTER;
    }

    @Override
    public EpochBatches batches(TrainingSpec spec, PreprocessingSpec preprocessing, List<TrainingImage> train) {
        List<CharacterCrop> crops = CharacterCrop.of(train, spec.digitMargin());
        return new DigitBatches(characters(crops), crops.stream().map(CharacterCrop::cell).toList(), preprocessing,
                ONE_CHARACTER, spec.batchSize(), spec.augmentation(), spec.seed());
    }

    @Override
    public Validation judge(Function<INDArray, INDArray[]> model, TrainingSpec spec, PreprocessingSpec preprocessing,
            List<TrainingImage> val) {
        return judge(model, CharacterCrop.of(val, spec.digitMargin()), preprocessing);
    }

    /**
     * Judges any model that answers like a character classifier: the share of the characters read right in their
     * squares, and of the numbers all of whose characters were.
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
    public INDArray features(TrainingSpec spec, PreprocessingSpec preprocessing, List<TrainingImage> photos) {
        return features(CharacterCrop.of(photos, spec.digitMargin()), preprocessing);
    }

    /** The squares of the crops as a character classifier's input, unaugmented. */
    public static INDArray features(List<CharacterCrop> crops, PreprocessingSpec preprocessing) {
        return reader(crops, preprocessing).features(characters(crops));
    }

    @Override
    public int[][] classes(TrainingSpec spec, List<TrainingImage> photos) {
        List<CharacterCrop> crops = CharacterCrop.of(photos, spec.digitMargin());
        int[][] classes = new int[1][crops.size()];
        for (int i = 0; i < crops.size(); i++) {
            classes[0][i] = crops.get(i).character().label().characters().get(0).digit();
        }
        return classes;
    }

    private static DigitReader reader(List<CharacterCrop> crops, PreprocessingSpec preprocessing) {
        Map<TrainingImage, CropRegion> cells = new IdentityHashMap<>();
        crops.forEach(crop -> cells.put(crop.character(), crop.cell()));
        return new DigitReader(preprocessing, ONE_CHARACTER, cells::get);
    }

    private static List<TrainingImage> characters(List<CharacterCrop> crops) {
        return crops.stream().map(CharacterCrop::character).toList();
    }
}
