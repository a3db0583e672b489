package io.streetdigits.gateway.models;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ModelEventHeaders;
import io.streetdigits.core.contract.ModelPinned;
import io.streetdigits.gateway.OpenApiDocument;
import io.streetdigits.gateway.problem.ApiProblem;
import io.streetdigits.gateway.security.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Models: any tenant may list them; admins pin a version (to roll back) or unpin, and the decision goes out on the
 * model-events topic, which every inference instance follows.
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    /** The body of a pin request. */
    public record Pin(int version) {
    }

    @Inject
    ModelCatalog catalog;

    @Inject
    Caller caller;

    @Inject
    @Channel("model-decisions")
    MutinyEmitter<String> decisions;

    @GET
    public List<ModelCatalog.CatalogEntry> list() {
        return catalog.list();
    }

    @GET
    @Path("{name}")
    @APIResponse(responseCode = "200", description = "the model or pipeline",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ModelCatalog.CatalogEntry.class)))
    @APIResponse(responseCode = "404", ref = OpenApiDocument.PROBLEM)
    public ModelCatalog.CatalogEntry get(@RestPath String name) {
        return find(name);
    }

    @PUT
    @Path("{name}/pin")
    @Blocking
    @APIResponse(responseCode = "202", description = "the pin is on the model-events topic; every inference"
            + " instance follows it", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ModelPinned.class)))
    @APIResponse(responseCode = "400", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "403", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "411", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "404", ref = OpenApiDocument.PROBLEM)
    public Response pin(@RestPath String name, Pin pin) {
        requireAdmin();
        ModelCatalog.CatalogEntry model = find(name);
        if (!model.versioned()) {
            throw new ApiProblem(Response.Status.BAD_REQUEST, "pipeline-not-versioned", "pipeline " + name
                    + " is declared, not versioned: pin one of its models " + model.pipeline().models());
        }
        if (pin == null || !model.versions().contains(pin.version())) {
            throw new ApiProblem(Response.Status.BAD_REQUEST, "unknown-version", "model " + name + " has versions "
                    + model.versions() + "; send {\"version\": N} with one of them");
        }
        return announce(new ModelPinned(name, pin.version(), Instant.now()));
    }

    @DELETE
    @Path("{name}/pin")
    @Blocking
    @APIResponse(responseCode = "202", description = "the unpin (a pin without version) is on the model-events"
            + " topic", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ModelPinned.class)))
    @APIResponse(responseCode = "403", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "404", ref = OpenApiDocument.PROBLEM)
    public Response unpin(@RestPath String name) {
        requireAdmin();
        find(name);
        return announce(new ModelPinned(name, null, Instant.now()));
    }

    private Response announce(ModelPinned decision) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ModelEventHeaders.EVENT_TYPE, ModelEventHeaders.PINNED.getBytes(StandardCharsets.UTF_8));
        decisions.sendMessage(Message.of(ContractJson.write(decision)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(decision.model()).withHeaders(headers).build()))
                .await().atMost(Duration.ofSeconds(15));
        return Response.accepted(decision).build();
    }

    private ModelCatalog.CatalogEntry find(String name) {
        return catalog.find(name).orElseThrow(() -> new ApiProblem(Response.Status.NOT_FOUND, ModelCatalog.UNKNOWN_MODEL,
                "no model named '" + name + "' is in the model repository"));
    }

    private void requireAdmin() {
        if (!caller.admin()) {
            throw new ApiProblem(Response.Status.FORBIDDEN, "admin-only", "tenant " + caller.tenant()
                    + " may not manage models; an admin key is needed");
        }
    }
}
