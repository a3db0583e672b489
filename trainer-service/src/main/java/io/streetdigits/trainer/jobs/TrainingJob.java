package io.streetdigits.trainer.jobs;

import io.smallrye.mutiny.subscription.MultiEmitter;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.contract.TrainingJobEvent;
import io.streetdigits.trainer.training.EpochReport;
import io.streetdigits.trainer.training.TrainingProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One job started over REST (a training, or an ensemble of trained models): what it makes, its latest
 * {@link TrainingJobEvent} (which is its status), and whoever follows it. Training calls it as its progress; it turns
 * the calls into events, at most one a second while batches run, and one on every epoch's end and every change of
 * state.
 */
final class TrainingJob implements TrainingProgress {

    private static final long EVENT_INTERVAL_NANOS = 1_000_000_000L;

    private final String id;
    private final String model;
    private final String architecture;
    private final int epochs;
    private final Consumer<TrainingJobEvent> published;
    private final List<MultiEmitter<? super TrainingJobEvent>> followers = new ArrayList<>();
    private TrainingJobEvent latest;
    private volatile boolean cancelRequested;
    private long trainingStart;
    private long lastEvent;

    /**
     * @param model     the name it publishes under
     * @param epochs    the epochs it trains, 0 for a job that trains nothing
     * @param published also told of every event (the Kafka topic)
     */
    TrainingJob(String id, String model, String architecture, int epochs, Consumer<TrainingJobEvent> published) {
        this.id = id;
        this.model = model;
        this.architecture = architecture;
        this.epochs = epochs;
        this.published = published;
        update(TrainingJobEvent.QUEUED, 0, 0, 0, null, Map.of(), null, null, null);
    }

    /** A job of an earlier run of the trainer, known by its last event alone. */
    static TrainingJob restored(TrainingJobEvent last) {
        TrainingJob job = new TrainingJob(last.jobId(), last.model(), last.architecture(), last.epochs(), event -> {
        });
        job.latest = last;
        return job;
    }

    String id() {
        return id;
    }

    synchronized TrainingJobEvent status() {
        return latest;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    /** Asks a queued or running job to stop; a running one stops after its current batch. */
    void requestCancel() {
        cancelRequested = true;
    }

    synchronized void started() {
        trainingStart = System.nanoTime();
        update(TrainingJobEvent.RUNNING, 0, 0, 0, null, Map.of(), null, null, null);
    }

    /** @param metrics the published model's validation figures (a training's best epoch, not its last) */
    synchronized void succeeded(ModelRef version, Map<String, Double> metrics) {
        update(TrainingJobEvent.SUCCEEDED, latest.epoch(), latest.batch(), latest.batches(), latest.loss(), metrics,
                0.0, version, null);
    }

    synchronized void failed(String error) {
        ended(TrainingJobEvent.FAILED, null, null, error);
    }

    synchronized void cancelled() {
        ended(TrainingJobEvent.CANCELLED, null, null, null);
    }

    private void ended(String state, Double etaSeconds, ModelRef version, String error) {
        update(state, latest.epoch(), latest.batch(), latest.batches(), latest.loss(), latest.validation(), etaSeconds,
                version, error);
    }

    /** Sends the current status, then every event after it, and completes when the job ends. */
    synchronized void follow(MultiEmitter<? super TrainingJobEvent> emitter) {
        emitter.emit(latest);
        if (latest.finished()) {
            emitter.complete();
            return;
        }
        followers.add(emitter);
        emitter.onTermination(() -> {
            synchronized (this) {
                followers.remove(emitter);
            }
        });
    }

    @Override
    public synchronized void batchDone(int epoch, int epochs, int batch, int batches, double loss) {
        long now = System.nanoTime();
        if (now - lastEvent < EVENT_INTERVAL_NANOS && batch != batches) {
            return;
        }
        double done = ((epoch - 1) + (double) batch / batches) / epochs;
        update(TrainingJobEvent.RUNNING, epoch, batch, batches, Double.isFinite(loss) ? loss : null,
                latest.validation(), eta(now, done), null, null);
    }

    @Override
    public synchronized void epochDone(EpochReport report) {
        double done = (double) report.epoch() / report.epochs();
        // kNN has no loss: keep the last one (null).
        Double loss = Double.isFinite(report.meanLoss()) ? Double.valueOf(report.meanLoss()) : latest.loss();
        update(TrainingJobEvent.RUNNING, report.epoch(), latest.batch(), latest.batches(), loss,
                report.validation().metrics(), eta(System.nanoTime(), done), null, null);
    }

    private Double eta(long now, double fractionDone) {
        return fractionDone <= 0 ? null : (now - trainingStart) / 1e9 * (1 - fractionDone) / fractionDone;
    }

    /** Makes this the job's status and tells everyone who listens: the topic, then the followers. */
    private void update(String state, int epoch, int batch, int batches, Double loss,
            Map<String, Double> validation, Double etaSeconds, ModelRef version, String error) {
        latest = new TrainingJobEvent(id, model, architecture, state, epoch, epochs, batch, batches, loss, validation,
                etaSeconds, version, error, Instant.now());
        announce();
    }

    private void announce() {
        lastEvent = System.nanoTime();
        published.accept(latest);
        for (MultiEmitter<? super TrainingJobEvent> follower : List.copyOf(followers)) {
            follower.emit(latest);
            if (latest.finished()) {
                follower.complete();
            }
        }
    }
}
