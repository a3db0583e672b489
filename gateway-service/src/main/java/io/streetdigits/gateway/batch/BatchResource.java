package io.streetdigits.gateway.batch;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.streetdigits.core.contract.BatchManifest;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.gateway.health.KafkaState;
import io.streetdigits.gateway.models.ModelCatalog;
import io.streetdigits.core.tianchi.SubmissionCsv;
import io.streetdigits.gateway.OpenApiDocument;
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
import jakarta.ws.rs.core.StreamingOutput;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.common.util.RestMediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Batches: upload a zip or many image files, follow progress, stream results as they come (SSE or NDJSON), and
 * download the competition CSV when every image is answered.
 */
@Path(BatchStore.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class BatchResource {

    private static final Duration POLL = Duration.ofMillis(250);

    @Inject
    BatchUploads uploads;

    @Inject
    BatchStore store;

    @Inject
    Caller caller;

    @Inject
    ModelCatalog catalog;

    @Inject
    KafkaState kafka;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @APIResponse(responseCode = "202", description = "every image is on Kafka; follow the batch at Location",
            headers = @Header(name = "Location", description = "where to GET the batch's status",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BatchStatus.class)))
    @APIResponse(responseCode = "400", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "413", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "415", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "429", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "503", ref = OpenApiDocument.PROBLEM)
    public Response upload(@RestForm(FileUpload.ALL) List<FileUpload> parts, @RestQuery String model) {
        catalog.requireServed(model);
        BatchManifest manifest = uploads.accept(parts == null ? List.of() : parts, model, caller.tenant());
        // The uploader owns the batch it just created; its status is read without asking the request-scoped caller
        // again, which after a long wait on Kafka (a broker restart) was seen to come back empty.
        BatchStatus status = store.status(manifest.batchId()).orElseThrow().value();
        return Response.accepted(status).location(URI.create(BatchStore.PATH + "/" + manifest.batchId())).build();
    }

    @GET
    @Path("{id}")
    @APIResponse(responseCode = "200", description = "where the batch stands",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BatchStatus.class)))
    @APIResponse(responseCode = "404", ref = OpenApiDocument.PROBLEM)
    public BatchStatus status(@RestPath String id) {
        BatchStatus status = store.status(id).filter(owned -> caller.mayRead(owned.tenant()))
                .map(BatchStore.Owned::value).orElse(null);
        // While this instance is still reading the batches and results topics, a batch it does not know, or does not
        // know complete, may be one whose records it has not read yet: 503 with Retry-After, not 404 or RUNNING.
        if ((status == null || !status.complete()) && !kafka.caughtUp()) {
            throw KafkaState.notCaughtUp("batch '" + id + "' or all of its results");
        }
        if (status == null) {
            throw new ApiProblem(Response.Status.NOT_FOUND, "unknown-batch",
                    "no batch with id '" + id + "' is known to tenant " + caller.tenant());
        }
        return status;
    }

    // Both streams are one operation in the OpenAPI document, whose response is declared here.
    @GET
    @Path("{id}/results")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "each result so far, then each as it comes, until the batch"
            + " is complete", content = {
                @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                        schema = @Schema(implementation = RecognitionResult.class)),
                @Content(mediaType = RestMediaType.APPLICATION_NDJSON,
                        schema = @Schema(implementation = RecognitionResult.class))})
    @APIResponse(responseCode = "404", ref = OpenApiDocument.PROBLEM)
    public Multi<RecognitionResult> resultsAsEvents(@RestPath String id) {
        return follow(id);
    }

    @GET
    @Path("{id}/results")
    @Produces(RestMediaType.APPLICATION_NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<RecognitionResult> resultsAsLines(@RestPath String id) {
        return follow(id);
    }

    @GET
    @Path("{id}/submission.csv")
    @Produces("text/csv")
    @APIResponse(responseCode = "200", description = "the competition's CSV: file_name,file_code",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", ref = OpenApiDocument.PROBLEM)
    @APIResponse(responseCode = "409", ref = OpenApiDocument.PROBLEM)
    public Response submission(@RestPath String id, @RestQuery boolean partial) {
        BatchStatus status = status(id);
        if (!status.complete() && !partial) {
            throw new ApiProblem(Response.Status.CONFLICT, "batch-running", String.format("batch %s has %d of %d"
                    + " results; the CSV is ready when all are in (or ask for ?partial=true)", id, status.done(),
                    status.total()));
        }
        Map<String, String> codes = store.codes(id);
        StreamingOutput csv = output -> {
            Writer writer = new OutputStreamWriter(output, StandardCharsets.UTF_8);
            SubmissionCsv.write(writer, codes);
            writer.flush();
        };
        return Response.ok(csv).header("Content-Disposition", "attachment; filename=\"" + id + ".csv\"").build();
    }

    /** Every result line so far, then new ones as they arrive, until the batch is complete. */
    private Multi<RecognitionResult> follow(String id) {
        status(id); // 404 for unknown or foreign batches, before the stream starts
        return Multi.createFrom().emitter(emitter -> {
            AtomicLong offset = new AtomicLong();
            AtomicReference<ScheduledFuture<?>> poller = new AtomicReference<>();
            Runnable poll = () -> {
                try {
                    // Read "complete" first: once it is true, everything is already in the file.
                    boolean complete = store.status(id).map(s -> s.value().complete()).orElse(true);
                    BatchStore.Chunk chunk;
                    do {
                        chunk = store.read(id, offset.get());
                        chunk.lines().forEach(line -> emitter.emit(ContractJson.read(line, RecognitionResult.class)));
                        offset.set(chunk.nextOffset());
                    } while (!chunk.lines().isEmpty());
                    if (complete) {
                        emitter.complete();
                    }
                } catch (RuntimeException e) {
                    emitter.fail(e);
                }
            };
            poller.set(Infrastructure.getDefaultWorkerPool().scheduleWithFixedDelay(poll, 0, POLL.toMillis(),
                    TimeUnit.MILLISECONDS));
            emitter.onTermination(() -> poller.get().cancel(false));
        });
    }
}
