package io.streetdigits.gateway.batch;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.streetdigits.core.contract.BatchManifest;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.gateway.GatewayConfig;
import io.streetdigits.gateway.problem.ApiProblem;
import io.streetdigits.gateway.recognition.RequestPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Accepts a batch: validates the whole upload, puts its images on the requests topic one after another, at most
 * {@link #WINDOW} waiting for Kafka's acknowledgement (never all in memory), and once Kafka holds every one of
 * them, writes the batch's manifest. Only then is the batch accepted; an upload that fails before is answered with
 * an error and has no manifest.
 */
@ApplicationScoped
public class BatchUploads {

    private static final Logger LOG = Logger.getLogger(BatchUploads.class);
    /** Requests sent ahead of Kafka's acknowledgements; bounds the memory an upload holds. */
    private static final int WINDOW = 128;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);

    private final GatewayConfig config;
    private final RequestPublisher publisher;
    private final BatchStore store;
    private final MutinyEmitter<String> manifests;
    private final Semaphore uploads;

    @Inject
    public BatchUploads(GatewayConfig config, RequestPublisher publisher, BatchStore store,
            @Channel("batch-manifests") MutinyEmitter<String> manifests) {
        this.config = config;
        this.publisher = publisher;
        this.store = store;
        this.manifests = manifests;
        this.uploads = new Semaphore(config.gateway().batch().maxConcurrentUploads());
    }

    /** Blocks until the batch is on Kafka; call from a worker thread. */
    public BatchManifest accept(List<FileUpload> parts, String model, String tenant) {
        if (!uploads.tryAcquire()) {
            throw new ApiProblem(Response.Status.TOO_MANY_REQUESTS, "too-many-uploads", String.format(
                    "%d batch uploads are running, the most this gateway takes at once; retry shortly",
                    config.gateway().batch().maxConcurrentUploads()));
        }
        try {
            List<BatchEntry> entries = new UploadValidator(config.gateway().batch(), config.image().maxBytes())
                    .validate(parts);
            String batchId = UUID.randomUUID().toString();
            publish(batchId, entries, model, tenant);
            BatchManifest manifest = BatchManifest.indexed(batchId, tenant, entries.size(), model, Instant.now());
            manifests.sendMessage(Message.of(ContractJson.write(manifest)).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(batchId).build()))
                    .await().atMost(ACK_TIMEOUT);
            store.register(manifest);
            LOG.infof("Accepted batch %s of %d images for tenant %s", batchId, entries.size(), tenant);
            return manifest;
        } catch (ApiProblem e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ApiProblem(Response.Status.SERVICE_UNAVAILABLE, "kafka-unavailable",
                    "the batch was not accepted because Kafka did not take it: " + e.getMessage()
                            + "; retry the whole upload", e);
        } finally {
            uploads.release();
        }
    }

    private void publish(String batchId, List<BatchEntry> entries, String model, String tenant) {
        // A sliding window: the next image goes out as soon as any of those in flight is acknowledged.
        Semaphore window = new Semaphore(WINDOW);
        AtomicReference<Throwable> refused = new AtomicReference<>();
        try (UploadedImages images = new UploadedImages()) {
            for (int index = 0; index < entries.size(); index++) {
                acquire(window, 1);
                throwIfRefused(refused);
                BatchEntry entry = entries.get(index);
                byte[] image;
                try {
                    image = images.read(entry, config.image().maxBytes());
                } catch (IOException e) {
                    throw new ApiProblem(Response.Status.BAD_REQUEST, "unreadable-image", "image " + entry.fileName()
                            + " of the batch cannot be read: " + e.getMessage(), e);
                }
                // The i-th image is request <batchId>.<i>: the manifest accepts exactly these ids.
                publisher.publish(new RecognitionRequest(BatchManifest.requestId(batchId, index), image,
                        entry.contentType(), Instant.now(), model, batchId, entry.fileName(), tenant))
                        .subscribe().with(done -> window.release(), failure -> {
                            refused.compareAndSet(null, failure);
                            window.release();
                        });
            }
            acquire(window, WINDOW);
            throwIfRefused(refused);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the upload's zip files", e);
        }
    }

    /** Waits for room in the window (or, with all of it, for every image in flight), as long as Kafka may take. */
    private static void acquire(Semaphore window, int permits) {
        try {
            if (!window.tryAcquire(permits, ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Kafka did not acknowledge the batch's images within " + ACK_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the batch's images went to Kafka", e);
        }
    }

    private static void throwIfRefused(AtomicReference<Throwable> refused) {
        Throwable failure = refused.get();
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
    }
}
