package io.streetdigits.gateway.recognition;

import io.smallrye.mutiny.Uni;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.gateway.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What this gateway knows about single recognitions: ids it accepted (pending until their result arrives) and every
 * result seen on the results topic, whoever submitted it; the topic is read from its start, so a restarted or a
 * second instance knows them too. Results are bounded: past the configured capacity the oldest are forgotten.
 * Pending ids are kept apart and never forgotten for room (the in-flight limit bounds them): a gateway that starts
 * on a long results topic accepts requests while it is still reading the topic's history, and that history must
 * not push the new ids out. Batch results are kept by the batch store instead.
 */
@ApplicationScoped
public class ResultStore {

    /** An id's owner and its result, when there is one. */
    public record Entry(String tenant, CompletableFuture<RecognitionResult> result) {
    }

    private final Map<String, Entry> pending = new HashMap<>();
    private final Map<String, Entry> results;

    @Inject
    public ResultStore(GatewayConfig config) {
        this(config.gateway().resultCapacity());
    }

    /** @param capacity the results kept; the oldest beyond it are forgotten */
    ResultStore(int capacity) {
        this.results = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Marks an id as accepted and pending; call before the request is sent, so no result can be missed. */
    public synchronized void register(String id, String tenant) {
        if (!results.containsKey(id)) {
            pending.putIfAbsent(id, new Entry(tenant, new CompletableFuture<>()));
        }
    }

    /** Forgets an id whose request never reached Kafka. */
    public synchronized void forget(String id) {
        pending.remove(id);
    }

    public synchronized void complete(RecognitionResult result) {
        Entry entry = pending.remove(result.id());
        if (entry == null) {
            entry = results.get(result.id());
        }
        if (entry == null) {
            entry = new Entry(result.tenant(), new CompletableFuture<>());
        }
        results.putIfAbsent(result.id(), entry);
        entry.result().complete(result);
    }

    /** Accepted recognitions whose result has not arrived yet. */
    public synchronized int pending() {
        return pending.size();
    }

    /** Empty when the id is unknown. */
    public synchronized Optional<Entry> find(String id) {
        Entry entry = pending.get(id);
        return Optional.ofNullable(entry != null ? entry : results.get(id));
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
