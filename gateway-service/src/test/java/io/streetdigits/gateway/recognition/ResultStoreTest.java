package io.streetdigits.gateway.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetdigits.core.contract.RecognitionResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultStoreTest {

    /**
     * A gateway restarted on a long results topic accepts requests while it still reads the topic's history; found
     * when `./streetdigits recognize` lost its first 8 images to HTTP 404 on a topic of about 200,000 results.
     */
    @Test
    void historyReadAfterAnIdWasAcceptedDoesNotPushTheIdOut() {
        ResultStore store = new ResultStore(3);
        store.register("new", "dev");

        for (int i = 0; i < 10; i++) {
            store.complete(result("old-" + i));
        }

        assertThat(store.find("new")).hasValueSatisfying(entry -> assertThat(entry.result()).isNotDone());
        assertThat(store.pending()).isEqualTo(1);
        store.complete(result("new"));
        assertThat(store.find("new")).hasValueSatisfying(entry ->
                assertThat(entry.result().getNow(null).digits()).isEqualTo("42"));
        assertThat(store.pending()).isZero();
    }

    @Test
    void beyondItsCapacityTheOldestResultsAreForgotten() {
        ResultStore store = new ResultStore(3);
        for (int i = 0; i < 5; i++) {
            store.complete(result("id-" + i));
        }

        assertThat(store.find("id-0")).isEmpty();
        assertThat(store.find("id-1")).isEmpty();
        assertThat(store.find("id-4")).isPresent();
    }

    @Test
    void anIdWhoseRequestNeverReachedKafkaIsForgotten() {
        ResultStore store = new ResultStore(3);
        store.register("lost", "dev");

        store.forget("lost");

        assertThat(store.find("lost")).isEmpty();
        assertThat(store.pending()).isZero();
    }

    private static RecognitionResult result(String id) {
        return new RecognitionResult(id, "42", 0.9, List.of(), null, null, List.of(), null, null, null, null,
                "dev", Instant.EPOCH);
    }
}
