package io.streetdigits.inference.recognition;

import io.streetdigits.core.contract.RecognitionResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What one request record gets: its result, and for a request that got no digits, the record itself to put on the
 * dead-letter topic.
 *
 * @param result     the result to publish
 * @param deadLetter the original record when the result is an error, else null
 */
record Answer(RecognitionResult result, ConsumerRecord<String, byte[]> deadLetter) {

    static Answer success(RecognitionResult result) {
        return new Answer(result, null);
    }

    static Answer failure(RecognitionResult result, ConsumerRecord<String, byte[]> record) {
        return new Answer(result, record);
    }
}
