package io.streetdigits.gateway.recognition;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Puts requests on the requests topic in the public record format (image bytes as value, metadata in headers).
 * The returned Uni completes when Kafka has acknowledged the record, and fails when it could not take it.
 */
@ApplicationScoped
public class RequestPublisher {

    @Inject
    @Channel("recognition-requests")
    MutinyEmitter<byte[]> requests;

    public Uni<Void> publish(RecognitionRequest request) {
        // The topic comes from the channel's configuration; only key and headers are taken from the codec.
        ProducerRecord<String, byte[]> record = RecognitionRequestCodec.toRecord("unused", request);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key())
                .withHeaders(record.headers())
                .build();
        return requests.sendMessage(Message.of(record.value()).addMetadata(metadata));
    }
}
