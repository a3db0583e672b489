package io.streetdigits.inference.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetdigits.core.contract.ErrorCode;
import io.streetdigits.core.contract.RecognitionError;
import io.streetdigits.core.contract.RecognitionResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crash journal while several batches are worked on at once. */
class CrashLoopGuardTest {

    private static final String TOPIC = "recognition-requests";

    @TempDir
    Path journalDir;

    /** Answers every record, counting the reads in progress and holding each read until it is let go. */
    private static final class HeldReader implements RecordReader {
        final AtomicInteger reading = new AtomicInteger();
        final List<String> readsAndTheirCompany = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();
        volatile CountDownLatch started = new CountDownLatch(1);
        volatile CountDownLatch release = new CountDownLatch(0);

        @Override
        public List<Answer> recognise(List<ConsumerRecord<String, byte[]>> records) {
            int company = reading.incrementAndGet() - 1;
            readsAndTheirCompany.add(records.stream().map(ConsumerRecord::key).toList() + " with " + company);
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reading.decrementAndGet();
            return records.stream().map(record -> answer(record.key())).toList();
        }

        @Override
        public Answer refuse(ConsumerRecord<String, byte[]> record, ErrorCode code, String message) {
            refused.add(record.key() + " " + code);
            return answer(record.key());
        }

        private static Answer answer(String id) {
            return Answer.success(RecognitionResult.failure(id, new RecognitionError(ErrorCode.INFERENCE_FAILED,
                    "not read in this test"), Instant.now()));
        }
    }

    @Test
    void theJournalNamesEveryRecordInFlightWhileBatchesAreWorkedOnAtOnce() throws Exception {
        HeldReader reader = new HeldReader();
        CrashLoopGuard guard = new CrashLoopGuard(reader, journalDir);
        reader.release = new CountDownLatch(1);
        reader.started = new CountDownLatch(2);

        CompletableFuture<List<Answer>> first = CompletableFuture.supplyAsync(() -> guard.recognise(
                List.of(record(0, 10, "a"), record(0, 11, "b"))));
        CompletableFuture<List<Answer>> second = CompletableFuture.supplyAsync(() -> guard.recognise(
                List.of(record(1, 20, "c"))));
        assertThat(reader.started.await(10, TimeUnit.SECONDS)).as("both batches are read at once").isTrue();

        assertThat(Files.readAllLines(journalDir.resolve(CrashLoopGuard.JOURNAL))).containsExactlyInAnyOrder(
                TOPIC + " 0 10", TOPIC + " 0 11", TOPIC + " 1 20");
        reader.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).hasSize(2);
        assertThat(second.get(10, TimeUnit.SECONDS)).hasSize(1);
        assertThat(Files.readAllLines(journalDir.resolve(CrashLoopGuard.JOURNAL))).isEmpty();
    }

    @Test
    void aSuspectIsReadWithNothingElseInFlightSoThatTheNextCrashConvictsIt() throws Exception {
        // Two records were in flight when the service died: each is a suspect.
        Files.write(journalDir.resolve(CrashLoopGuard.JOURNAL), List.of(TOPIC + " 0 10", TOPIC + " 1 20"));
        HeldReader reader = new HeldReader();
        CrashLoopGuard guard = new CrashLoopGuard(reader, journalDir);
        reader.release = new CountDownLatch(1);

        CompletableFuture<List<Answer>> other = CompletableFuture.supplyAsync(() -> guard.recognise(
                List.of(record(2, 5, "other"))));
        assertThat(reader.started.await(10, TimeUnit.SECONDS)).isTrue();
        reader.started = new CountDownLatch(1);
        CompletableFuture<List<Answer>> suspect = CompletableFuture.supplyAsync(() -> guard.recognise(
                List.of(record(0, 10, "suspect"), record(0, 11, "innocent"))));
        assertThat(reader.started.await(10, TimeUnit.SECONDS)).as("the innocent record is read at once").isTrue();
        Thread.sleep(200); // time for the suspect's read to start, were it not held back
        assertThat(reader.readsAndTheirCompany).containsExactly("[other] with 0", "[innocent] with 1");
        reader.release.countDown();
        suspect.get(10, TimeUnit.SECONDS);
        other.get(10, TimeUnit.SECONDS);

        assertThat(reader.readsAndTheirCompany).containsExactly("[other] with 0", "[innocent] with 1",
                "[suspect] with 0");
        assertThat(reader.refused).isEmpty();
    }

    @Test
    void aRecordInFlightAloneWhenTheServiceDiedIsRefusedUnread() throws Exception {
        Files.write(journalDir.resolve(CrashLoopGuard.JOURNAL), List.of(TOPIC + " 0 10"));
        HeldReader reader = new HeldReader();
        CrashLoopGuard guard = new CrashLoopGuard(reader, journalDir);

        assertThat(guard.recognise(List.of(record(0, 10, "poison"), record(0, 11, "next")))).hasSize(2);

        assertThat(reader.refused).containsExactly("poison QUARANTINED");
        assertThat(reader.readsAndTheirCompany).containsExactly("[next] with 0");
    }

    private static ConsumerRecord<String, byte[]> record(int partition, long offset, String key) {
        return new ConsumerRecord<>(TOPIC, partition, offset, key, new byte[] {1});
    }
}
