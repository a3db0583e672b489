package io.streetdigits.gateway.kserve;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.Uni;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.gateway.GatewayConfig;
import io.streetdigits.gateway.OpenApiDocument;
import io.streetdigits.gateway.kserve.InferenceProtocol.Error;
import io.streetdigits.gateway.kserve.InferenceProtocol.InferInput;
import io.streetdigits.gateway.kserve.InferenceProtocol.InferOutput;
import io.streetdigits.gateway.kserve.InferenceProtocol.InferRequest;
import io.streetdigits.gateway.kserve.InferenceProtocol.InferResponse;
import io.streetdigits.gateway.kserve.InferenceProtocol.ModelMetadata;
import io.streetdigits.gateway.kserve.InferenceProtocol.TensorMetadata;
import io.streetdigits.gateway.health.KafkaState;
import io.streetdigits.gateway.models.ModelCatalog;
import io.streetdigits.gateway.problem.ApiProblem;
import io.streetdigits.gateway.recognition.ImageChecks;
import io.streetdigits.gateway.recognition.RequestPublisher;
import io.streetdigits.gateway.recognition.ResultStore;
import io.streetdigits.gateway.security.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The Open Inference Protocol (KServe v2) over HTTP/JSON, for programs that speak it. A model takes one BYTES input
 * {@code image} (each element one encoded image, base64 in JSON) and returns {@code digits} (BYTES) and
 * {@code confidence} (FP32), one element per image. Each image travels through Kafka like any other request.
 * Errors use the protocol's own body, {@code {"error": "..."}}.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class InferenceProtocolResource {

    static final String INPUT = "image";
    /** Longer than the readiness checks' own bound on Kafka ({@link KafkaState#TIMEOUT}). */
    private static final Duration READY_TIMEOUT = KafkaState.TIMEOUT.plusSeconds(2);

    @Inject
    ModelCatalog catalog;

    @Inject
    RequestPublisher publisher;

    @Inject
    ResultStore results;

    @Inject
    ImageChecks images;

    @Inject
    Caller caller;

    @Inject
    GatewayConfig config;

    @Inject
    SmallRyeHealthReporter health;

    @GET
    @Path("health/live")
    @APIResponse(responseCode = "200", description = "live", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    properties = @SchemaProperty(name = "live", type = SchemaType.BOOLEAN))))
    public Response live() {
        return Response.ok(Map.of("live", true)).build();
    }

    /** 200 {@code {"ready": true}} when /q/health/ready is UP, else 503 {@code {"ready": false}}, within seconds. */
    @GET
    @Path("health/ready")
    @APIResponse(responseCode = "200", description = "ready", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    properties = @SchemaProperty(name = "ready", type = SchemaType.BOOLEAN))))
    @APIResponse(responseCode = "503", description = "not ready", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    properties = @SchemaProperty(name = "ready", type = SchemaType.BOOLEAN))))
    public Uni<Response> ready() {
        return health.getReadinessAsync().map(report -> !report.isDown())
                .ifNoItem().after(READY_TIMEOUT).recoverWithItem(false)
                .onFailure().recoverWithItem(false)
                .map(ready -> Response.status(ready ? 200 : 503).type(MediaType.APPLICATION_JSON)
                        .entity(Map.of("ready", ready)).build());
    }

    @GET
    @Path("models/{name}")
    @APIResponse(responseCode = "200", description = "the model's metadata", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModelMetadata.class)))
    @APIResponse(responseCode = "404", ref = OpenApiDocument.INFERENCE_ERROR)
    public ModelMetadata metadata(@RestPath String name) {
        ModelCatalog.CatalogEntry model = model(name);
        // As Triton names its own: a pipeline of models is an ensemble, with no versions of its own.
        return new ModelMetadata(name, model.versions().stream().map(String::valueOf).toList(),
                !model.versioned() ? "ensemble" : "onnxruntime_onnx",
                List.of(new TensorMetadata(INPUT, "BYTES", List.of(-1L))),
                List.of(new TensorMetadata("digits", "BYTES", List.of(-1L)),
                        new TensorMetadata("confidence", "FP32", List.of(-1L))));
    }

    @GET
    @Path("models/{name}/ready")
    @APIResponse(responseCode = "200", description = "the model is served", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, properties = {
                @SchemaProperty(name = "name", type = SchemaType.STRING),
                @SchemaProperty(name = "ready", type = SchemaType.BOOLEAN)})))
    @APIResponse(responseCode = "404", ref = OpenApiDocument.INFERENCE_ERROR)
    public Map<String, Object> modelReady(@RestPath String name) {
        model(name);
        return Map.of("name", name, "ready", true);
    }

    @POST
    @Path("models/{name}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "digits and confidence, one element per image",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = InferResponse.class)))
    @APIResponse(responseCode = "400", ref = OpenApiDocument.INFERENCE_ERROR)
    @APIResponse(responseCode = "404", ref = OpenApiDocument.INFERENCE_ERROR)
    // RequestSizeFilter refuses a body without a length before this resource sees it, as a problem.
    @APIResponse(responseCode = "411", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "413", ref = OpenApiDocument.INFERENCE_ERROR)
    @APIResponse(responseCode = "415", ref = OpenApiDocument.INFERENCE_ERROR)
    @APIResponse(responseCode = "429", ref = OpenApiDocument.INFERENCE_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiDocument.INFERENCE_ERROR)
    public Uni<InferResponse> infer(@RestPath String name, String body) {
        try {
            catalog.requireServed(name);
        } catch (ApiProblem e) {
            throw new ProtocolError(e.status(), e.getMessage());
        }
        boolean pipeline = !model(name).versioned();
        InferRequest request = parse(body);
        List<byte[]> imageBytes = imagesOf(request);
        if (results.pending() + imageBytes.size() > config.gateway().maxInFlight()) {
            throw new ProtocolError(Response.Status.TOO_MANY_REQUESTS, "too many recognitions are in flight; retry"
                    + " shortly");
        }
        List<String> ids = new ArrayList<>();
        List<Uni<Void>> sends = new ArrayList<>();
        for (int i = 0; i < imageBytes.size(); i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            results.register(id, caller.tenant());
            sends.add(publisher.publish(new RecognitionRequest(id, imageBytes.get(i), null, Instant.now(), name,
                    null, null, caller.tenant())));
        }
        return Uni.join().all(sends).andFailFast()
                .onFailure().transform(e -> new ProtocolError(Response.Status.SERVICE_UNAVAILABLE,
                        "Kafka did not take the request: " + e.getMessage()))
                .chain(() -> Uni.join().all(ids.stream().map(id -> results.await(
                        results.find(id).orElseThrow().result(), config.gateway().maxWait())).toList()).andFailFast())
                .map(answers -> respond(name, request.id(), answers, pipeline));
    }

    /** @param pipeline whether {@code model} names a pipeline, which has no version to answer */
    private InferResponse respond(String model, String requestId, List<RecognitionResult> answers,
            boolean pipeline) {
        List<String> digits = new ArrayList<>();
        List<Double> confidence = new ArrayList<>();
        String version = null;
        for (int i = 0; i < answers.size(); i++) {
            RecognitionResult result = answers.get(i);
            if (result == null) {
                throw new ProtocolError(Response.Status.SERVICE_UNAVAILABLE, "image " + i + " was not answered"
                        + " within " + config.gateway().maxWait().toSeconds() + " s");
            }
            if (!result.succeeded()) {
                throw new ProtocolError(Response.Status.BAD_REQUEST, "image " + i + ": " + result.error().code()
                        + ": " + result.error().message());
            }
            digits.add(result.digits());
            confidence.add(result.confidence());
            version = pipeline ? null : Integer.toString(result.model().version());
        }
        long n = answers.size();
        return new InferResponse(model, version, requestId, List.of(
                new InferOutput("digits", "BYTES", List.of(n), digits),
                new InferOutput("confidence", "FP32", List.of(n), confidence)));
    }

    private static InferRequest parse(String body) {
        try {
            InferRequest request = ContractJson.mapper().readValue(body, InferRequest.class);
            if (request == null || request.inputs() == null) {
                throw new ProtocolError(Response.Status.BAD_REQUEST, "the body must be an inference request with"
                        + " \"inputs\"");
            }
            return request;
        } catch (JsonProcessingException e) {
            throw new ProtocolError(Response.Status.BAD_REQUEST, "the body is not valid inference request JSON: "
                    + e.getOriginalMessage());
        }
    }

    private List<byte[]> imagesOf(InferRequest request) {
        if (request.inputs().size() != 1 || !INPUT.equals(request.inputs().get(0).name())) {
            throw new ProtocolError(Response.Status.BAD_REQUEST, "exactly one input named '" + INPUT
                    + "' is expected");
        }
        InferInput input = request.inputs().get(0);
        if (!"BYTES".equals(input.datatype())) {
            throw new ProtocolError(Response.Status.BAD_REQUEST, "input '" + INPUT + "' must have datatype BYTES,"
                    + " was " + input.datatype());
        }
        List<Object> data = input.data() == null ? List.of() : input.data();
        if (data.isEmpty() || input.shape() == null || input.shape().size() != 1
                || input.shape().get(0) != data.size()) {
            throw new ProtocolError(Response.Status.BAD_REQUEST, "input '" + INPUT + "' must have shape [N] with"
                    + " N base64 images in data; shape " + input.shape() + " with " + data.size() + " elements");
        }
        List<byte[]> decoded = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            if (!(data.get(i) instanceof String text)) {
                throw new ProtocolError(Response.Status.BAD_REQUEST, "element " + i + " of input '" + INPUT
                        + "' must be a base64 string");
            }
            byte[] image;
            try {
                image = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new ProtocolError(Response.Status.BAD_REQUEST, "element " + i + " of input '" + INPUT
                        + "' is not base64: " + e.getMessage());
            }
            try {
                images.check(image, "element " + i);
            } catch (ApiProblem e) {
                throw new ProtocolError(e.status(), e.getMessage());
            }
            decoded.add(image);
        }
        return decoded;
    }

    private ModelCatalog.CatalogEntry model(String name) {
        return catalog.find(name).orElseThrow(() -> new ProtocolError(Response.Status.NOT_FOUND,
                "no model named '" + name + "' is in the model repository"));
    }

    /** A failure answered in the protocol's error format. */
    static final class ProtocolError extends RuntimeException {
        private final Response.StatusType status;

        ProtocolError(Response.StatusType status, String message) {
            super(message);
            this.status = status;
        }
    }

    @ServerExceptionMapper
    public Response protocolError(ProtocolError e) {
        return Response.status(e.status.getStatusCode()).type(MediaType.APPLICATION_JSON)
                .entity(new Error(e.getMessage())).build();
    }
}
