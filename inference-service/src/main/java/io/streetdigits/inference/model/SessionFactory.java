package io.streetdigits.inference.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streetdigits.inference.InferenceConfig;
import io.streetdigits.inference.InferenceConfig.ExecutionProvider;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Opens ONNX Runtime sessions on the configured execution provider. With {@code auto}, CUDA is tried first and
 * the CPU is used when CUDA cannot load (no GPU, no CUDA libraries, or the CPU-only ONNX Runtime jar); ONNX
 * Runtime lists CUDA as available even then, so only trying tells. The provider in use is logged and reported.
 */
public final class SessionFactory {

    private static final Logger LOG = Logger.getLogger(SessionFactory.class);

    private final InferenceConfig.Inference config;
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();

    public SessionFactory(InferenceConfig.Inference config) {
        this.config = config;
    }

    /** A session and the provider it runs on. */
    public record OpenedSession(OrtSession session, String provider) {
    }

    public OpenedSession open(Path onnxFile) throws OrtException {
        ExecutionProvider wanted = config.executionProvider();
        if (wanted != ExecutionProvider.CPU) {
            try (OrtSession.SessionOptions options = baseOptions()) {
                options.addCUDA(config.cudaDeviceId());
                OrtSession session = environment.createSession(onnxFile.toString(), options);
                LOG.infof("Execution provider for %s: CUDA (device %d)", onnxFile, config.cudaDeviceId());
                return new OpenedSession(session, "CUDA");
            } catch (OrtException | UnsatisfiedLinkError e) {
                if (wanted == ExecutionProvider.CUDA) {
                    throw new OrtException("execution provider 'cuda' was required but CUDA cannot load on device "
                            + config.cudaDeviceId() + ": " + e.getMessage());
                }
                LOG.warnf("Execution provider for %s: CPU, because CUDA cannot load (%s)", onnxFile,
                        firstLine(e.getMessage()));
            }
        }
        try (OrtSession.SessionOptions options = baseOptions()) {
            OrtSession session = environment.createSession(onnxFile.toString(), options);
            if (wanted == ExecutionProvider.CPU) {
                LOG.infof("Execution provider for %s: CPU (configured)", onnxFile);
            }
            return new OpenedSession(session, "CPU");
        }
    }

    private OrtSession.SessionOptions baseOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (config.intraOpThreads().isPresent()) {
            options.setIntraOpNumThreads(config.intraOpThreads().getAsInt());
        }
        return options;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
