package io.streetdigits.inference.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import io.streetdigits.core.pipeline.BatchConcurrency;
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
    /** Set once CUDA failed to load under {@code auto}: later sessions go straight to the CPU. */
    private volatile boolean cudaUnavailable;

    public SessionFactory(InferenceConfig.Inference config) {
        this.config = config;
    }

    /** A session and the provider it runs on. */
    public record OpenedSession(OrtSession session, String provider) {
    }

    public OpenedSession open(Path onnxFile) throws OrtException {
        ExecutionProvider wanted = config.executionProvider();
        if (wanted == ExecutionProvider.CUDA || (wanted == ExecutionProvider.AUTO && !cudaUnavailable)) {
            try (OrtSession.SessionOptions options = baseOptions();
                    OrtCUDAProviderOptions cuda = cudaOptions()) {
                options.addCUDA(cuda);
                OrtSession session = environment.createSession(onnxFile.toString(), options);
                LOG.infof("Execution provider for %s: CUDA (device %d)", onnxFile, config.cuda().deviceId());
                return new OpenedSession(session, "CUDA");
            } catch (OrtException | UnsatisfiedLinkError e) {
                if (wanted == ExecutionProvider.CUDA) {
                    throw new OrtException("execution provider 'cuda' was required but CUDA cannot load on device "
                            + config.cuda().deviceId() + ": " + e.getMessage());
                }
                cudaUnavailable = true;
                LOG.warnf("Execution provider for %s: CPU, because CUDA cannot load (%s)", onnxFile,
                        firstLine(e.getMessage()));
                return cpu(onnxFile, null);
            }
        }
        return cpu(onnxFile, wanted == ExecutionProvider.CPU ? "configured" : "CUDA could not load earlier");
    }

    private OpenedSession cpu(Path onnxFile, String why) throws OrtException {
        try (OrtSession.SessionOptions options = baseOptions()) {
            OrtSession session = environment.createSession(onnxFile.toString(), options);
            if (why != null) {
                LOG.infof("Execution provider for %s: CPU (%s)", onnxFile, why);
            }
            return new OpenedSession(session, "CPU");
        }
    }

    private OrtCUDAProviderOptions cudaOptions() throws OrtException {
        OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(config.cuda().deviceId());
        cuda.add("cudnn_conv_algo_search", config.cuda().convAlgoSearch());
        if (config.cuda().memoryLimitBytes().isPresent()) {
            cuda.add("gpu_mem_limit", Long.toString(config.cuda().memoryLimitBytes().getAsLong()));
        }
        return cuda;
    }

    private OrtSession.SessionOptions baseOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        // Sized to the cores this process may use (container limits included), not the host's, shared among the
        // batches worked on at once.
        options.setIntraOpNumThreads(config.intraOpThreads().orElse(
                BatchConcurrency.threadsPerRun(config.batch().concurrency())));
        options.addConfigEntry("session.intra_op.allow_spinning", config.intraOpSpinning() ? "1" : "0");
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
