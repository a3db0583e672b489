package io.streetdigits.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cross-checks between the deployment files and the services: each returns the violations it finds, in words
 * that name the object and what is wrong, so a test can assert there are none, or that a breakage is caught.
 */
final class DeploymentChecks {

    static final String GPU = "nvidia.com/gpu";
    private static final Pattern IMAGE = Pattern.compile("streetdigits/([a-z-]+):([0-9.]+)(?:-(gpu|cuda|native))?");

    private DeploymentChecks() {
    }

    /** A container with the workload it runs in. */
    record Workload(String kind, String name, PodSpec pod, Container container) {
        String describe() {
            return kind + " " + name + ", container " + container.getName();
        }
    }

    static List<Workload> workloads(List<HasMetadata> objects) {
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata object : objects) {
            PodSpec pod = null;
            if (object instanceof Deployment deployment) {
                pod = deployment.getSpec().getTemplate().getSpec();
            } else if (object instanceof Job job) {
                pod = job.getSpec().getTemplate().getSpec();
            }
            if (pod != null) {
                for (Container container : pod.getContainers()) {
                    workloads.add(new Workload(object.getKind(), object.getMetadata().getName(), pod, container));
                }
            }
        }
        return workloads;
    }

    /** Probes hit a health endpoint the service serves, on the port it listens on. */
    static List<String> probes(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (Workload workload : workloads(objects)) {
            String service = serviceOf(workload.container().getImage());
            if (service == null) {
                continue;
            }
            int port = Project.httpPort(service);
            for (Probe probe : new Probe[] {workload.container().getStartupProbe(),
                workload.container().getReadinessProbe(), workload.container().getLivenessProbe()}) {
                if (probe == null || probe.getHttpGet() == null) {
                    continue;
                }
                String path = probe.getHttpGet().getPath();
                if (!Project.HEALTH_PATHS.contains(path) || !Project.servesHealth(service)) {
                    violations.add(workload.describe() + ": probe path " + path + " is not a health endpoint of "
                            + service + " " + Project.HEALTH_PATHS);
                }
                Integer probed = resolvePort(workload.container(), probe.getHttpGet().getPort().getIntVal(),
                        probe.getHttpGet().getPort().getStrVal());
                if (probed == null || probed != port) {
                    violations.add(workload.describe() + ": probe port " + probe.getHttpGet().getPort()
                            + " is not " + service + "'s HTTP port " + port);
                }
            }
            for (ContainerPort declared : workload.container().getPorts()) {
                if (declared.getContainerPort() != port) {
                    violations.add(workload.describe() + ": container port " + declared.getContainerPort()
                            + " is not " + service + "'s HTTP port " + port);
                }
            }
        }
        return violations;
    }

    /** Every container, and every Strimzi node pool and operator, has requests and limits for CPU and memory. */
    static List<String> resources(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (Workload workload : workloads(objects)) {
            var resources = workload.container().getResources();
            for (String kind : List.of("cpu", "memory")) {
                if (resources == null || resources.getRequests() == null || !resources.getRequests().containsKey(kind)
                        || resources.getLimits() == null || !resources.getLimits().containsKey(kind)) {
                    violations.add(workload.describe() + ": no " + kind + " request and limit");
                }
            }
        }
        for (HasMetadata object : objects) {
            if (object instanceof GenericKubernetesResource resource && resource.getKind().equals("KafkaNodePool")) {
                Object declared = ((Map<?, ?>) resource.getAdditionalProperties().get("spec")).get("resources");
                if (!(declared instanceof Map<?, ?> map) || !map.containsKey("requests") || !map.containsKey("limits")) {
                    violations.add("KafkaNodePool " + resource.getMetadata().getName() + ": no requests and limits");
                }
            }
        }
        return violations;
    }

    /** Exactly the named workloads request a GPU, and those sit on GPU nodes and tolerate their taint. */
    static List<String> gpus(List<HasMetadata> objects, Set<String> expectGpu) {
        List<String> violations = new ArrayList<>();
        for (Workload workload : workloads(objects)) {
            var limits = workload.container().getResources() == null ? null
                    : workload.container().getResources().getLimits();
            boolean requestsGpu = limits != null && limits.containsKey(GPU)
                    && Quantity.getAmountInBytes(limits.get(GPU)).signum() > 0;
            boolean expected = expectGpu.contains(workload.name());
            if (requestsGpu != expected) {
                violations.add(workload.describe() + (expected ? ": requests no " : ": requests a ") + GPU);
            }
            if (expected) {
                Map<String, String> selector = workload.pod().getNodeSelector();
                if (selector == null || !"true".equals(selector.get("nvidia.com/gpu.present"))) {
                    violations.add(workload.describe() + ": not scheduled on GPU nodes (nodeSelector"
                            + " nvidia.com/gpu.present=true)");
                }
                if (workload.pod().getTolerations() == null || workload.pod().getTolerations().stream()
                        .noneMatch(t -> GPU.equals(t.getKey()))) {
                    violations.add(workload.describe() + ": does not tolerate the " + GPU + " taint");
                }
            }
        }
        return violations;
    }

    /** Every image is a project image of this version, with a Dockerfile that builds it. */
    static List<String> images(Set<String> images) {
        List<String> violations = new ArrayList<>();
        String version = Project.version();
        for (String image : images) {
            if (!image.startsWith("streetdigits/")) {
                continue; // third-party images (Kafka, CUDA bases) are pinned where they are used
            }
            Matcher matcher = IMAGE.matcher(image);
            if (!matcher.matches()) {
                violations.add("image " + image + " is not streetdigits/<service>:<version>[-gpu|-cuda|-native]");
                continue;
            }
            String service = matcher.group(1);
            String variant = matcher.group(3) == null ? "" : matcher.group(3);
            if (!Project.SERVICES.contains(service)) {
                violations.add("image " + image + " names no service of the project " + Project.SERVICES);
            } else if (!java.nio.file.Files.isRegularFile(Project.dockerfile(service, variant))) {
                violations.add("image " + image + " has no Dockerfile: " + Project.ROOT.relativize(
                        Project.dockerfile(service, variant)) + " is missing");
            }
            if (!matcher.group(2).equals(version)) {
                violations.add("image " + image + " is not tagged with the project version " + version);
            }
        }
        return violations;
    }

    static Set<String> images(List<HasMetadata> objects) {
        Set<String> images = new TreeSet<>();
        workloads(objects).forEach(workload -> images.add(workload.container().getImage()));
        return images;
    }

    /** The KafkaTopic resources are exactly the topics the services use. */
    static List<String> topics(List<HasMetadata> objects) {
        Set<String> declared = new TreeSet<>();
        for (HasMetadata object : objects) {
            if (object.getKind().equals("KafkaTopic")) {
                declared.add(object.getMetadata().getName());
            }
        }
        return compareTopics("the KafkaTopic resources", declared);
    }

    static List<String> compareTopics(String where, Set<String> declared) {
        Set<String> expected = new TreeSet<>(Project.kafkaTopics());
        List<String> violations = new ArrayList<>();
        if (!declared.equals(expected)) {
            violations.add(where + " declare " + declared + " but the services use " + expected);
        }
        return violations;
    }

    /** Compose: health checks hit a health endpoint on the service's port; only GPU services reserve a GPU. */
    static List<String> compose(JsonNode config, Set<String> expectGpu) {
        List<String> violations = new ArrayList<>();
        config.path("services").fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            JsonNode service = entry.getValue();
            String module = serviceOf(service.path("image").asText());
            JsonNode test = service.path("healthcheck").path("test");
            if (module != null && test.isArray()) {
                Matcher url = Pattern.compile("http://localhost:(\\d+)(/\\S*)").matcher(test.toString());
                if (!url.find()) {
                    violations.add("compose service " + name + ": its health check calls no local URL");
                } else {
                    int port = Integer.parseInt(url.group(1));
                    String path = URI.create(url.group(0)).getPath();
                    if (port != Project.httpPort(module) || !Project.HEALTH_PATHS.contains(path)) {
                        violations.add("compose service " + name + ": health check " + url.group(0) + " is not a"
                                + " health endpoint of " + module + " on port " + Project.httpPort(module));
                    }
                }
            }
            boolean reservesGpu = service.path("deploy").path("resources").path("reservations").path("devices")
                    .findValuesAsText("driver").contains("nvidia");
            if (reservesGpu != expectGpu.contains(name)) {
                violations.add("compose service " + name + (reservesGpu ? ": reserves a GPU" : ": reserves no GPU"));
            }
        });
        return violations;
    }

    private static Integer resolvePort(Container container, Integer number, String name) {
        if (number != null) {
            return number;
        }
        return container.getPorts().stream().filter(p -> name.equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst().orElse(null);
    }

    /** The project service an image runs, or null for a third-party image. */
    static String serviceOf(String image) {
        Matcher matcher = IMAGE.matcher(image == null ? "" : image);
        return matcher.matches() && Project.SERVICES.contains(matcher.group(1)) ? matcher.group(1) : null;
    }
}
