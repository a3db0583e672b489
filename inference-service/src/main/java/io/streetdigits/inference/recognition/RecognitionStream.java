package io.streetdigits.inference.recognition;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.RecognitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * Requests topic in, results topic out. The result message carries the request message's acknowledgement, so the
 * request's offset is committed only once Kafka has acknowledged its result (at-least-once; results are keyed by
 * request id, so a repeat is harmless downstream).
 */
@ApplicationScoped
public class RecognitionStream {

    @Inject
    Recogniser recogniser;

    @Incoming("recognition-requests")
    @Outgoing("recognition-results")
    @Blocking
    public Message<String> recognise(Message<byte[]> request) {
        IncomingKafkaRecordMetadata<?, ?> record = request.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("recognition-requests must be a Kafka channel"));
        String key = record.getKey() == null ? null : record.getKey().toString();
        RecognitionResult result = recogniser.recognise(key, request.getPayload(), record.getHeaders(),
                record.getTimestamp() == null ? -1 : record.getTimestamp().toEpochMilli());
        return request.withPayload(ContractJson.write(result))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(result.id()).build());
    }
}
