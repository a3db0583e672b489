package io.streetdigits.gateway.kserve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON bodies of the Open Inference Protocol (KServe v2) that the gateway speaks. */
public final class InferenceProtocol {

    private InferenceProtocol() {
    }

    /** A tensor's name, element type and shape, as model metadata lists them. */
    public record TensorMetadata(String name, String datatype, List<Long> shape) {
    }

    public record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
            List<TensorMetadata> outputs) {
    }

    /** An input tensor; for images, {@code datatype} BYTES and one base64 string per image in {@code data}. */
    public record InferInput(String name, String datatype, List<Long> shape, List<Object> data) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InferRequest(String id, List<InferInput> inputs, Map<String, Object> parameters) {
    }

    public record InferOutput(String name, String datatype, List<Long> shape, List<?> data) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InferResponse(@JsonProperty("model_name") String modelName,
            @JsonProperty("model_version") String modelVersion, String id, List<InferOutput> outputs) {
    }

    /** The protocol's error body. */
    @Schema(name = "InferenceError", description = "The Open Inference Protocol's error body")
    public record Error(String error) {
    }
}
