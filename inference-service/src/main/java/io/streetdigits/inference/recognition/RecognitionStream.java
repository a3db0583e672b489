package io.streetdigits.inference.recognition;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.DeadLetterHeaders;
import io.streetdigits.core.contract.RecognitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 */
@ApplicationScoped
public class RecognitionStream {

    @Inject
    CrashLoopGuard recogniser;

    @Inject
    InferenceMetrics metrics;

    @Inject
    @Channel("recognition-results")
    MutinyEmitter<String> results;

    @Inject
    @Channel("recognition-dead-letters")
    MutinyEmitter<byte[]> deadLetters;

    @Incoming("recognition-requests")
    @Blocking
    public CompletionStage<Void> recognise(Message<ConsumerRecords<String, byte[]>> polled) {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(polled.getPayload().count());
        polled.getPayload().forEach(batch::add);
        if (batch.isEmpty()) {
            return polled.ack();
        }
        long start = System.nanoTime();
        List<Answer> answers = recogniser.recognise(batch);
        long recognised = System.nanoTime();
        List<Uni<Void>> sends = new ArrayList<>();
        for (Answer answer : answers) {
            sends.add(publish(answer.result()));
            if (answer.deadLetter() != null) {
                sends.add(deadLetter(answer.deadLetter(), answer.result()));
            }
        }
        // Acknowledged (and so committed) once Kafka has every result; meanwhile the next batch is already being
        // recognised, so publishing overlaps with work instead of adding to it.
        Uni.join().all(sends).andFailFast().subscribe().with(
                done -> {
                    metrics.batchHandled(recognised - start, System.nanoTime() - recognised);
                    polled.ack();
                },
                failure -> polled.nack(failure));
        return CompletableFuture.completedFuture(null);
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
