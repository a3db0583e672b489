package io.streetdigits.trainer.jobs;

import io.smallrye.mutiny.Multi;
import io.streetdigits.core.contract.TrainingJobEvent;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Training as a service. {@code POST /api/v1/training/jobs} with the train command's options as a JSON object
 * ({@code {"architecture": "resnet18", "epochs": 10}}) queues a job; {@code GET} lists jobs or shows one; {@code
 * GET .../events} follows one as server-sent events until it ends; {@code DELETE} cancels it.
 */
@Path("/api/v1/training/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class TrainingJobResource {

    @Inject
    TrainingJobs jobs;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(Map<String, Object> options) {
        if (options == null) {
            throw new IllegalArgumentException("the body must be a JSON object of training options, e.g."
                    + " {\"architecture\": \"lenet5\", \"epochs\": 10}");
        }
        Map<String, String> values = new LinkedHashMap<>();
        options.forEach((name, value) -> {
            if (value == null || value instanceof Map || value instanceof List) {
                throw new IllegalArgumentException("option '" + name + "' must be a string, number or boolean");
            }
            values.put(name, value.toString());
        });
        TrainingJobEvent job = jobs.start(values);
        return Response.accepted(job).location(URI.create("/api/v1/training/jobs/" + job.jobId())).build();
    }

    @GET
    public List<TrainingJobEvent> list() {
        return jobs.list();
    }

    @GET
    @Path("{id}")
    public TrainingJobEvent status(@RestPath String id) {
        return jobs.status(id).orElseThrow(() -> unknown(id));
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<TrainingJobEvent> events(@RestPath String id) {
        TrainingJob job = jobs.job(id).orElseThrow(() -> unknown(id));
        return Multi.createFrom().<TrainingJobEvent>emitter(job::follow);
    }

    @DELETE
    @Path("{id}")
    public TrainingJobEvent cancel(@RestPath String id) {
        return jobs.cancel(id).orElseThrow(() -> unknown(id));
    }

    private static UnknownJobException unknown(String id) {
        return new UnknownJobException("no training job with id '" + id + "'");
    }

    /** A job id this trainer does not know. */
    static final class UnknownJobException extends RuntimeException {
        UnknownJobException(String message) {
            super(message);
        }
    }

    /** An error body clients can show as it is: {@code {"status": 400, "detail": "..."}}. */
    public record Problem(int status, String detail) {
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e) {
        return problem(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknownJob(UnknownJobException e) {
        return problem(Response.Status.NOT_FOUND, e.getMessage());
    }

    private static Response problem(Response.Status status, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new Problem(status.getStatusCode(), detail)).build();
    }
}
