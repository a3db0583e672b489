package io.streetdigits.gateway;

import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.contract.PositionPrediction;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Timings;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.kafka.broker.KafkaBrokerTestResource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The tests' stand-in for the inference service on the real broker: it answers request records with result
 * records in the contract's format. (The end-to-end tests run the real inference service.)
 */
final class InferenceSide implements AutoCloseable {

    private final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerTestResource.bootstrapServers()),
            new StringSerializer(), new StringSerializer());

    /** Answers a request record as the inference service would, with the given digits. */
    void answer(ConsumerRecord<String, byte[]> record, String digits) throws Exception {
        RecognitionRequest request = RecognitionRequestCodec.fromRecord(record.key(), record.value(),
                record.headers(), record.timestamp());
        RecognitionResult result = RecognitionResult.success(request, new DigitReading(digits, 0.9,
                        List.of(new PositionPrediction(0, digits.charAt(0) - '0', 0.9))),
                "digit-cnn", List.of(new ModelRef("digit-cnn", 1)), new Timings(1, 1, 1, 3), Instant.now());
        producer.send(new ProducerRecord<>(Topics.RECOGNITION_RESULTS, request.id(), ContractJson.write(result)))
                .get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
