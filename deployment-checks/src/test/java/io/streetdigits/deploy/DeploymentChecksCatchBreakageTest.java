package io.streetdigits.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks are only worth something if they fail: each breakage below must be reported, by name. */
class DeploymentChecksCatchBreakageTest {

    @Test
    void aMistypedProbePathIsCaught() {
        List<HasMetadata> objects = Manifests.parse(Manifests.render("cpu"));
        container(objects, "gateway-service").getReadinessProbe().getHttpGet().setPath("/q/health/readyz");

        assertThat(DeploymentChecks.probes(objects)).containsExactly("Deployment gateway-service, container"
                + " gateway-service: probe path /q/health/readyz is not a health endpoint of gateway-service "
                + Project.HEALTH_PATHS);
    }

    @Test
    void aProbeOnTheWrongPortIsCaught() {
        List<HasMetadata> objects = Manifests.parse(Manifests.render("cpu"));
        container(objects, "inference-service").getLivenessProbe().getHttpGet().setPort(new IntOrString(8080));

        assertThat(DeploymentChecks.probes(objects)).singleElement().asString()
                .contains("inference-service", "probe port", "8081");
    }

    @Test
    void anImageWithoutADockerfileIsCaught() {
        List<HasMetadata> objects = Manifests.parse(Manifests.render("gpu"));
        container(objects, "inference-service").setImage("streetdigits/inference-service:0.1.0-tpu");
        container(objects, "gateway-service").setImage("streetdigits/gateway-service:9.9.9");

        assertThat(DeploymentChecks.images(DeploymentChecks.images(objects))).containsExactlyInAnyOrder(
                "image streetdigits/inference-service:0.1.0-tpu is not"
                        + " streetdigits/<service>:<version>[-gpu|-cuda|-native]",
                "image streetdigits/gateway-service:9.9.9 is not tagged with the project version "
                        + Project.version());
    }

    @Test
    void aMissingGpuRequestOrAStrayOneIsCaught() {
        List<HasMetadata> objects = Manifests.parse(Manifests.render("gpu"));
        container(objects, "inference-service").getResources().getLimits().remove(DeploymentChecks.GPU);

        assertThat(DeploymentChecks.gpus(objects, Set.of("inference-service", "trainer"))).containsExactly(
                "Deployment inference-service, container inference-service: requests no nvidia.com/gpu");
        assertThat(DeploymentChecks.gpus(Manifests.parse(Manifests.render("gpu")), Set.of("inference-service")))
                .containsExactly("Deployment trainer, container trainer-service: requests a nvidia.com/gpu");
    }

    @Test
    void aMissingTopicIsCaught() {
        List<HasMetadata> objects = new java.util.ArrayList<>(Manifests.parse(Manifests.render("cpu")));
        objects.removeIf(o -> o.getKind().equals("KafkaTopic") && o.getMetadata().getName().equals("model-events"));

        assertThat(DeploymentChecks.topics(objects)).singleElement().asString().contains("model-events");
    }

    @Test
    void aComposeHealthCheckOnTheWrongPortOrAStrayGpuIsCaught() throws Exception {
        JsonNode config = ComposeFileTest.config("docker-compose.yml");
        ArrayNode test = (ArrayNode) config.path("services").path("gateway").path("healthcheck").path("test");
        test.set(1, test.get(1).asText().replace("8080", "8081"));
        ObjectNode gateway = (ObjectNode) config.path("services").path("gateway");
        gateway.set("deploy", config.path("services").path("inference").path("deploy").deepCopy());

        assertThat(DeploymentChecks.compose(config, Set.of("inference", "trainer"))).containsExactlyInAnyOrder(
                "compose service gateway: health check http://localhost:8081/q/health/ready is not a health"
                        + " endpoint of gateway-service on port 8080",
                "compose service gateway: reserves a GPU");
    }

    private static Container container(List<HasMetadata> objects, String deployment) {
        return objects.stream().filter(o -> o instanceof Deployment && o.getMetadata().getName().equals(deployment))
                .map(o -> ((Deployment) o).getSpec().getTemplate().getSpec().getContainers().get(0))
                .findFirst().orElseThrow();
    }
}
