package io.streetdigits.gateway.models;

import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.core.pipeline.PipelineSpec;
import io.streetdigits.gateway.GatewayConfig;
import io.streetdigits.gateway.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The models and pipelines the gateway can describe: the model repository, read-only (cards and declarations,
 * never the graphs).
 */
@ApplicationScoped
public class ModelCatalog {

    /**
     * A model name with its versions and its latest version's card; or a pipeline's name with its declaration
     * (no versions of its own: each of its models has its own).
     */
    public record CatalogEntry(String name, List<Integer> versions, ModelCard latest, PipelineSpec pipeline) {

        /** Whether this is a model with versions, rather than a pipeline (not "isPipeline": JSON would take it). */
        public boolean versioned() {
            return pipeline == null;
        }
    }

    /** The problem type of a request that names a model or pipeline the gateway does not serve. */
    public static final String UNKNOWN_MODEL = "unknown-model";

    private final ModelRepository repository;

    @Inject
    public ModelCatalog(GatewayConfig config) {
        this.repository = new ModelRepository(config.modelsDir());
    }

    public List<CatalogEntry> list() {
        try {
            List<CatalogEntry> entries = new ArrayList<>();
            for (String name : repository.modelNames()) {
                find(name).ifPresent(entries::add);
            }
            for (String name : repository.pipelineNames()) {
                find(name).ifPresent(entries::add);
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model repository " + repository.root(), e);
        }
    }

    /**
     * Refuses, with 400 before anything is queued, a requested model (single image, batch, Open Inference Protocol)
     * whose name is malformed ({@code invalid-model}) or is neither a model with a version nor a pipeline of the
     * repository ({@value #UNKNOWN_MODEL}), naming what is served. Null or blank asks for the default pipeline.
     */
    public void requireServed(String name) {
        if (name == null || name.isBlank()) {
            return;
        }
        try {
            ModelRepository.requireValidName(name);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(Response.Status.BAD_REQUEST, "invalid-model", e.getMessage());
        }
        try {
            if (!repository.versions(name).isEmpty()) {
                return;
            }
            List<String> pipelines = repository.pipelineNames();
            if (pipelines.contains(name)) {
                return;
            }
            throw new ApiProblem(Response.Status.BAD_REQUEST, UNKNOWN_MODEL, "model '" + name + "' is not served;"
                    + " served are the pipelines " + pipelines + " and the models " + repository.modelNames()
                    + " (GET /api/v1/models); leave the model out for the default pipeline. Nothing was queued");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model repository " + repository.root(), e);
        }
    }

    public Optional<CatalogEntry> find(String name) {
        try {
            ModelRepository.requireValidName(name);
            List<ModelVersion> versions = repository.versions(name);
            if (versions.isEmpty()) {
                return repository.pipeline(name).map(spec -> new CatalogEntry(name, List.of(), null, spec));
            }
            return Optional.of(new CatalogEntry(name, versions.stream().map(v -> v.ref().version()).toList(),
                    versions.get(versions.size() - 1).readCard(), null));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + name + " from " + repository.root(), e);
        }
    }
}
