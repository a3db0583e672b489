package io.streetdigits.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/** The manifests of an overlay, rendered by kustomize and parsed into typed Kubernetes objects. */
final class Manifests {

    private Manifests() {
    }

    static String render(String overlay) {
        return Project.run("kubectl", "kustomize", "k8s/overlays/" + overlay);
    }

    /**
     * Parses each YAML document into its typed class (Deployment, Service, ...), so a wrong type or a misspelt
     * kind fails here; kinds without a model class (Strimzi's, KEDA's) become generic resources.
     */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (!document.isBlank()) {
                objects.add(Serialization.unmarshal(document, HasMetadata.class));
            }
        }
        return objects;
    }
}
