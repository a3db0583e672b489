package io.streetdigits.gateway.batch;

import io.streetdigits.core.contract.BatchManifest;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.gateway.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The results of batches, one file of JSON lines per batch, in this instance's batch directory. Nothing of a batch
 * is held in memory but its counters and which of its images are answered (a bit per image; which makes a result
 * repeated by at-least-once delivery count once). A batch counts only the request ids its manifest accepted
 * ({@link BatchManifest#indexOf}), each once: a record produced straight onto the requests topic with a batch's id
 * but another request id is not part of it. Results that arrive before their batch's manifest (results and
 * manifests are separate topics) wait in a file of their own and are counted when the manifest arrives. The
 * directory is rebuilt at every start from the results and batches topics, which every instance reads from the
 * beginning, so any instance answers for any batch, after restarts too.
 */
@ApplicationScoped
public class BatchStore {

    private static final Logger LOG = Logger.getLogger(BatchStore.class);

    static final String PATH = "/api/v1/batches";

    private final Path directory;
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();

    @Inject
    public BatchStore(GatewayConfig config) {
        try {
            directory = config.gateway().batch().dir().isPresent()
                    ? Files.createDirectories(config.gateway().batch().dir().get())
                    : Files.createTempDirectory("streetdigits-batches-");
            // Rebuilt from Kafka: what an earlier run left here would be counted twice.
            deleteContents(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the batch directory", e);
        }
    }

    /** One batch's state; all access under its monitor. */
    private static final class Batch {
        private final Path file;
        /** Results that came before the manifest, not yet counted. */
        private final Path early;
        /** The indexes answered, for a manifest with indexed ids. */
        private final BitSet answered = new BitSet();
        /** The file names answered, for an older gateway's manifest. */
        private final Set<String> answeredNames = new HashSet<>();
        private BatchManifest manifest;
        private int done;
        private int failed;

        Batch(Path file, Path early) {
            this.file = file;
            this.early = early;
        }
    }

    private Batch batch(String id) {
        return batches.computeIfAbsent(id, key -> new Batch(directory.resolve(key + ".ndjson"),
                directory.resolve(key + ".early.ndjson")));
    }

    /**
     * Records that a batch is accepted: from now on it has a total and a tenant, and the results that came before
     * it are counted (those of its request ids).
     */
    public void register(BatchManifest manifest) {
        Batch batch = batch(manifest.batchId());
        synchronized (batch) {
            if (batch.manifest != null) {
                return; // a manifest read again (the gateway that wrote it registers it before reading it back)
            }
            batch.manifest = manifest;
            if (!Files.exists(batch.early)) {
                return;
            }
            try (Stream<String> lines = Files.lines(batch.early, StandardCharsets.UTF_8)) {
                lines.filter(line -> !line.isBlank())
                        .forEach(line -> count(batch, ContractJson.read(line, RecognitionResult.class)));
                Files.delete(batch.early);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot count the early results of batch " + manifest.batchId(), e);
            }
        }
    }

    /**
     * Adds a result to its batch when it is one of the batch's request ids and not answered yet; keeps it for
     * later when the batch's manifest has not arrived.
     */
    public void append(RecognitionResult result) {
        Batch batch = batch(result.batchId());
        synchronized (batch) {
            if (batch.manifest == null) {
                write(batch.early, result);
            } else {
                count(batch, result);
            }
        }
    }

    /** Counts a result into a batch whose manifest is known; under the batch's monitor. */
    private void count(Batch batch, RecognitionResult result) {
        BatchManifest manifest = batch.manifest;
        if (manifest.indexedIds()) {
            int index = manifest.indexOf(result.id());
            if (index < 0 || !Objects.equals(result.tenant(), manifest.tenant())) {
                LOG.debugf("Result %s names batch %s but is not one of its %d requests; not counted", result.id(),
                        manifest.batchId(), manifest.total());
                return;
            }
            if (batch.answered.get(index)) {
                return;
            }
            batch.answered.set(index);
        } else if (result.fileName() == null || !batch.answeredNames.add(result.fileName())) {
            return;
        }
        batch.done++;
        if (!result.succeeded()) {
            batch.failed++;
        }
        write(batch.file, result);
    }

    private static void write(Path file, RecognitionResult result) {
        try {
            Files.writeString(file, ContractJson.write(result) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a result of batch " + result.batchId(), e);
        }
    }

    /** The batch's status and owner, when it is accepted. */
    public Optional<Owned<BatchStatus>> status(String id) {
        Batch batch = batches.get(id);
        if (batch == null) {
            return Optional.empty();
        }
        synchronized (batch) {
            BatchManifest manifest = batch.manifest;
            if (manifest == null) {
                return Optional.empty();
            }
            int done = batch.done;
            boolean complete = done >= manifest.total();
            return Optional.of(new Owned<>(manifest.tenant(), new BatchStatus(id, complete ? "COMPLETE" : "RUNNING",
                    manifest.total(), done, batch.failed, manifest.acceptedAt(), PATH + "/" + id + "/results",
                    complete ? PATH + "/" + id + "/submission.csv" : null)));
        }
    }

    /** A value and the tenant it belongs to. */
    public record Owned<T>(String tenant, T value) {
    }

    /** Result lines written after byte {@code offset}, whole lines only, and the offset to read from next. */
    public Chunk read(String id, long offset) {
        Batch batch = batches.get(id);
        if (batch == null || !Files.exists(batch.file)) {
            return new Chunk(List.of(), offset);
        }
        try (RandomAccessFile file = new RandomAccessFile(batch.file.toFile(), "r")) {
            long length = file.length();
            if (length <= offset) {
                return new Chunk(List.of(), offset);
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 4 * 1024 * 1024)];
            file.seek(offset);
            file.readFully(bytes);
            int end = lastNewline(bytes);
            if (end < 0) {
                return new Chunk(List.of(), offset);
            }
            String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
            return new Chunk(text.lines().toList(), offset + end + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the results of batch " + id, e);
        }
    }

    /** Result lines and where the next read starts. */
    public record Chunk(List<String> lines, long nextOffset) {
    }

    /** File name to digits (empty for an image answered with an error), sorted by file name. */
    public Map<String, String> codes(String id) {
        Map<String, String> codes = new TreeMap<>();
        long offset = 0;
        while (true) {
            Chunk chunk = read(id, offset);
            if (chunk.lines().isEmpty()) {
                return codes;
            }
            for (String line : chunk.lines()) {
                RecognitionResult result = ContractJson.read(line, RecognitionResult.class);
                codes.put(result.fileName(), result.succeeded() ? result.digits() : "");
            }
            offset = chunk.nextOffset();
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    void onStop(@Observes ShutdownEvent event) throws IOException {
        deleteContents(directory);
    }

    private static void deleteContents(Path directory) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.filter(p -> !p.equals(directory)).sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
