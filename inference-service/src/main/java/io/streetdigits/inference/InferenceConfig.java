package io.streetdigits.inference;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.util.OptionalInt;

/** Settings of the inference service; Kafka channels are configured in application.properties. */
@ConfigMapping(prefix = "streetdigits")
public interface InferenceConfig {

    /** The model repository: {@code <name>/<version>/model.onnx} plus {@code model-card.json}. */
    @WithName("models.dir")
    @WithDefault("models")
    Path modelsDir();

    Inference inference();

    Image image();

    interface Inference {
        /** The model that answers requests that name none. */
        @WithDefault("digit-cnn")
        String defaultModel();

        /** {@code auto}: CUDA when it loads, else CPU with a warning; {@code cuda}: fail when it cannot; {@code cpu}. */
        @WithDefault("auto")
        ExecutionProvider executionProvider();

        @WithDefault("0")
        int cudaDeviceId();

        /** ONNX Runtime intra-op threads; unset lets ONNX Runtime use one per physical core. */
        OptionalInt intraOpThreads();
    }

    interface Image {
        /** Largest encoded image accepted, in bytes. */
        @WithDefault("4194304")
        long maxBytes();

        /** Largest width x height accepted, checked from the image header before decoding. */
        @WithDefault("16777216")
        long maxPixels();
    }

    enum ExecutionProvider {
        AUTO, CUDA, CPU
    }
}
