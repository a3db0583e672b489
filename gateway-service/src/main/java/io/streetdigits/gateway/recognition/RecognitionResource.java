package io.streetdigits.gateway.recognition;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.gateway.GatewayConfig;
import io.streetdigits.gateway.OpenApiDocument;
import io.streetdigits.gateway.health.KafkaState;
import io.streetdigits.gateway.models.ModelCatalog;
import io.streetdigits.gateway.problem.ApiProblem;
import io.streetdigits.gateway.security.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Single-image recognition. {@code POST} an image (multipart part {@code image}, or the raw bytes as the body);
 * it goes on Kafka and the answer is {@code 202} with the id, or {@code 200} with the result itself when
 * {@code ?wait=} is given and the result arrives in time. {@code GET /{id}} returns the result once it is there.
 */
@Path(RecognitionResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class RecognitionResource {

    static final String PATH = "/api/v1/recognitions";

    @Inject
    RequestPublisher publisher;

    @Inject
    ResultStore results;

    @Inject
    GatewayConfig config;

    @Inject
    Caller caller;

    @Inject
    ImageChecks images;

    @Inject
    ModelCatalog catalog;

    @Inject
    KafkaState kafka;

    // Both POSTs are one operation in the OpenAPI document, whose responses are declared here.
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking // reads the uploaded part from disk
    @APIResponse(responseCode = "200", description = "the result, when ?wait= was given and it arrived in time",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RecognitionResult.class)))
    @APIResponse(responseCode = "202", description = "on Kafka; the result will be at Location",
            headers = @Header(name = "Location", description = "where to GET the result",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "411", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "413", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "415", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "429", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "503", ref = OpenApiDocument.PROBLEM)
    public Uni<Response> submitForm(@RestForm("image") FileUpload image, @RestQuery String wait,
            @RestQuery String model) {
        if (image == null) {
            throw new ApiProblem(Response.Status.BAD_REQUEST, "missing-image",
                    "the multipart body has no part named 'image'");
        }
        images.checkSize(image.size(), image.fileName());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(image.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded part " + image.fileName(), e);
        }
        return submit(bytes, image.contentType(), image.fileName(), wait, model);
    }

    @POST
    @Consumes({"image/png", "image/jpeg", "image/bmp", "image/gif", "image/tiff", MediaType.APPLICATION_OCTET_STREAM})
    public Uni<Response> submitBody(byte[] body, @RestHeader("Content-Type") String contentType,
            @RestQuery String fileName, @RestQuery String wait, @RestQuery String model) {
        return submit(body, contentType, fileName, wait, model);
    }

    @GET
    @Path("{id}")
    @APIResponse(responseCode = "200", description = "the result",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RecognitionResult.class)))
    @APIResponse(responseCode = "202", description = "not answered yet (within ?wait=, if given)",
            headers = @Header(name = "Location", description = "where to GET the result",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "404", ref = OpenApiDocument.PROBLEM)
    public Uni<Response> result(@RestPath String id, @RestQuery String wait) {
        Duration waitFor = WaitParameter.parse(wait, config.gateway().maxWait());
        // Another tenant's id is answered exactly like an unknown one, so ids reveal nothing.
        // While this instance is still reading the results topic, an id it does not know may be one it has not read
        // yet: 503 with Retry-After, never a false 404.
        ResultStore.Entry entry = results.find(id).filter(e -> caller.mayRead(e.tenant()))
                .orElseThrow(() -> !kafka.caughtUp() ? KafkaState.notCaughtUp("recognition '" + id + "'")
                        : new ApiProblem(Response.Status.NOT_FOUND, "unknown-recognition",
                        "no recognition with id '" + id + "' is known to tenant " + caller.tenant()
                        + "; ids are kept for the latest " + config.gateway().resultCapacity()));
        return results.await(entry.result(), waitFor).map(result -> answer(id, result));
    }

    private Uni<Response> submit(byte[] image, String contentType, String fileName, String wait, String model) {
        images.check(image, fileName == null ? "the request body" : fileName);
        Duration waitFor = WaitParameter.parse(wait, config.gateway().maxWait());
        if (results.pending() >= config.gateway().maxInFlight()) {
            throw new ApiProblem(Response.Status.TOO_MANY_REQUESTS, "too-many-in-flight", String.format(
                    "%,d recognitions are waiting for their results, the most this gateway holds; retry shortly",
                    results.pending()));
        }
        catalog.requireServed(model);
        // Random, so ids cannot be guessed; registered before sending, so the result cannot arrive unseen.
        String id = UUID.randomUUID().toString();
        RecognitionRequest request = new RecognitionRequest(id, image, mediaType(contentType), Instant.now(), model,
                null, fileName, caller.tenant());
        results.register(id, caller.tenant());
        return publisher.publish(request)
                .onFailure().transform(failure -> {
                    results.forget(id);
                    return new ApiProblem(Response.Status.SERVICE_UNAVAILABLE, "kafka-unavailable",
                            "the image was not accepted because Kafka did not take it: " + failure.getMessage()
                                    + "; nothing was queued, retry later", failure);
                })
                .chain(() -> results.await(results.find(id).orElseThrow().result(), waitFor))
                .map(result -> answer(id, result));
    }

    private Response answer(String id, RecognitionResult result) {
        if (result != null) {
            return Response.ok(result).build();
        }
        return Response.accepted(Accepted.pending(id)).location(URI.create(PATH + "/" + id)).build();
    }

    /** The bare media type: {@code image/png; charset=x} is {@code image/png}. */
    private static String mediaType(String contentType) {
        return contentType == null ? null : contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    }

}
