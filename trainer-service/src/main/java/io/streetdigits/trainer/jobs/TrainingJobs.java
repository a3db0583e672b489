package io.streetdigits.trainer.jobs;

import io.quarkus.runtime.ShutdownEvent;
import io.streetdigits.core.contract.TrainingJobEvent;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.trainer.TrainerConfig;
import io.streetdigits.trainer.TrainingJobRunner;
import io.streetdigits.trainer.training.TrainingOptions;
import io.streetdigits.trainer.training.TrainingSpec;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
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
 * are each several times slower, and DL4J's oneDNN switch is process-wide), followed, cancelled. A finished job has
 * published its model and announced it on the model-events topic, where the inference service picks it up.
 * Jobs live as long as the process.
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

    @PostConstruct
    void open() {
        progressTopic = new ProgressTopic(bootstrapServers, config.trainingProgressTopic());
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
     *                "epochs": "10"}}
     * @throws IllegalArgumentException naming the option that is wrong
     */
    public TrainingJobEvent start(Map<String, String> options) {
        List<String> args = new ArrayList<>();
        options.forEach((name, value) -> {
            args.add("--" + name);
            args.add(value);
        });
        TrainingOptions.Parsed parsed = TrainingOptions.parse(args, config.training());
        TrainingJob job = new TrainingJob(UUID.randomUUID().toString(), parsed.spec(), progressTopic);
        synchronized (this) {
            jobs.put(job.id(), job);
        }
        LOG.infof("Queued training job %s: %s as %s", job.id(), parsed.spec().architecture(),
                parsed.spec().modelName());
        worker.submit(() -> run(job, parsed.announce()));
        return job.status();
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

    private void run(TrainingJob job, boolean announce) {
        if (job.cancelRequested()) {
            job.cancelled();
            return;
        }
        TrainingSpec spec = job.spec();
        job.started();
        try {
            ModelVersion version = runner.run(spec, announce, job, job::cancelRequested);
            job.succeeded(version.ref());
            LOG.infof("Training job %s published %s", job.id(), version.ref());
        } catch (CancellationException e) {
            job.cancelled();
            LOG.infof("Training job %s cancelled: %s", job.id(), e.getMessage());
        } catch (Exception | OutOfMemoryError e) {
            job.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            LOG.errorf(e, "Training job %s failed", job.id());
        }
    }
}
