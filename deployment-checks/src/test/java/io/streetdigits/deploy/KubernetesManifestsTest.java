package io.streetdigits.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each overlay renders, parses into typed objects, round-trips through an API server, and agrees with the services. */
@EnableKubernetesMockClient(crud = true)
class KubernetesManifestsTest {

    static KubernetesClient client;

    /** Custom resources the deployment uses, with what an API server needs to know of them. */
    private static final Map<String, String> PLURALS = Map.of("Kafka", "kafkas", "KafkaNodePool", "kafkanodepools",
            "KafkaTopic", "kafkatopics", "ScaledObject", "scaledobjects");
    private static final Set<String> BUILT_IN = Set.of("Namespace", "ConfigMap", "Secret", "PersistentVolumeClaim",
            "Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy");

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void everyManifestIsTypedAndAgreesWithTheServices(String overlay) {
        List<HasMetadata> objects = Manifests.parse(Manifests.render(overlay));

        for (HasMetadata object : objects) {
            if (BUILT_IN.contains(object.getKind())) {
                assertThat(object).as(object.getKind() + " " + object.getMetadata().getName())
                        .isNotInstanceOf(GenericKubernetesResource.class);
            } else {
                assertThat(PLURALS).as("a kind the deployment does not know: " + object.getKind())
                        .containsKey(object.getKind());
            }
        }
        List<String> violations = new ArrayList<>();
        violations.addAll(DeploymentChecks.probes(objects));
        violations.addAll(DeploymentChecks.resources(objects));
        violations.addAll(DeploymentChecks.gpus(objects,
                overlay.equals("gpu") ? Set.of("inference-service", "trainer") : Set.of()));
        violations.addAll(DeploymentChecks.images(DeploymentChecks.images(objects)));
        violations.addAll(DeploymentChecks.topics(objects));
        assertThat(violations).isEmpty();
        assertThat(objects).extracting(HasMetadata::getKind).contains("Namespace", "Kafka", "KafkaNodePool",
                "KafkaTopic", "Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget",
                "ScaledObject", "PersistentVolumeClaim", "Secret", "NetworkPolicy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void everyManifestIsAcceptedByAnApiServerAndReadsBackUnchanged(String overlay) {
        List<HasMetadata> objects = Manifests.parse(Manifests.render(overlay));

        for (HasMetadata object : objects) {
            String namespace = object.getMetadata().getNamespace();
            if (object instanceof GenericKubernetesResource custom) {
                ResourceDefinitionContext context = context(custom);
                client.genericKubernetesResources(context).inNamespace(namespace).resource(custom).create();
                GenericKubernetesResource read = client.genericKubernetesResources(context).inNamespace(namespace)
                        .withName(custom.getMetadata().getName()).get();
                assertThat(read.getAdditionalProperties().get("spec"))
                        .isEqualTo(custom.getAdditionalProperties().get("spec"));
            } else {
                client.resource(object).create();
                HasMetadata read = client.resource(object).get();
                assertThat(read).as(object.getKind() + " " + object.getMetadata().getName()).isNotNull();
                assertThat(read.getMetadata().getLabels()).isEqualTo(object.getMetadata().getLabels());
            }
        }
        var inference = client.apps().deployments().inNamespace("streetdigits").withName("inference-service").get();
        var limits = inference.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits();
        assertThat(limits.containsKey(DeploymentChecks.GPU)).isEqualTo(overlay.equals("gpu"));
        client.namespaces().withName("streetdigits").delete();
        objects.forEach(object -> {
            if (!(object instanceof GenericKubernetesResource)) {
                client.resource(object).delete();
            } else {
                client.genericKubernetesResources(context((GenericKubernetesResource) object))
                        .inNamespace(object.getMetadata().getNamespace()).resource((GenericKubernetesResource) object)
                        .delete();
            }
        });
    }

    private static ResourceDefinitionContext context(GenericKubernetesResource resource) {
        String[] apiVersion = resource.getApiVersion().split("/");
        return new ResourceDefinitionContext.Builder().withGroup(apiVersion[0]).withVersion(apiVersion[1])
                .withKind(resource.getKind()).withPlural(PLURALS.get(resource.getKind())).withNamespaced(true).build();
    }
}
