package io.streetdigits.gateway.recognition;

import io.smallrye.mutiny.Uni;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.gateway.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What this gateway knows about single recognitions: ids it accepted (pending until their result arrives) and every
 * result seen on the results topic, whoever submitted it; the topic is read from its start, so a restarted or a
 * second instance knows them too. Bounded: past the configured capacity the oldest entries are forgotten.
 * Batch results are kept by the batch store instead.
 */
@ApplicationScoped
public class ResultStore {

    /** An id's owner and its result, when there is one. */
    public record Entry(String tenant, CompletableFuture<RecognitionResult> result) {
    }

    private final Map<String, Entry> entries;
    private int pending;

    @Inject
    public ResultStore(GatewayConfig config) {
        int capacity = config.gateway().resultCapacity();
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                boolean evict = size() > capacity;
                if (evict && !eldest.getValue().result().isDone()) {
                    pending--;
                }
                return evict;
            }
        };
    }

    /** Marks an id as accepted and pending; call before the request is sent, so no result can be missed. */
    public synchronized void register(String id, String tenant) {
        if (entries.putIfAbsent(id, new Entry(tenant, new CompletableFuture<>())) == null) {
            pending++;
        }
    }

    /** Forgets an id whose request never reached Kafka. */
    public synchronized void forget(String id) {
        Entry entry = entries.get(id);
        if (entry != null && !entry.result().isDone()) {
            entries.remove(id);
            pending--;
        }
    }

    public synchronized void complete(RecognitionResult result) {
        Entry entry = entries.get(result.id());
        if (entry == null) {
            entry = new Entry(result.tenant(), new CompletableFuture<>());
            entries.put(result.id(), entry);
        } else if (!entry.result().isDone()) {
            pending--;
        }
        entry.result().complete(result);
    }

    /** Accepted recognitions whose result has not arrived yet. */
    public synchronized int pending() {
        return pending;
    }

    /** Empty when the id is unknown. */
    public synchronized Optional<Entry> find(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /**
     * The result when it is or becomes available within {@code wait}; a null item when it is still pending then.
     */
    public Uni<RecognitionResult> await(CompletableFuture<RecognitionResult> result, Duration wait) {
        if (result.isDone() || wait.isZero()) {
            return Uni.createFrom().item(result.getNow(null));
        }
        return Uni.createFrom().completionStage(result.copy())
                .ifNoItem().after(wait).recoverWithItem(() -> null);
    }
}
