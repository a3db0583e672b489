package io.streetdigits.inference.recognition;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.DeadLetterHeaders;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.inference.InferenceConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Requests topic in (one poll is one batch), results topic out, dead letters aside. A poll's offsets are committed
 * only after Kafka has acknowledged every result (and dead letter) of it: at-least-once, and results carry the
 * request id, so a repeat after a crash is harmless downstream. If Kafka refuses a result, the batch is nacked and
 * the channel fails (health goes down) rather than skip it.
 *
 * <p>Up to {@code batch.concurrency} polls are worked on at once, each on a worker thread of its own: while one
 * batch's models run, the next is decoded. Another poll is taken only when a worker takes one up, so what waits
 * stays in Kafka (the connector pauses the partitions when its own small queue is full). Results of batches worked
 * on at once may leave in either order; the offsets are committed in order all the same.
 */
@ApplicationScoped
public class RecognitionStream {

    private final CrashLoopGuard recogniser;
    private final InferenceMetrics metrics;
    private final ExecutorService workers;

    @Inject
    @Channel("recognition-results")
    MutinyEmitter<String> results;

    @Inject
    @Channel("recognition-dead-letters")
    MutinyEmitter<byte[]> deadLetters;

    @Inject
    public RecognitionStream(CrashLoopGuard recogniser, InferenceMetrics metrics, InferenceConfig config) {
        this.recogniser = recogniser;
        this.metrics = metrics;
        int concurrency = config.inference().batch().concurrency();
        if (concurrency < 1) {
            throw new IllegalArgumentException("streetdigits.inference.batch.concurrency is " + concurrency
                    + "; at least 1 batch must be worked on at a time");
        }
        AtomicInteger started = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrency, work -> {
            Thread thread = new Thread(work, "recognition-worker-" + started.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Hands a poll to the workers, on the connector's own thread: nothing here blocks. The returned stage completes
     * when a worker takes the poll up, and only then does the connector deliver the next one: so at most one poll
     * waits for a worker, and the rest stays in Kafka.
     */
    @Incoming("recognition-requests")
    public CompletionStage<Void> recognise(Message<ConsumerRecords<String, byte[]>> polled) {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(polled.getPayload().count());
        polled.getPayload().forEach(batch::add);
        if (batch.isEmpty()) {
            return polled.ack();
        }
        CompletableFuture<Void> takenUp = new CompletableFuture<>();
        try {
            workers.execute(() -> {
                takenUp.complete(null);
                try {
                    work(polled, batch);
                } catch (RuntimeException | Error e) {
                    polled.nack(e);
                }
            });
        } catch (RejectedExecutionException e) { // shutting down: the poll is read again after the restart
            return polled.nack(e);
        }
        return takenUp;
    }

    @PreDestroy
    void stop() {
        workers.shutdown();
    }

    private void work(Message<ConsumerRecords<String, byte[]>> polled, List<ConsumerRecord<String, byte[]>> batch) {
        List<Answer> answers = recogniser.recognise(batch);
        long recognised = System.nanoTime();
        List<Uni<Void>> sends = new ArrayList<>();
        for (Answer answer : answers) {
            sends.add(publish(answer.result()));
            if (answer.deadLetter() != null) {
                sends.add(deadLetter(answer.deadLetter(), answer.result()));
            }
        }
        long handedOver = System.nanoTime();
        metrics.stage(InferenceMetrics.Stage.RESULTS, handedOver - recognised);
        // Acknowledged (and so committed) once Kafka has every result; meanwhile this worker already reads the next
        // batch, so publishing overlaps with work instead of adding to it.
        Uni.join().all(sends).andFailFast().subscribe().with(
                done -> {
                    metrics.stage(InferenceMetrics.Stage.PUBLISH, System.nanoTime() - handedOver);
                    polled.ack();
                },
                failure -> polled.nack(failure));
    }

    private Uni<Void> publish(RecognitionResult result) {
        return results.sendMessage(Message.of(ContractJson.write(result))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(result.id()).build()));
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, RecognitionResult result) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        header(headers, DeadLetterHeaders.CODE, result.error().code().name());
        header(headers, DeadLetterHeaders.REASON, result.error().message());
        header(headers, DeadLetterHeaders.TOPIC, record.topic());
        header(headers, DeadLetterHeaders.PARTITION, Integer.toString(record.partition()));
        header(headers, DeadLetterHeaders.OFFSET, Long.toString(record.offset()));
        byte[] value = record.value() == null ? new byte[0] : record.value();
        return deadLetters.sendMessage(Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key() == null ? result.id() : record.key()).withHeaders(headers).build()));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
