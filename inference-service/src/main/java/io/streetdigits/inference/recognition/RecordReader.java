package io.streetdigits.inference.recognition;

import io.streetdigits.core.contract.ErrorCode;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Answers request records: what the crash-loop guard runs between its journal's writes ({@link BatchRecogniser}). */
interface RecordReader {

    /** Answers, in the order of the records; never throws for a record's fault. */
    List<Answer> recognise(List<ConsumerRecord<String, byte[]>> records);

    /** An error answer for a record that is not to be read at all. */
    Answer refuse(ConsumerRecord<String, byte[]> record, ErrorCode code, String message);
}
