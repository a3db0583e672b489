package io.streetdigits.trainer.jobs;

import io.quarkus.runtime.ShutdownEvent;
import io.streetdigits.core.contract.TrainingJobEvent;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.trainer.TrainerConfig;
import io.streetdigits.trainer.TrainingJobRunner;
import io.streetdigits.trainer.ensemble.EnsembleBuilder;
import io.streetdigits.trainer.ensemble.EnsembleSpec;
import io.streetdigits.trainer.training.TrainingOptions;
import io.streetdigits.trainer.training.TrainingSpec;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The trainer's jobs: started over REST, run one at a time in the order they came (two trainings on the same cores
 * are each several times slower, and DL4J's oneDNN switch is process-wide), followed, cancelled. A job trains a
 * model, or, with architecture {@code ensemble}, joins published ones ({@link EnsembleBuilder}). A finished job has
 * published its model and announced it on the model-events topic, where the inference service picks it up.
 * Jobs outlive the process as far as the training-progress topic keeps their events ({@link #restoreHistory}).
 */
@ApplicationScoped
public class TrainingJobs {

    private static final Logger LOG = Logger.getLogger(TrainingJobs.class);

    @Inject
    TrainerConfig config;

    @Inject
    TrainingJobRunner runner;

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
    String bootstrapServers;

    private final Map<String, TrainingJob> jobs = new LinkedHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "training-jobs");
        thread.setDaemon(true);
        return thread;
    });
    private ProgressTopic progressTopic;
    private volatile boolean historyRestored;

    @PostConstruct
    void open() {
        progressTopic = new ProgressTopic(bootstrapServers, config.trainingProgressTopic());
    }

    /**
     * Lists the jobs of earlier runs of this trainer beside this run's ({@link JobHistory}); one that had not ended
     * is reported {@code FAILED}, on the training-progress topic too. Called once, when the trainer starts serving.
     */
    public void restoreHistory() {
        ProgressTopic.ensureCompacted(bootstrapServers, config.trainingProgressTopic());
        Instant restartedAt = Instant.now();
        int restored = 0;
        for (TrainingJobEvent last : JobHistory.read(bootstrapServers, config.trainingProgressTopic())) {
            TrainingJobEvent ended = JobHistory.ended(last, restartedAt);
            synchronized (this) {
                if (jobs.containsKey(ended.jobId())) {
                    continue; // this run's own, which knows better
                }
                jobs.put(ended.jobId(), TrainingJob.restored(ended));
            }
            restored++;
            if (ended != last) {
                progressTopic.accept(ended);
            }
        }
        historyRestored = true;
        LOG.infof("Job history: %d jobs of earlier runs, from topic %s", restored, config.trainingProgressTopic());
    }

    /** Whether {@link #restoreHistory} has run (whether or not Kafka could be read). */
    public boolean historyRestored() {
        return historyRestored;
    }

    void close(@Observes ShutdownEvent event) {
        synchronized (this) {
            jobs.values().forEach(TrainingJob::requestCancel);
        }
        worker.shutdownNow();
        progressTopic.close();
    }

    /**
     * Queues a job.
     *
     * @param options the train command's options by name, without the dashes: {@code {"architecture": "lenet5",
     *                "epochs": "10"}}; or, with {@code "architecture": "ensemble"}, the ensemble command's
     *                ({@code {"architecture": "ensemble", "members": "character-reader/1,character-reader/2"}})
     * @throws IllegalArgumentException naming the option that is wrong, or a member that cannot be joined
     */
    public TrainingJobEvent start(Map<String, String> options) {
        if (EnsembleBuilder.ARCHITECTURE.equals(options.get("architecture"))) {
            Map<String, String> ensembleOptions = new LinkedHashMap<>(options);
            ensembleOptions.remove("architecture");
            EnsembleSpec spec = EnsembleSpec.parse(arguments(ensembleOptions), config.training());
            try {
                EnsembleBuilder.check(spec, new ModelRepository(config.modelsDir()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the members' model cards: " + e.getMessage(), e);
            }
            return queue(new TrainingJob(UUID.randomUUID().toString(), spec.modelName(), EnsembleBuilder.ARCHITECTURE,
                    0, progressTopic), job -> runner.ensemble(spec));
        }
        TrainingOptions.Parsed parsed = TrainingOptions.parse(arguments(options), config.training());
        TrainingSpec spec = parsed.spec();
        return queue(new TrainingJob(UUID.randomUUID().toString(), spec.modelName(), spec.architecture(),
                spec.epochs(), progressTopic), job -> runner.run(spec, parsed.announce(), parsed.resume(), job,
                job::cancelRequested));
    }

    /** What a job does once its turn comes; it may stop early by throwing a CancellationException. */
    @FunctionalInterface
    private interface Work {
        ModelVersion publish(TrainingJob job) throws Exception;
    }

    private TrainingJobEvent queue(TrainingJob job, Work work) {
        synchronized (this) {
            jobs.put(job.id(), job);
        }
        LOG.infof("Queued job %s: %s as %s", job.id(), job.status().architecture(), job.status().model());
        worker.submit(() -> run(job, work));
        return job.status();
    }

    /** The command line's form of options given by name. */
    private static List<String> arguments(Map<String, String> options) {
        List<String> args = new ArrayList<>();
        options.forEach((name, value) -> {
            args.add("--" + name);
            args.add(value);
        });
        return args;
    }

    public synchronized List<TrainingJobEvent> list() {
        return jobs.values().stream().map(TrainingJob::status).toList();
    }

    public synchronized Optional<TrainingJobEvent> status(String id) {
        return Optional.ofNullable(jobs.get(id)).map(TrainingJob::status);
    }

    synchronized Optional<TrainingJob> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** @return the job's status after the request: a queued job is cancelled at once, a running one shortly */
    public Optional<TrainingJobEvent> cancel(String id) {
        Optional<TrainingJob> job = job(id);
        job.ifPresent(TrainingJob::requestCancel);
        return job.map(TrainingJob::status);
    }

    private void run(TrainingJob job, Work work) {
        if (job.cancelRequested()) {
            job.cancelled();
            return;
        }
        job.started();
        try {
            ModelVersion version = work.publish(job);
            job.succeeded(version.ref(), version.readCard().metrics());
            LOG.infof("Job %s published %s", job.id(), version.ref());
        } catch (CancellationException e) {
            job.cancelled();
            LOG.infof("Job %s cancelled: %s", job.id(), e.getMessage());
        } catch (Exception | OutOfMemoryError e) {
            job.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            LOG.errorf(e, "Job %s failed", job.id());
        }
    }
}
