package io.streetdigits.trainer.ensemble;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.core.model.ParityCheck;
import io.streetdigits.core.model.TrainingProvenance;
import io.streetdigits.trainer.data.CharacterCrop;
import io.streetdigits.trainer.data.LabelledImageFolder;
import io.streetdigits.trainer.data.TrainingImage;
import io.streetdigits.trainer.export.ExportedModel;
import io.streetdigits.trainer.export.OnnxEnsemble;
import io.streetdigits.trainer.export.OnnxParityChecker;
import io.streetdigits.trainer.publish.ModelPackager;
import io.streetdigits.trainer.training.DigitReader;
import io.streetdigits.trainer.training.SingleCharacters;
import io.streetdigits.trainer.training.Validation;
import io.streetdigits.trainer.training.WholeNumbers;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds one reader out of several trained ones: a single ONNX graph that shows each input to every member and
 * answers the mean of their probabilities (members trained on different data or recipes err differently, so their
 * average errs less often). Character readers are judged on the validation characters in their cells, readers of
 * numbers by the competition's metric on what they read (the crops around the labelled boxes, or whole photos),
 * as the trainer judges each kind; the graph is checked against its members run one by one in ONNX Runtime, and
 * published with a card that names its members.
 */
public final class EnsembleBuilder {

    public static final String ARCHITECTURE = "ensemble";
    private static final Logger LOG = Logger.getLogger(EnsembleBuilder.class);
    private static final int PARITY_SAMPLES = 64;

    private EnsembleBuilder() {
    }

    /**
     * Refuses, from the members' cards alone, what {@link #build} would refuse before its work: a member that is not
     * in the repository, members that read differently.
     *
     * @throws IllegalArgumentException naming the member and what is wrong
     */
    public static void check(EnsembleSpec spec, ModelRepository repository) throws IOException {
        List<ModelCard> cards = new ArrayList<>();
        for (ModelVersion member : members(spec, repository)) {
            cards.add(member.readCard());
        }
        requireJoinable(cards);
    }

    public static ModelVersion build(EnsembleSpec spec, ModelRepository repository, String codeVersion)
            throws IOException {
        List<ModelVersion> members = members(spec, repository);
        List<ModelCard> cards = new ArrayList<>();
        for (ModelVersion member : members) {
            cards.add(member.readCard());
        }
        ModelCard first = requireJoinable(cards);
        PreprocessingSpec preprocessing = first.preprocessing();

        List<Long> inputShape = List.of((long) PreprocessingSpec.CHANNELS, (long) preprocessing.height(),
                (long) preprocessing.width());
        List<byte[]> graphs = new ArrayList<>();
        for (ModelVersion member : members) {
            graphs.add(Files.readAllBytes(member.onnxFile()));
        }
        String names = spec.members().stream().map(ModelRef::toString).collect(Collectors.joining(","));
        String title = "Street Digits ensemble of " + names;
        ExportedModel ensemble = OnnxEnsemble.merge(graphs, first.input().name(), inputShape, first.outputs(), title);

        List<TrainingImage> val = LabelledImageFolder.split(spec.dataRoot(), "val")
                .load(new ImageDecoder(ImageLimits.DEFAULT), spec.valLimit());
        Validation validation;
        ParityCheck parity;
        int judged;
        boolean characters = first.task().equals(ModelCard.READS_CHARACTERS);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        List<OrtSession> sessions = new ArrayList<>();
        try {
            OrtSession joined = environment.createSession(ensemble.bytes());
            sessions.add(joined);
            for (ModelVersion member : members) {
                sessions.add(environment.createSession(member.onnxFile().toString()));
            }
            INDArray inputs;
            if (characters) {
                List<CharacterCrop> crops = CharacterCrop.of(val, spec.digitMargin());
                validation = SingleCharacters.judge(run(joined, first), crops, preprocessing);
                inputs = SingleCharacters.features(crops.subList(0, Math.min(PARITY_SAMPLES, crops.size())),
                        preprocessing);
                judged = crops.size();
            } else {
                DigitReader reader = DigitReader.wholePhotos(preprocessing, first.labels());
                validation = WholeNumbers.judge(run(joined, first), reader, val);
                inputs = reader.features(val.subList(0, Math.min(PARITY_SAMPLES, val.size())));
                judged = val.size();
            }
            INDArray[] expected = meanOfMembers(sessions.subList(1, sessions.size()), first, inputs);
            parity = OnnxParityChecker.check(ensemble, inputs, expected);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot run the ensemble of " + names + ": "
                    + e.getMessage(), e);
        } finally {
            for (OrtSession session : sessions) {
                try {
                    session.close();
                } catch (OrtException e) {
                    LOG.warnf("Closing a session: %s", e.getMessage());
                }
            }
        }
        if (!parity.passed()) {
            throw new IllegalStateException(String.format("the ensemble of %s differs from its members' mean by"
                    + " %.3g (tolerance %.0e); it was not published", names, parity.maxAbsDifference(),
                    parity.tolerance()));
        }
        LOG.infof("Ensemble of %s on %d validation %s: %s; agrees with its members' mean within %.3g", names,
                judged, characters ? "characters" : "images", validation.metrics(),
                parity.maxAbsDifference());

