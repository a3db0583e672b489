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
import io.streetdigits.core.model.LocatorRef;
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
import io.streetdigits.trainer.network.HeatmapBox;
import io.streetdigits.trainer.network.HeatmapLocator;
import io.streetdigits.trainer.publish.ModelPackager;
import io.streetdigits.trainer.training.CharacterTask;
import io.streetdigits.trainer.training.DigitReader;
import io.streetdigits.trainer.training.LocatingTask;
import io.streetdigits.trainer.training.ReadingTask;
import io.streetdigits.trainer.training.Validation;
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
 * published with a card that names its members. Heat-map locators are joined too, by the mean of their maps with
 * one box drawn around it ({@link OnnxEnsemble#mergeHeatmaps}), judged by the box's IoU on the whole validation
 * photos and checked against the box of their maps' mean; locators that regress the box are not joined.
 */
public final class EnsembleBuilder {

    public static final String ARCHITECTURE = "ensemble";
    private static final Logger LOG = Logger.getLogger(EnsembleBuilder.class);
    private static final int PARITY_SAMPLES = 64;

    private EnsembleBuilder() {
    }

    /**
     * Refuses, from the members' cards alone, what {@link #build} would refuse before its work: a member that is not
     * in the repository, members that read differently, a locator for readers of whole photos.
     *
     * @throws IllegalArgumentException naming the member and what is wrong
     */
    public static void check(EnsembleSpec spec, ModelRepository repository) throws IOException {
        List<ModelCard> cards = new ArrayList<>();
        for (ModelVersion member : members(spec, repository)) {
            cards.add(member.readCard());
        }
        locator(spec, requireJoinable(cards));
    }

    public static ModelVersion build(EnsembleSpec spec, ModelRepository repository, String codeVersion)
            throws IOException {
        List<ModelVersion> members = members(spec, repository);
        List<ModelCard> cards = new ArrayList<>();
        for (ModelVersion member : members) {
            cards.add(member.readCard());
        }
        ModelCard first = requireJoinable(cards);
        LocatorRef locator = locator(spec, first);
        PreprocessingSpec preprocessing = first.preprocessing();
        double margin = first.locator() == null ? -1 : first.locator().margin();

        List<Long> inputShape = List.of((long) PreprocessingSpec.CHANNELS, (long) preprocessing.height(),
                (long) preprocessing.width());
        List<byte[]> graphs = new ArrayList<>();
        for (ModelVersion member : members) {
            graphs.add(Files.readAllBytes(member.onnxFile()));
        }
        String names = spec.members().stream().map(ModelRef::toString).collect(Collectors.joining(","));
        String title = "Street Digits ensemble of " + names;
        ExportedModel ensemble = first.locates()
                ? OnnxEnsemble.mergeHeatmaps(graphs, first.input().name(), inputShape, title)
                : OnnxEnsemble.merge(graphs, first.input().name(), inputShape, first.outputs(), title);

        List<TrainingImage> val = LabelledImageFolder.split(spec.dataRoot(), "val")
                .load(new ImageDecoder(ImageLimits.DEFAULT), spec.valLimit());
        Validation validation;
        ParityCheck parity;
        int judged;
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        List<OrtSession> sessions = new ArrayList<>();
        try {
            OrtSession joined = environment.createSession(ensemble.bytes());
            sessions.add(joined);
            if (!first.locates()) { // heat maps are checked against their maps, read by boxOfMeanMap
                for (ModelVersion member : members) {
                    sessions.add(environment.createSession(member.onnxFile().toString()));
                }
            }
            INDArray inputs;
            if (first.locates()) {
                List<CropRegion> whole = val.stream().map(TrainingImage::whole).toList();
                validation = LocatingTask.judge(run(joined, first), val, whole, preprocessing);
                int samples = Math.min(PARITY_SAMPLES, val.size());
                inputs = LocatingTask.features(val.subList(0, samples), whole.subList(0, samples), preprocessing);
                judged = val.size();
            } else if (first.readsCharacters()) {
                List<CharacterCrop> crops = CharacterCrop.of(val, margin);
                validation = CharacterTask.judge(run(joined, first), crops, preprocessing);
                inputs = CharacterTask.features(crops.subList(0, Math.min(PARITY_SAMPLES, crops.size())),
                        preprocessing);
                judged = crops.size();
            } else {
                DigitReader reader = new DigitReader(preprocessing, first.labels(), margin);
                validation = ReadingTask.judge(run(joined, first), reader, val);
                inputs = reader.features(val.subList(0, Math.min(PARITY_SAMPLES, val.size())));
                judged = val.size();
            }
            INDArray[] expected = first.locates() ? boxOfMeanMap(graphs, first, inputShape, inputs)
                    : meanOfMembers(sessions.subList(1, sessions.size()), first, inputs);
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
                judged, first.readsCharacters() ? "characters" : "images", validation.metrics(),
                parity.maxAbsDifference());

        ModelCard card = new ModelCard(spec.modelName(), 0, ARCHITECTURE, first.task(), first.input(),
                ensemble.outputNames(), preprocessing, first.labels(), locator, validation.metrics(),
                cards.stream().mapToLong(ModelCard::parameterCount).sum(), flops(cards),
                provenance(cards, names, val.size(), codeVersion, first.locates()
                        ? "the box drawn around the peak's patch of the mean of the members' heat maps (ONNX Mean)"
                        : "mean of the members' probabilities (ONNX Mean)"), parity, Instant.now());
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
     * The first card, once every card reads the same way: all character readers or all readers of numbers, with
     * the same input, preprocessing, outputs, and crops (whole photos, or the same margin around a box); or all
     * heat-map locators with the same input, whether or not they give their peak (the ensemble draws its own box
     * and peak).
     */
    private static ModelCard requireJoinable(List<ModelCard> cards) {
        ModelCard first = cards.get(0);
        String firstRef = first.name() + "/" + first.version();
        for (ModelCard card : cards) {
            String ref = card.name() + "/" + card.version();
            if (card.locates() && !card.architecture().equals(HeatmapLocator.ARCHITECTURE)) {
                throw new IllegalArgumentException("an ensemble joins readers of characters or numbers, or heat-map"
                        + " locators; " + ref + " locates digits as a '" + card.architecture() + "'");
            }
            if (!card.task().equals(first.task())) {
                throw new IllegalArgumentException(ref + " is a '" + card.task() + "' model, " + firstRef
                        + " a '" + first.task() + "' one");
            }
            boolean sameOutputs = first.locates() || card.outputs().equals(first.outputs());
            if (!card.input().equals(first.input()) || !card.preprocessing().equals(first.preprocessing())
                    || !sameOutputs || !Objects.equals(card.labels(), first.labels())) {
                throw new IllegalArgumentException(ref + " does not take the input and preprocessing, or give the"
                        + " outputs, of " + firstRef);
            }
            if ((card.locator() == null) != (first.locator() == null)
                    || card.locator() != null && card.locator().margin() != first.locator().margin()) {
                throw new IllegalArgumentException(ref + " reads " + crops(card) + ", " + firstRef + " "
                        + crops(first));
            }
        }
        return first;
    }

    private static String crops(ModelCard card) {
        return card.locator() == null ? "whole photos" : "crops with margin " + card.locator().margin();
    }

    /** What the ensemble runs behind: as asked, or as its first member; nothing for readers of whole photos. */
    private static LocatorRef locator(EnsembleSpec spec, ModelCard first) {
        if (first.locator() == null) {
            if (spec.locator() != null) {
                throw new IllegalArgumentException("the members read whole photos; --locator " + spec.locator()
                        + " would give them crops they were not trained on");
            }
            return null;
        }
        return new LocatorRef(spec.locator() == null ? first.locator().model() : spec.locator(),
                first.locator().margin());
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

    /**
     * What a heat-map ensemble must answer: the box {@link HeatmapBox} draws in Java around the mean of the maps
     * the members' own graphs give.
     */
    private static INDArray[] boxOfMeanMap(List<byte[]> graphs, ModelCard card, List<Long> inputShape,
            INDArray inputs) throws OrtException {
        ExportedModel maps = OnnxEnsemble.memberHeatmaps(graphs, card.input().name(), inputShape);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        float[] data = inputs.castTo(DataType.FLOAT).dup('c').data().asFloat();
        try (OrtSession session = environment.createSession(maps.bytes());
                OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(data), inputs.shape());
                OrtSession.Result result = session.run(Map.of(card.input().name(), input))) {
            INDArray sum = null;
            for (String name : maps.outputNames()) {
                OnnxTensor map = (OnnxTensor) result.get(name).orElseThrow();
                FloatBuffer values = map.getFloatBuffer();
                float[] flat = new float[values.remaining()];
                values.get(flat);
                INDArray member = Nd4j.create(flat, map.getInfo().getShape(), 'c');
                sum = sum == null ? member : sum.addi(member);
            }
            return HeatmapBox.outputs(sum.divi(maps.outputNames().size()));
        }
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
                Instant.now(), null, null);
    }
}
