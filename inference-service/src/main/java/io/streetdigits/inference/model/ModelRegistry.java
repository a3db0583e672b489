package io.streetdigits.inference.model;

import io.quarkus.runtime.StartupEvent;
import io.streetdigits.core.contract.ModelPublished;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.inference.InferenceConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The models this service serves, by name: the default model is opened at start-up, any other on its first
 * request, each at its latest version. A newer version announced on the model-events topic replaces an open
 * one atomically; requests already running finish on the old version, which closes after the last of them.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    @Inject
    InferenceConfig config;

    private final Map<String, LoadedModel> open = new ConcurrentHashMap<>();
    private ModelRepository repository;
    private SessionFactory sessions;

    void onStart(@Observes StartupEvent event) {
        repository = new ModelRepository(config.modelsDir());
        sessions = new SessionFactory(config.inference());
        String name = config.inference().defaultModel();
        try {
            LoadedModel model = lease(name);
            LOG.infof("Serving %s from %s by default (execution provider %s)", model.ref(), repository.root(),
                    model.provider());
            model.release();
        } catch (ModelNotFoundException e) {
            // Readiness reports it; the service keeps consuming and answers with MODEL_NOT_FOUND meanwhile.
            LOG.errorf("The default model cannot be served: %s", e.getMessage());
        }
    }

    /** The default model's name. */
    public String defaultModel() {
        return config.inference().defaultModel();
    }

    /** The version currently serving a name, if it is open. */
    public Optional<LoadedModel> serving(String name) {
        return Optional.ofNullable(open.get(name));
    }

    /**
     * Takes a reference to the serving version of a model, opening its latest version first when needed. The
     * caller must {@link LoadedModel#release() release} it after its run.
     */
    public LoadedModel lease(String name) throws ModelNotFoundException {
        while (true) {
            LoadedModel model = open.get(name);
            if (model == null) {
                model = openLatest(name);
            }
            if (model.tryAcquire()) {
                return model;
            }
            // Swapped out and closed between the lookup and the acquire: look again.
        }
    }

    /** Switches to an announced version when it is newer than the one serving; ignores models not open here. */
    public void onPublished(ModelPublished event) {
        ModelRef announced = event.model();
        LoadedModel current = open.get(announced.name());
        if (current == null) {
            LOG.infof("Model %s was published; it is not open here and will be opened on first use", announced);
            return;
        }
        if (announced.version() <= current.ref().version()) {
            return;
        }
        synchronized (this) {
            try {
                ModelVersion version = repository.find(announced).orElseThrow(() -> new ModelNotFoundException(
                        "model " + announced + " was announced but is not in " + repository.root()));
                LoadedModel replacement = LoadedModel.open(version, sessions);
                LoadedModel replaced = open.put(announced.name(), replacement);
                LOG.infof("Now serving %s (was %s)", replacement.ref(), replaced == null ? "none" : replaced.ref());
                if (replaced != null) {
                    replaced.release();
                }
            } catch (Exception e) {
                LOG.errorf(e, "Cannot switch to %s; still serving %s", announced, current.ref());
            }
        }
    }

    private synchronized LoadedModel openLatest(String name) throws ModelNotFoundException {
        LoadedModel existing = open.get(name);
        if (existing != null) {
            return existing;
        }
        try {
            ModelRepository.requireValidName(name);
            Optional<ModelVersion> latest = repository.latest(name);
            if (latest.isEmpty()) {
                throw new ModelNotFoundException("model '" + name + "' is not in the model repository "
                        + repository.root() + "; it holds " + repository.modelNames());
            }
            LoadedModel model = LoadedModel.open(latest.get(), sessions);
            open.put(name, model);
            return model;
        } catch (ModelNotFoundException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ModelNotFoundException(e.getMessage(), e);
        } catch (Exception e) {
            throw new ModelNotFoundException("model '" + name + "' cannot be opened: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    synchronized void closeAll() {
        open.values().forEach(LoadedModel::release);
        open.clear();
    }
}
