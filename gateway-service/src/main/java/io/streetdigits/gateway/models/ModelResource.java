package io.streetdigits.gateway.models;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ModelEventHeaders;
import io.streetdigits.core.contract.ModelPinned;
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
    public ModelCatalog.CatalogEntry get(@RestPath String name) {
        return find(name);
    }

    @PUT
    @Path("{name}/pin")
    @Blocking
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
