package io.streetdigits.core.pipeline;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline read outside the service, with the latest version of each of its models in an ONNX Runtime session of
 * its own: what the trainer's evaluation, the benchmarks and tests run. Closing it closes the sessions.
 */
public record SessionPipeline(PipelineReader reader, List<OrtSession> sessions) implements AutoCloseable {

    /** Opens a model's graph the way its caller wants it run. */
    public interface Opener {
        OrtSession open(Path onnxFile) throws OrtException;
    }

    public SessionPipeline {
        sessions = List.copyOf(sessions);
    }

    /**
     * @param name the pipeline's name (for its results and messages)
     * @param spec its steps, as declared or as a caller changed them
     * @throws IllegalArgumentException when a step's model is not in the repository or the models cannot run as
     *                                  declared
     */
    public static SessionPipeline open(ModelRepository repository, String name, PipelineSpec spec, Opener opener)
            throws IOException, OrtException {
        List<OrtSession> sessions = new ArrayList<>();
        try {
            List<StepModel> models = new ArrayList<>();
            for (String model : spec.models()) {
                ModelVersion version = repository.latest(model).orElseThrow(() -> new IllegalArgumentException(
                        "pipeline " + name + " runs model '" + model + "', which is not in " + repository.root()));
                sessions.add(opener.open(version.onnxFile()));
                models.add(new SessionModel(version.ref(), version.readCard(), sessions.get(sessions.size() - 1)));
            }
            return new SessionPipeline(new PipelineReader(name, spec, models), sessions);
        } catch (IOException | OrtException | RuntimeException e) {
            try {
                closeAll(sessions);
            } catch (OrtException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** The pipeline declared under a name in the repository, or the model of that name read alone. */
    public static SessionPipeline open(ModelRepository repository, String name, Opener opener)
            throws IOException, OrtException {
        return open(repository, name, repository.reading(name), opener);
    }

    @Override
    public void close() throws OrtException {
        closeAll(sessions);
    }

    private static void closeAll(List<OrtSession> sessions) throws OrtException {
        OrtException first = null;
        for (OrtSession session : sessions) {
            try {
                session.close();
            } catch (OrtException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
