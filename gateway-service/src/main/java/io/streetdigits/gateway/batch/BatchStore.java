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
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The results of batches, one file of JSON lines per batch, in this instance's batch directory. Nothing of a batch
 * is held in memory but its counters and the set of file names answered (which makes a result repeated by
 * at-least-once delivery count once). The directory is rebuilt at every start from the results and batches topics,
 * which every instance reads from the beginning, so any instance answers for any batch, after restarts too.
 */
@ApplicationScoped
public class BatchStore {

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
        private final Set<String> answered = new HashSet<>();
        private BatchManifest manifest;
        private int failed;

        Batch(Path file) {
            this.file = file;
        }
    }

    private Batch batch(String id) {
        return batches.computeIfAbsent(id, key -> new Batch(directory.resolve(key + ".ndjson")));
    }

    /** Records that a batch is accepted: from now on it has a total and a tenant. */
    public void register(BatchManifest manifest) {
        Batch batch = batch(manifest.batchId());
        synchronized (batch) {
            batch.manifest = manifest;
        }
    }

    /** Adds a result to its batch, unless that file of the batch is already answered. */
    public void append(RecognitionResult result) {
        Batch batch = batch(result.batchId());
        synchronized (batch) {
            if (!batch.answered.add(result.fileName())) {
                return;
            }
            if (!result.succeeded()) {
                batch.failed++;
            }
            try {
                Files.writeString(batch.file, ContractJson.write(result) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record a result of batch " + result.batchId(), e);
            }
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
            int done = batch.answered.size();
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
