package io.streetdigits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.contract.PositionPrediction;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecognizeCommandTest {

    private static final RecognitionRequest REQUEST = new RecognitionRequest("req-1", new byte[] {1}, "image/png",
            Instant.parse("2026-11-29T18:00:00Z"), null, null, "000001.png");
    private static final DigitReading READING = new DigitReading("19", 0.81, List.of(
            new PositionPrediction(0, 1, 0.9), new PositionPrediction(1, 9, 0.9)));

    @Test
    void aReadingNamesItsPipelineAndEveryModelVersionThatRan() {
        RecognitionResult result = RecognitionResult.success(REQUEST, READING, "house-number",
                List.of(new ModelRef("digit-detector", 1), new ModelRef("character-reader", 8)), null,
                Instant.parse("2026-11-29T18:00:01Z"));

        assertThat(RecognizeCommand.readBy(result)).isEqualTo("house-number [digit-detector/1, character-reader/8]");
    }

    @Test
    void aResultFromAGatewayOlderThanPipelinesNamesItsOneModel() {
        RecognitionResult result = ContractJson.read("{\"id\":\"a\",\"digits\":\"7\",\"model\":{\"name\":"
                + "\"digit-cnn\",\"version\":2},\"completedAt\":\"2026-11-29T18:00:01Z\"}", RecognitionResult.class);

        assertThat(RecognizeCommand.readBy(result)).isEqualTo("digit-cnn/2");
    }
}
