package io.streetdigits.inference.model;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.core.pipeline.PipelineReader;
import io.streetdigits.core.pipeline.PipelineSpec;
import io.streetdigits.inference.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The models this service serves, by name, and the pipelines that read with them. Each name serves its pinned
 * version, or else its latest one. The default pipeline's models open at start-up, others on first request. A new version (announced on the model-events topic,
 * or found by the periodic repository scan) or a pin change switches a name over: the new version is opened and
 * warmed up first, then swapped in atomically; requests already running finish on the old version, which closes
 * after the last of them. No request fails because of a switch.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);
    private final InferenceConfig config;
    private final MultiGauge servingGauge;
    private final Map<String, LoadedModel> open = new ConcurrentHashMap<>();
    private final Map<String, Integer> pins = new ConcurrentHashMap<>();
    private ModelRepository repository;
    private SessionFactory sessions;
    private ScheduledExecutorService scanner;

    @Inject
    public ModelRegistry(InferenceConfig config, MeterRegistry meters) {
        this.config = config;
        this.servingGauge = MultiGauge.builder("streetdigits.model.serving")
                .description("1 for each model version serving, tagged with its execution provider")
                .register(meters);
    }

    void onStart(@Observes StartupEvent event) {
        repository = new ModelRepository(config.modelsDir());
        sessions = new SessionFactory(config.inference());
        pins.putAll(config.inference().pinned());
        String name = defaultModel();
        // Its models are opened now rather than on the first request; readiness waits for them.
        try (LeasedPipeline pipeline = leasePipeline(name)) {
            LOG.infof("Reading with %s from %s by default: %s (execution provider %s)", name, repository.root(),
                    pipeline.reader().refs(), pipeline.models().get(0).provider());
        } catch (ModelNotFoundException e) {
            // Readiness reports it; the service keeps consuming and answers with MODEL_NOT_FOUND meanwhile.
            LOG.errorf("The default model cannot be served: %s", e.getMessage());
        }
        long interval = config.inference().repositoryScanInterval().toMillis();
        if (interval > 0) {
            scanner = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "model-repository-scan"));
            scanner.scheduleWithFixedDelay(this::scan, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    /** The name read when a request names none: a pipeline, or a model read alone. */
    public String defaultModel() {
        return config.inference().defaultModel();
    }

    /**
     * Leases what reads under a name: the pipeline the repository declares under it, or else the model of that
     * name read alone. Each step's model is its serving version, opened first when needed; close the lease after
     * the run. On failure nothing stays leased.
     */
    public LeasedPipeline leasePipeline(String name) throws ModelNotFoundException {
        PipelineSpec spec = declaration(name);
        List<LoadedModel> models = new ArrayList<>(spec.steps().size());
        try {
            for (String model : spec.models()) {
                models.add(lease(model));
            }
            return new LeasedPipeline(name, new PipelineReader(name, spec, List.copyOf(models)), models);
        } catch (ModelNotFoundException | IllegalArgumentException e) {
            models.forEach(LoadedModel::release);
            if (e instanceof ModelNotFoundException notFound) {
                throw notFound;
            }
            throw new ModelNotFoundException(e.getMessage(), e);
        }
    }

    /** The steps declared under a name: its pipeline, or the one step of its model. */
    public PipelineSpec declaration(String name) throws ModelNotFoundException {
        try {
            return repository.reading(name);
        } catch (IllegalArgumentException | IOException e) {
            throw new ModelNotFoundException(e.getMessage(), e);
        }
    }

    /** The version currently serving a name, if it is open. */
    public Optional<LoadedModel> serving(String name) {
        return Optional.ofNullable(open.get(name));
    }

    /**
     * Takes a reference to the serving version of a model, opening it first when needed. The caller must
     * {@link LoadedModel#release() release} it after its run.
     */
    public LoadedModel lease(String name) throws ModelNotFoundException {
        while (true) {
            LoadedModel model = open.get(name);
            if (model == null) {
                model = openServingVersion(name);
            }
            if (model.tryAcquire()) {
                return model;
            }
            // Swapped out and closed between the lookup and the acquire: look again.
        }
    }

    /** Serves the pinned or latest version of a name that is open here; names not open are left alone. */
    public void refresh(String name) {
        if (!open.containsKey(name)) {
            return;
        }
        try {
            ModelVersion target = servingVersion(name);
            if (!target.ref().equals(open.get(name).ref())) {
                switchTo(target);
            }
        } catch (Exception e) {
            LOG.errorf(e, "Cannot refresh model %s; still serving %s", name, open.get(name).ref());
        }
    }

    /** Serves {@code version} of {@code name} from now on, whatever newer versions appear. */
    public ModelStatus pin(String name, int version) throws ModelNotFoundException {
        ModelVersion target = find(new ModelRef(name, version));
        pins.put(name, version);
        try {
            switchTo(target);
        } catch (Exception e) {
            throw new ModelNotFoundException("model " + target.ref() + " cannot be opened: " + e.getMessage(), e);
        }
        LOG.infof("Pinned %s", target.ref());
        return status(name);
    }

    /** Lets {@code name} follow its latest version again. */
    public ModelStatus unpin(String name) throws ModelNotFoundException {
        pins.remove(name);
        LOG.infof("Unpinned %s; it follows the latest version", name);
        if (open.containsKey(name)) {
            refresh(name);
        } else {
            lease(name).release();
        }
        return status(name);
    }

    public List<ModelStatus> status() throws IOException, ModelNotFoundException {
        TreeSet<String> names = new TreeSet<>(repository.modelNames());
        names.addAll(open.keySet());
        List<ModelStatus> statuses = new ArrayList<>();
        for (String name : names) {
            statuses.add(status(name));
        }
        return statuses;
    }

    public ModelStatus status(String name) throws ModelNotFoundException {
        try {
            List<Integer> available = repository.versions(name).stream().map(v -> v.ref().version()).toList();
            LoadedModel serving = open.get(name);
            return new ModelStatus(name, serving == null ? null : serving.ref().version(), pins.get(name), available,
                    serving == null ? null : serving.provider());
        } catch (IllegalArgumentException | IOException e) {
            throw new ModelNotFoundException(e.getMessage(), e);
        }
    }

    private void scan() {
        open.keySet().forEach(this::refresh);
    }

    private synchronized LoadedModel openServingVersion(String name) throws ModelNotFoundException {
        LoadedModel existing = open.get(name);
        if (existing != null) {
            return existing;
        }
        ModelVersion version = servingVersion(name);
        try {
            LoadedModel model = LoadedModel.open(version, sessions);
            model.warmUp(1);
            open.put(name, model);
            publishGauges();
            return model;
        } catch (Exception e) {
            throw new ModelNotFoundException("model " + version.ref() + " cannot be opened: " + e.getMessage(), e);
        }
    }

    private synchronized void switchTo(ModelVersion target) throws Exception {
        String name = target.ref().name();
        LoadedModel current = open.get(name);
        if (current != null && current.ref().equals(target.ref())) {
            return;
        }
        LoadedModel replacement = LoadedModel.open(target, sessions);
        replacement.warmUp(config.inference().batch().maxSize());
        LoadedModel replaced = open.put(name, replacement);
        publishGauges();
        LOG.infof("Now serving %s (was %s)", replacement.ref(), replaced == null ? "none" : replaced.ref());
        if (replaced != null) {
            replaced.release();
        }
    }

    private ModelVersion servingVersion(String name) throws ModelNotFoundException {
        Integer pinned = pins.get(name);
        if (pinned != null) {
            return find(new ModelRef(name, pinned));
        }
        try {
            ModelRepository.requireValidName(name);
            Optional<ModelVersion> latest = repository.latest(name);
            if (latest.isEmpty()) {
                throw new ModelNotFoundException("model '" + name + "' is not in the model repository "
                        + repository.root() + "; it holds " + repository.modelNames());
            }
            return latest.get();
        } catch (IllegalArgumentException | IOException e) {
            throw new ModelNotFoundException(e.getMessage(), e);
        }
    }

    private ModelVersion find(ModelRef ref) throws ModelNotFoundException {
        try {
            return repository.find(ref).orElseThrow(() -> new ModelNotFoundException("model " + ref
                    + " is not in the model repository " + repository.root()));
        } catch (IllegalArgumentException | IOException e) {
            throw new ModelNotFoundException(e.getMessage(), e);
        }
    }

    private void publishGauges() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        open.values().forEach(model -> rows.add(MultiGauge.Row.of(Tags.of("model", model.ref().name(),
                "version", Integer.toString(model.ref().version()), "provider", model.provider()), 1)));
        servingGauge.register(rows, true);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scanner != null) {
            scanner.shutdownNow();
        }
        synchronized (this) {
            open.values().forEach(LoadedModel::release);
            open.clear();
        }
    }
}