        ModelCard card = new ModelCard(spec.modelName(), 0, ARCHITECTURE, first.task(), first.input(),
                ensemble.outputNames(), preprocessing, first.labels(), first.runsBehind(), validation.metrics(),
                cards.stream().mapToLong(ModelCard::parameterCount).sum(), flops(cards),
                provenance(cards, names, val.size(), codeVersion, "mean of the members' probabilities (ONNX Mean)"),
                parity, Instant.now());
        ModelVersion version = ModelPackager.publish(ensemble, card, repository);
        LOG.infof("Published %s to %s", version.ref(), version.directory());
        return version;
    }

    private static List<ModelVersion> members(EnsembleSpec spec, ModelRepository repository) throws IOException {
        List<ModelVersion> members = new ArrayList<>();
        for (ModelRef ref : spec.members()) {
            members.add(repository.find(ref).orElseThrow(() -> new IllegalArgumentException(
                    "no model " + ref + " in " + repository.root())));
        }
        return members;
    }

    /**
     * The first card, once every card reads the same way: all character readers or all readers of whole photos,
     * with the same input, preprocessing and outputs.
     */
    private static ModelCard requireJoinable(List<ModelCard> cards) {
        ModelCard first = cards.get(0);
        String firstRef = first.name() + "/" + first.version();
        for (ModelCard card : cards) {
            String ref = card.name() + "/" + card.version();
            if (!card.task().equals(ModelCard.READS_DIGITS) && !card.task().equals(ModelCard.READS_CHARACTERS)) {
                throw new IllegalArgumentException("an ensemble joins readers of characters or numbers; " + ref
                        + " is a '" + card.task() + "' model");
            }
            if (!card.task().equals(first.task())) {
                throw new IllegalArgumentException(ref + " is a '" + card.task() + "' model, " + firstRef
                        + " a '" + first.task() + "' one");
            }
            if (!card.input().equals(first.input()) || !card.preprocessing().equals(first.preprocessing())
                    || !card.outputs().equals(first.outputs()) || !Objects.equals(card.labels(), first.labels())) {
                throw new IllegalArgumentException(ref + " does not take the input and preprocessing, or give the"
                        + " outputs, of " + firstRef);
            }
        }
        return first;
    }

    private static Function<INDArray, INDArray[]> run(OrtSession session, ModelCard card) {
        return inputs -> {
            try {
                return outputs(session, card, inputs);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
            }
        };
    }

    private static INDArray[] outputs(OrtSession session, ModelCard card, INDArray inputs) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        float[] data = inputs.castTo(DataType.FLOAT).dup('c').data().asFloat();
        try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(data), inputs.shape());
                OrtSession.Result result = session.run(Map.of(card.input().name(), input))) {
            INDArray[] outputs = new INDArray[card.outputs().size()];
            for (int o = 0; o < outputs.length; o++) {
                outputs[o] = Nd4j.create((float[][]) result.get(card.outputs().get(o)).orElseThrow().getValue());
            }
            return outputs;
        }
    }

    private static INDArray[] meanOfMembers(List<OrtSession> members, ModelCard card, INDArray inputs)
            throws OrtException {
        INDArray[] sum = null;
        for (OrtSession member : members) {
            INDArray[] outputs = outputs(member, card, inputs);
            if (sum == null) {
                sum = outputs;
            } else {
                for (int o = 0; o < sum.length; o++) {
                    sum[o].addi(outputs[o]);
                }
            }
        }
        for (INDArray output : sum) {
            output.divi(members.size());
        }
        return sum;
    }

    private static Long flops(List<ModelCard> cards) {
        long total = 0;
        for (ModelCard card : cards) {
            if (card.flopsPerImage() == null) {
                return null;
            }
            total += card.flopsPerImage();
        }
        return total;
    }

    /** The members' data and time, the members themselves and how they are joined. */
    private static TrainingProvenance provenance(List<ModelCard> cards, String names, int valImages,
            String codeVersion, String combination) {
        TrainingProvenance first = cards.get(0).provenance();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("members", names);
        settings.put("combination", combination);
        double seconds = cards.stream().filter(card -> card.provenance() != null)
                .mapToDouble(card -> card.provenance().trainingSeconds()).sum();
        int trainImages = cards.stream().filter(card -> card.provenance() != null)
                .mapToInt(card -> card.provenance().trainImages()).max().orElse(0);
        String datasets = cards.stream().map(card -> card.provenance() == null ? "unknown"
                : card.provenance().dataset()).distinct().collect(Collectors.joining("; "));
        return new TrainingProvenance(datasets, trainImages, valImages,
                first == null ? 0 : first.seed(), 0, 0, settings, codeVersion,
                "onnx Mean of " + (first == null ? "unknown" : first.framework()) + " models", seconds,
                Instant.now(), null, null, null);
    }
}
