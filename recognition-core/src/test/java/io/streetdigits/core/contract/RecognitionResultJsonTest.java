package io.streetdigits.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecognitionResultJsonTest {

    private static final RecognitionRequest REQUEST = new RecognitionRequest("req-1", new byte[] {1}, "image/png",
            Instant.parse("2026-11-29T18:00:00Z"), null, "b1", "000001.png");

    @Test
    void successRoundTripsThroughJson() {
        DigitReading reading = new DigitReading("19", 0.81, List.of(
                new PositionPrediction(0, 1, 0.9), new PositionPrediction(1, 9, 0.9), new PositionPrediction(2, null,
                        1.0)));
        RecognitionResult result = RecognitionResult.success(REQUEST, reading, new ModelRef("digit-cnn", 2),
                new Timings(1.5, 0.3, 1.1, 3.0), Instant.parse("2026-11-29T18:00:01Z"));

        String json = ContractJson.write(result);
        RecognitionResult read = ContractJson.read(json, RecognitionResult.class);

        assertThat(read).isEqualTo(result);
        assertThat(json).contains("\"digits\":\"19\"", "\"completedAt\":\"2026-11-29T18:00:01Z\"")
                .doesNotContain("\"error\"");
    }

    @Test
    void failureRoundTripsThroughJsonWithoutDigits() {
        RecognitionResult result = RecognitionResult.failure(REQUEST,
                new RecognitionError(ErrorCode.IMAGE_UNDECODABLE, "image req-1 cannot be decoded"), null,
                Instant.parse("2026-11-29T18:00:01Z"));

        String json = ContractJson.write(result);

        assertThat(ContractJson.read(json, RecognitionResult.class)).isEqualTo(result);
        assertThat(json).contains("\"code\":\"IMAGE_UNDECODABLE\"").doesNotContain("\"digits\"");
    }

    @Test
    void resultMustCarryDigitsOrAnErrorButNotBoth() {
        assertThatThrownBy(() -> new RecognitionResult("x", null, null, List.of(), null, null, null, null, null, null, null,
                Instant.now())).hasMessageContaining("either digits or an error");
    }

    @Test
    void unknownFieldsFromNewerProducersAreIgnored() {
        String json = "{\"id\":\"a\",\"digits\":\"7\",\"completedAt\":\"2026-11-29T18:00:01Z\",\"newField\":1}";

        assertThat(ContractJson.read(json, RecognitionResult.class).digits()).isEqualTo("7");
    }
}
