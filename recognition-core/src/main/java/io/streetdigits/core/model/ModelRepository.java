package io.streetdigits.core.model;

import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.pipeline.PipelineSpec;
import io.streetdigits.core.pipeline.PipelineStep;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of models laid out as {@code <name>/<version>/model.onnx} plus {@code model-card.json}, versions
 * being positive integers, and of pipelines, each declared by a {@code <name>/pipeline.json}
 * ({@link PipelineSpec}). Versions are immutable: publishing writes a hidden staging directory and renames it
 * into place, so a reader never sees half a version.
 */
public final class ModelRepository {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");

    private final Path root;

    public ModelRepository(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model name " + (name == null ? "null" : "'" + name + "'")
                    + " must be 1 to 64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    /** Model names that have at least one version, sorted. */
    public List<String> modelNames() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> candidates;
        try (Stream<Path> children = Files.list(root)) {
            candidates = children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> NAME.matcher(n).matches())
                    .sorted()
                    .toList();
        }
        List<String> names = new ArrayList<>();
        for (String candidate : candidates) {
            if (!versions(candidate).isEmpty()) {
                names.add(candidate);
            }
        }
        return names;
    }

    /** Complete versions of a model (model and card both present), oldest first. */
    public List<ModelVersion> versions(String name) throws IOException {
        Path modelDir = root.resolve(requireValidName(name));
        if (!Files.isDirectory(modelDir)) {
            return List.of();
        }
        List<ModelVersion> versions = new ArrayList<>();
        try (Stream<Path> children = Files.list(modelDir)) {
            children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(v -> VERSION.matcher(v).matches())
                    .map(v -> new ModelVersion(new ModelRef(name, Integer.parseInt(v)), modelDir.resolve(v)))
                    .filter(v -> Files.isRegularFile(v.onnxFile()) && Files.isRegularFile(v.cardFile()))
                    .forEach(versions::add);
        }
        versions.sort(Comparator.comparingInt(v -> v.ref().version()));
        return versions;
    }

    /** Names that declare a pipeline, sorted. */
    public List<String> pipelineNames() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> Files.isRegularFile(p.resolve(PipelineSpec.FILE)))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> NAME.matcher(n).matches())
                    .sorted()
                    .toList();
        }
    }

    /** The pipeline declared under a name, if any; a clear error when its declaration cannot be read. */
    public Optional<PipelineSpec> pipeline(String name) throws IOException {
        Path file = root.resolve(requireValidName(name)).resolve(PipelineSpec.FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ContractJson.mapper().readValue(file.toFile(), PipelineSpec.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("pipeline " + name + " is declared badly in " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * What a name reads with: the pipeline declared under it; else, for a classifier of single characters whose card
     * names a pipeline to run behind, that pipeline with this model in its character-reading step (same margin);
     * else the model of that name read alone.
     *
     * @throws IllegalArgumentException when a declaration cannot be read, or the pipeline a card names is missing or
     *                                  has no step that reads characters
     */
    public PipelineSpec reading(String name) throws IOException {
        Optional<PipelineSpec> declared = pipeline(name);
        if (declared.isPresent()) {
            return declared.get();
        }
        Optional<ModelVersion> model = latest(name);
        String behind = model.isPresent() ? model.get().readCard().runsBehind() : null;
        if (behind == null) {
            return PipelineSpec.of(name);
        }
        PipelineSpec pipeline = pipeline(behind).orElseThrow(() -> new IllegalArgumentException("model " + name
                + " reads behind pipeline " + behind + ", which is not declared in " + root));
        List<PipelineStep> steps = new ArrayList<>();
        boolean replaced = false;
        for (PipelineStep step : pipeline.steps()) {
            Optional<ModelVersion> stepModel = latest(step.model());
            if (stepModel.isPresent() && stepModel.get().readCard().task().equals(ModelCard.READS_CHARACTERS)) {
                steps.add(new PipelineStep(name, null, null, step.margin()));
                replaced = true;
            } else {
                steps.add(step);
            }
        }
        if (!replaced) {
            throw new IllegalArgumentException("model " + name + " reads behind pipeline " + behind + ", which has"
                    + " no step that reads characters for it to take");
        }
        // The pipeline's calibration was fitted to its own classifier's confidence; this one's is given raw.
        return new PipelineSpec(pipeline.description() + " Here " + name + " reads the characters, its confidence"
                + " uncalibrated.", steps, null);
    }

    public Optional<ModelVersion> latest(String name) throws IOException {
        List<ModelVersion> versions = versions(name);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    public Optional<ModelVersion> find(ModelRef ref) throws IOException {
        return versions(ref.name()).stream().filter(v -> v.ref().equals(ref)).findFirst();
    }

    /**
     * Publishes a model as the next version of {@code card.name()}: copies the ONNX file and writes the card
     * (with its version set) into a staging directory, then renames it into place.
     */
    public ModelVersion publish(Path onnxFile, ModelCard card) throws IOException {
        String name = card.name();
        Path modelDir = Files.createDirectories(root.resolve(name));
        Path staging = modelDir.resolve(".staging-" + UUID.randomUUID());
        Files.createDirectory(staging);
        try {
            Files.copy(onnxFile, staging.resolve(ModelVersion.MODEL_FILE));
            for (int attempt = 0; attempt < 100; attempt++) {
                int version = nextVersion(modelDir);
                ModelCard versioned = card.withVersion(version);
                Files.writeString(staging.resolve(ModelVersion.CARD_FILE),
                        ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(versioned));
                Path target = modelDir.resolve(Integer.toString(version));
                try {
                    moveAtomically(staging, target);
                    return new ModelVersion(new ModelRef(name, version), target);
                } catch (FileAlreadyExistsException e) {
                    // Another publisher took this version number first; take the next one.
                }
            }
            throw new IOException("could not publish " + name + ": version numbers kept being taken");
        } finally {
            deleteRecursively(staging);
        }
    }

    private static int nextVersion(Path modelDir) throws IOException {
        try (Stream<Path> children = Files.list(modelDir)) {
            return children.map(p -> p.getFileName().toString())
                    .filter(v -> VERSION.matcher(v).matches())
                    .mapToInt(Integer::parseInt)
                    .max().orElse(0) + 1;
        }
    }

    private static void moveAtomically(Path source, Path target) throws IOException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
