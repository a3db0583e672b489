package io.streetdigits.inference.recognition;

import io.streetdigits.core.contract.ErrorCode;
import io.streetdigits.inference.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Crash-loop protection: no record can stop its partition by killing the service at every restart.
 *
 * <p>Before a batch is worked on, the coordinates of its records join those in a journal file, which always names
 * every record in flight (several batches are worked on at once); they leave it once their answers are ready. A
 * process that dies in between (killed for memory, a native crash) leaves them there, and the next start reads
 * them: a journal of one record convicts that record; the records of a longer one become suspects, each worked on
 * alone when it comes back, with no other batch in flight, so that the one that kills finds itself alone in the
 * journal at the next start. A convicted record is answered {@link ErrorCode#QUARANTINED} (with its dead letter)
 * without being worked on again, and committed past like any answered record.
 *
 * <p>The journal is local disk (in Kubernetes an emptyDir, which outlives a container's restarts): it protects the
 * instance that gets the records back after its restart, which static group membership makes the same instance.
 * Writing it costs two small file writes a batch; no fsync, since a process crash leaves the page cache intact.
 */
@ApplicationScoped
public class CrashLoopGuard {

    private static final Logger LOG = Logger.getLogger(CrashLoopGuard.class);
    /** The journal's file in its directory: one line per record in flight. */
    static final String JOURNAL = "in-flight";

    /** Where a record sits in Kafka: the identity it keeps across redeliveries. */
    record Coordinates(String topic, int partition, long offset) {

        static Coordinates of(ConsumerRecord<?, ?> record) {
            return new Coordinates(record.topic(), record.partition(), record.offset());
        }

        static Coordinates parse(String line) {
            int last = line.lastIndexOf(' ');
            int middle = line.lastIndexOf(' ', last - 1);
            return new Coordinates(line.substring(0, middle), Integer.parseInt(line.substring(middle + 1, last)),
                    Long.parseLong(line.substring(last + 1)));
        }

        String line() {
            return topic + " " + partition + " " + offset;
        }

        boolean before(ConsumerRecord<?, ?> record) {
            return topic.equals(record.topic()) && partition == record.partition() && offset < record.offset();
        }
    }

    /** What earlier crashes say of a record. */
    enum Standing {
        /** It was in a batch that was in flight when the service died: worked on alone from now on. */
        SUSPECT,
        /** It was in flight alone when the service died: answered without being worked on. */
        CONVICTED
    }

    private final RecordReader recogniser;
    private final Path journal;
    private final Path standingsFile;
    /** Guarded by this, as are the journal's files. */
    private final Map<Coordinates, Standing> standings = new LinkedHashMap<>();
    /** The records being worked on, by every batch in flight; guarded by this. */
    private final Set<Coordinates> inFlight = new LinkedHashSet<>();
    /** Batches share it; a suspect takes it alone, so that nothing else is in flight while it is read. */
    private final ReadWriteLock alone = new ReentrantReadWriteLock();

    @Inject
    public CrashLoopGuard(BatchRecogniser recogniser, InferenceConfig config) {
        this(recogniser, config.inference().crashJournalDir());
    }

    /** @param directory where the journal lives ({@code streetdigits.inference.crash-journal-dir}) */
    CrashLoopGuard(RecordReader recogniser, Path directory) {
        this.recogniser = recogniser;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the crash journal's directory " + directory
                    + " (streetdigits.inference.crash-journal-dir)", e);
        }
        this.journal = directory.resolve(JOURNAL);
        this.standingsFile = directory.resolve("standings");
        recover();
    }

    /**
     * Answers a poll's records: convicted ones refused, suspects each alone, the others together. Called by the
     * threads that work on batches at once.
     */
    public List<Answer> recognise(List<ConsumerRecord<String, byte[]>> records) {
        List<Answer> answers = new ArrayList<>(records.size());
        List<ConsumerRecord<String, byte[]>> together = new ArrayList<>(records.size());
        List<ConsumerRecord<String, byte[]>> suspects = new ArrayList<>();
        Map<Coordinates, Standing> known;
        synchronized (this) {
            forgetCommittedPast(records);
            known = Map.copyOf(standings);
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            Standing standing = known.get(Coordinates.of(record));
            if (standing == Standing.CONVICTED) {
                answers.add(recogniser.refuse(record, ErrorCode.QUARANTINED, String.format("the record at %s"
                        + " partition %d offset %d was being read alone when the inference service died; it is"
                        + " set aside without another attempt, so that it cannot stop its partition",
                        record.topic(), record.partition(), record.offset())));
            } else if (standing == Standing.SUSPECT) {
                suspects.add(record);
            } else {
                together.add(record);
            }
        }
        if (!together.isEmpty()) {
            answers.addAll(journaled(together, alone.readLock()));
        }
        for (ConsumerRecord<String, byte[]> suspect : suspects) {
            answers.addAll(journaled(List.of(suspect), alone.writeLock()));
        }
        if (!known.isEmpty()) {
            settle(records);
        }
        return answers;
    }

    /** The records' answers are out: what earlier crashes said of them no longer matters. */
    private synchronized void settle(List<ConsumerRecord<String, byte[]>> records) {
        boolean settled = false;
        for (ConsumerRecord<String, byte[]> record : records) {
            settled |= standings.remove(Coordinates.of(record)) != null;
        }
        if (settled) {
            saveStandings();
        }
    }

    private List<Answer> journaled(List<ConsumerRecord<String, byte[]>> records, Lock lock) {
        lock.lock();
        try {
            enter(records, true);
            try {
                return recogniser.recognise(records);
            } finally {
                enter(records, false);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds records to the journal, or takes them out, and writes it with every record still in flight. */
    private synchronized void enter(List<ConsumerRecord<String, byte[]>> records, boolean entering) {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (entering) {
                inFlight.add(Coordinates.of(record));
            } else {
                inFlight.remove(Coordinates.of(record));
            }
        }
        StringBuilder lines = new StringBuilder();
        inFlight.forEach(coordinates -> lines.append(coordinates.line()).append('\n'));
        write(journal, lines.toString());
    }

    /** Reads what a crash left in the journal into standings; at start-up, before any record is read. */
    private synchronized void recover() {
        read(standingsFile).forEach(line -> {
            int space = line.indexOf(' ');
            standings.put(Coordinates.parse(line.substring(space + 1)), Standing.valueOf(line.substring(0, space)));
        });
        List<Coordinates> inFlight = read(journal).stream().map(Coordinates::parse).toList();
        if (inFlight.isEmpty()) {
            return;
        }
        Standing standing = inFlight.size() == 1 ? Standing.CONVICTED : Standing.SUSPECT;
        inFlight.forEach(coordinates -> standings.put(coordinates, standing));
        LOG.warnf("The service died while reading %d record(s) (%s): %s", inFlight.size(),
                standing == Standing.CONVICTED ? "that record will be dead-lettered unread"
                        : "each will be read alone when it comes back",
                inFlight.stream().map(Coordinates::line).toList());
        saveStandings();
        write(journal, "");
    }

    /**
     * Records arrive in offset order from the committed position; one before this poll's on the same partition was
     * committed past (by this instance or another), so what was known of it no longer matters. Under this.
     */
    private void forgetCommittedPast(List<ConsumerRecord<String, byte[]>> records) {
        if (standings.isEmpty()) {
            return;
        }
        boolean forgotten = standings.keySet().removeIf(coordinates -> records.stream()
                .anyMatch(coordinates::before) && records.stream().noneMatch(
                        record -> Coordinates.of(record).equals(coordinates)));
        if (forgotten) {
            saveStandings();
        }
    }

    private void saveStandings() {
        StringBuilder lines = new StringBuilder();
        standings.forEach((coordinates, standing) -> lines.append(standing).append(' ').append(coordinates.line())
                .append('\n'));
        Path temporary = standingsFile.resolveSibling(standingsFile.getFileName() + ".new");
        write(temporary, lines.toString());
        try {
            Files.move(temporary, standingsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the crash journal's standings " + standingsFile, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the crash journal " + file, e);
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.exists(file)
                    ? Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the crash journal " + file, e);
        }
    }
}
