package io.streetdigits.inference.model;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The operator's view of this instance's models: which version serves, pin a version (to roll back, say), unpin to
 * follow the latest again. It acts on this instance; pin on every instance, or set
 * {@code streetdigits.inference.pinned."<name>"} in the shared configuration. Not for end users: the gateway does
 * not expose it, and it takes the operators' API keys only ({@link ManagementKeyFilter}).
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    /** The body of a pin request. */
    public record Pin(int version) {
    }

    @Inject
    ModelRegistry registry;

    @GET
    public List<ModelStatus> list() throws IOException, ModelNotFoundException {
        return registry.status();
    }

    @GET
    @Path("{name}")
    public ModelStatus get(@RestPath String name) throws ModelNotFoundException {
        ModelStatus status = registry.status(name);
        if (status.available().isEmpty() && status.serving() == null) {
            throw new ModelNotFoundException("model '" + name + "' is not in the model repository");
        }
        return status;
    }

    @PUT
    @Path("{name}/pin")
    public ModelStatus pin(@RestPath String name, Pin pin) throws ModelNotFoundException {
        if (pin == null) {
            throw new IllegalArgumentException("the body must be {\"version\": N}");
        }
        return registry.pin(name, pin.version());
    }

    @DELETE
    @Path("{name}/pin")
    public ModelStatus unpin(@RestPath String name) throws ModelNotFoundException {
        return registry.unpin(name);
    }

    @ServerExceptionMapper
    public Response notFound(ModelNotFoundException e) {
        return problem(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e) {
        return problem(Response.Status.BAD_REQUEST, e.getMessage());
    }

    static Response problem(Response.Status status, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("title", status.getReasonPhrase(), "status", status.getStatusCode(), "detail", detail))
                .build();
    }
}
