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
 * What this gateway knows about recognitions: ids it accepted (pending until their result arrives) and every
 * result seen on the results topic, whoever submitted it. Bounded: past the configured capacity the oldest
 * entries are forgotten.
 */
@ApplicationScoped
public class ResultStore {

    private final Map<String, CompletableFuture<RecognitionResult>> entries;

    @Inject
    public ResultStore(GatewayConfig config) {
        int capacity = config.gateway().resultCapacity();
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<RecognitionResult>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Marks an id as accepted and pending; call before the request is sent, so no result can be missed. */
    public synchronized void register(String id) {
        entries.putIfAbsent(id, new CompletableFuture<>());
    }

    /** Forgets an id whose request never reached Kafka. */
    public synchronized void forget(String id) {
        CompletableFuture<RecognitionResult> entry = entries.get(id);
        if (entry != null && !entry.isDone()) {
            entries.remove(id);
        }
    }

    public synchronized void complete(RecognitionResult result) {
        entries.computeIfAbsent(result.id(), id -> new CompletableFuture<>()).complete(result);
    }

    /** Empty when the id is unknown; a pending or completed future otherwise. */
    public synchronized Optional<CompletableFuture<RecognitionResult>> find(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /**
     * The result when it is or becomes available within {@code wait}; a null item when it is still pending then.
     */
    public Uni<RecognitionResult> await(CompletableFuture<RecognitionResult> entry, Duration wait) {
        if (entry.isDone() || wait.isZero()) {
            return Uni.createFrom().item(entry.getNow(null));
        }
        return Uni.createFrom().completionStage(entry.copy())
                .ifNoItem().after(wait).recoverWithItem(() -> null);
    }
}
