package io.streetdigits.trainer.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streetdigits.core.contract.ContractJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A run's state after each epoch, in {@code <dir>/<model name>/}: the network with its updater
 * ({@code network.zip}, which holds the iteration count the learning-rate schedule follows), the best epoch's
 * weights ({@code best.bin}) and the epochs so far with the settings they were trained with ({@code state.json}).
 * A resumed run goes on from the epoch after the last one saved, with the same shuffles and augmentation draws as
 * an unbroken run; it refuses a checkpoint saved with other settings. Each file is written beside its final name
 * and moved into place, so a run killed while saving leaves the previous epoch's checkpoint whole.
 */
public final class Checkpoints {

    private static final ObjectMapper JSON = ContractJson.mapper();

    private final Path dir;

    /** What {@code state.json} holds. */
    record State(String architecture, Map<String, String> settings, int bestEpoch, List<EpochReport> epochs) {
    }

    /** A run read back from its checkpoint. */
    record Resumed(ComputationGraph network, INDArray bestParams, State state) {
    }

    public Checkpoints(Path root, String modelName) {
        this.dir = root.resolve(modelName);
    }

    public Path dir() {
        return dir;
    }

    void save(ComputationGraph network, INDArray bestParams, State state) {
        try {
            Files.createDirectories(dir);
            Path network1 = dir.resolve("network.zip.partial");
            ModelSerializer.writeModel(network, network1.toFile(), true);
            Path best = dir.resolve("best.bin.partial");
            Nd4j.saveBinary(bestParams, best.toFile());
            Path state1 = dir.resolve("state.json.partial");
            JSON.writerWithDefaultPrettyPrinter().writeValue(state1.toFile(), state);
            // The state last: once it names an epoch, that epoch's network and best weights are in place.
            Files.move(network1, dir.resolve("network.zip"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.move(best, dir.resolve("best.bin"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.move(state1, dir.resolve("state.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the checkpoint in " + dir, e);
        }
    }

    /** The saved run of these settings; a clear error when there is none or it was trained otherwise. */
    Resumed resume(String architecture, Map<String, String> settings) {
        Path state = dir.resolve("state.json");
        if (!Files.exists(state)) {
            throw new IllegalArgumentException("--resume: no checkpoint in " + dir
                    + " (a run saves one there after each epoch)");
        }
        try {
            State saved = JSON.readValue(state.toFile(), State.class);
            if (!saved.architecture().equals(architecture) || !saved.settings().equals(settings)) {
                throw new IllegalArgumentException("--resume: the checkpoint in " + dir + " was trained as "
                        + saved.architecture() + " with " + saved.settings() + ", not as " + architecture + " with "
                        + settings + "; resume with its settings, or move it away to start over");
            }
            ComputationGraph network = ModelSerializer.restoreComputationGraph(dir.resolve("network.zip").toFile(),
                    true);
            return new Resumed(network, Nd4j.readBinary(dir.resolve("best.bin").toFile()), saved);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the checkpoint in " + dir, e);
        }
    }
}
