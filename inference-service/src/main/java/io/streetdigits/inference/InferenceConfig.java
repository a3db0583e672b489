package io.streetdigits.inference;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.pipeline.BatchConcurrency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Settings of the inference service; Kafka channels are configured in application.properties. */
@ConfigMapping(prefix = "streetdigits")
public interface InferenceConfig {

    /**
     * The model repository: {@code <name>/<version>/model.onnx} plus {@code model-card.json}, and pipelines,
     * {@code <name>/pipeline.json}.
     */
    @WithName("models.dir")
    @WithDefault("models")
    Path modelsDir();

    Inference inference();

    Image image();

    Topics topics();

    interface Inference {
        /** The pipeline (or model read alone) that answers requests that name none. */
        @WithDefault("house-number")
        String defaultModel();

        /** {@code auto}: CUDA when it loads, else CPU with a warning; {@code cuda}: fail when it cannot; {@code cpu}. */
        @WithDefault("auto")
        ExecutionProvider executionProvider();

        Cuda cuda();

        /**
         * ONNX Runtime intra-op threads per model run; unset: the available cores shared among the batches worked
         * on at once ({@code batch.concurrency}).
         */
        OptionalInt intraOpThreads();

        /**
         * Whether ONNX Runtime's intra-op threads spin-wait for work after a run. Off by default: between runs the
         * same cores decode and preprocess the next batch, and spinning threads would take them away.
         */
        @WithDefault("false")
        boolean intraOpSpinning();

        /**
         * Versions to serve instead of the latest, by model name ({@code pinned."digit-cnn"=2}). Operators can also
         * pin and unpin at run time through {@code /api/v1/models}.
         */
        Map<String, Integer> pinned();

        /** How often the repository is scanned for new versions (besides the model-events topic); 0 disables. */
        @WithDefault("30s")
        Duration repositoryScanInterval();

        Batch batch();

        Auth auth();

        /**
         * A stable name of this instance in the consumer group (Kafka's static membership, {@code
         * group.instance.id}): restarted under the same name, an instance gets its partitions back at once instead
         * of after the session timeout. Unique per instance (in Kubernetes the pod's name, which outlives its
         * container's restarts); unset: dynamic membership.
         */
        Optional<String> instanceId();

        /**
         * Where the crash journal lives (see {@code CrashLoopGuard}): local disk that outlives a restart of the
         * process (in Kubernetes an emptyDir), one directory per instance.
         */
        @WithDefault("${java.io.tmpdir}/streetdigits-inference-${quarkus.http.port}")
        Path crashJournalDir();
    }

    /**
     * Who may use this instance's management API ({@code /api/v1/models}: pin and unpin versions): the same API
     * keys, sent the same way, as the gateway's admin tenants. Health and metrics ({@code /q/...}) stay open for
     * probes and scrapers.
     */
    interface Auth {
        /** Off only on a trusted network. */
        @WithDefault("true")
        boolean enabled();

        /** The operators' API keys; none by default, so every management call is refused until keys are set. */
        Optional<List<String>> apiKeys();
    }

    interface Cuda {
        @WithDefault("0")
        int deviceId();

        /** Upper bound of the CUDA memory arena in bytes; unset: ONNX Runtime's default (no limit). */
        OptionalLong memoryLimitBytes();

        /** cuDNN convolution algorithm search: {@code EXHAUSTIVE}, {@code HEURISTIC} or {@code DEFAULT}. */
        @WithDefault("EXHAUSTIVE")
        String convAlgoSearch();
    }

    /**
     * Dynamic batching. Requests are taken from Kafka in polls of at most {@code max-size} records, and every poll
     * is one batch: under load the polls fill up, at low load a request is not held back for company. The broker
     * answers a poll as soon as {@code min-bytes} are there or {@code max-wait-ms} has passed.
     */
    interface Batch {
        /** Largest batch (the consumer's {@code max.poll.records}). */
        @WithDefault("64")
        int maxSize();

        /**
         * Longest a poll waits for {@code min-bytes} of requests (the consumer's {@code fetch.max.wait.ms}). With
         * {@code min-bytes} 1 a poll returns as soon as one request is there, so this only sets how often an idle
         * consumer asks the broker: at 5 ms, an idle instance and the broker spent about half a core between them
         * on those polls here, at 100 ms about 0.14, with the same latency. Lower it when raising {@code min-bytes}:
         * it is then the longest a request waits for company.
         */
        @WithDefault("100")
        int maxWaitMs();

        /** Bytes of requests a poll waits for, up to {@code max-wait-ms} (the consumer's {@code fetch.min.bytes}). */
        @WithDefault("1")
        int minBytes();

        /**
         * Polls (batches) worked on at once, each on a thread of its own, so that one is decoded while another's
         * models run ({@code BatchConcurrency}). Each holds up to {@code image.decoding-budget-bytes} decoded.
         */
        @WithDefault(BatchConcurrency.DEFAULT)
        int concurrency();
    }

    /** What one image may cost, checked from its header before decoding (the gateway checks the same). */
    interface Image {
        /** Largest encoded image accepted, in bytes. */
        @WithDefault(ImageLimits.DEFAULT_MAX_BYTES)
        long maxBytes();

        /** Largest width x height accepted. */
        @WithDefault(ImageLimits.DEFAULT_MAX_PIXELS)
        long maxPixels();

        /** Largest decoded image accepted: width x height x bytes per pixel. */
        @WithDefault(ImageLimits.DEFAULT_MAX_DECODED_BYTES)
        long maxDecodedBytes();

        /**
         * Decoded bytes a batch holds at once (about 128 MiB by default; the service works on {@code
         * batch.concurrency} batches at once): a batch whose images declare more is worked through in parts, so
         * that the images of one poll cannot exhaust the heap together.
         */
        @WithDefault("134217728")
        long decodingBudgetBytes();

        default ImageLimits limits() {
            return new ImageLimits(maxBytes(), maxPixels(), maxDecodedBytes());
        }
    }

    interface Topics {
        /** Create missing topics at start-up (off where an operator manages topics, e.g. Strimzi). */
        @WithDefault("true")
        boolean create();

        /** Partitions of created topics; the most inference instances that can share the requests. */
        @WithDefault("3")
        int partitions();

        @WithDefault("1")
        short replicationFactor();

        @WithDefault("recognition-requests")
        String recognitionRequests();

        @WithDefault("recognition-results")
        String recognitionResults();

        @WithDefault("recognition-dead-letters")
        String recognitionDeadLetters();

        @WithDefault("model-events")
        String modelEvents();
    }

    enum ExecutionProvider {
        AUTO, CUDA, CPU
    }
}
