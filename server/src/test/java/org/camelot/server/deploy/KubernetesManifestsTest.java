package org.camelot.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camelot.protocol.Durations;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/kubernetes rendered offline by {@code kubectl kustomize} (base and both overlays), every object bound
 * strictly to the Kubernetes schemas (fabric8's model), and what the objects say checked against the configuration
 * the pods run (deploy/container/camelot.yaml) and against config/camelot.yaml: ports, protocols, probe paths, the
 * grace period, the mounts and the security settings. Also the image's Containerfile and health check.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = RepositoryFiles.root();
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "localhost");

    @TempDir
    static Path work;

    private static Path tree;

    @BeforeAll
    static void copyTheTreeWithCertificatesForTheLocalOverlay() throws Exception {
        tree = work.resolve("kubernetes");
        Path from = ROOT.resolve("deploy/kubernetes");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path to = tree.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        TestPki pki = TestPki.create(work.resolve("pki"));
        Files.copy(pki.serverCert(), tree.resolve("overlays/local/certs/tls.crt"));
        Files.copy(pki.serverKey(), tree.resolve("overlays/local/certs/tls.key"));
    }

    private static List<HasMetadata> render(String dir) throws Exception {
        Commands.Result r = Commands.run(tree, List.of("kubectl", "kustomize", dir));
        assertEquals(0, r.exitCode(), "kubectl kustomize " + dir + ": " + r.err());
        return KubernetesObjects.bind(r.out());
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return (List<T>) objects.stream().filter(type::isInstance).toList();
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String namePrefix) {
        List<T> found = all(objects, type).stream().filter(o -> o.getMetadata().getName().startsWith(namePrefix))
                .toList();
        assertEquals(1, found.size(), type.getSimpleName() + " " + namePrefix + "*: " + found.size() + " found");
        return found.get(0);
    }

    /** A listener as a configuration file gives it. */
    record Listener(String name, String protocol, String host, int port) {
        boolean udp() {
            return protocol.equals("udp");
        }
    }

    private static Map<String, Listener> listeners(JsonNode config) {
        Map<String, Listener> out = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.path("listeners").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode l = e.getValue();
            out.put(e.getKey(), new Listener(e.getKey(), l.path("protocol").asText(), l.path("host").asText(""),
                    l.path("port").asInt()));
        }
        return out;
    }

    private static JsonNode containerConfig() throws Exception {
        return KubernetesObjects.tree(Files.readString(ROOT.resolve("deploy/container/camelot.yaml")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production", "overlays/local"})
    void rendersToValidObjectsThatAgreeWithTheConfiguration(String dir) throws Exception {
        List<HasMetadata> objects = render(dir);
        String containerYaml = Files.readString(ROOT.resolve("deploy/container/camelot.yaml"));
        JsonNode config = containerConfig();
        Map<String, Listener> listeners = listeners(config);
        Listener admin = listeners.values().stream().filter(l -> l.protocol().equals("admin")).findFirst()
                .orElseThrow(() -> new AssertionError("no admin listener in deploy/container/camelot.yaml"));
        assertTrue(config.path("listeners").path(admin.name()).path("allow-remote").asBoolean(),
                "the kubelet's probes come from the node, not loopback: the admin listener needs allow-remote");

        // The ConfigMap carries the container configuration, word for word.
        ConfigMap configMap = one(objects, ConfigMap.class, "camelot-config");
        assertEquals(containerYaml, configMap.getData().get("camelot.yaml"),
                "deploy/kubernetes/base/camelot.yaml must be a copy of deploy/container/camelot.yaml");

        Deployment deployment = one(objects, Deployment.class, "camelot");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals(1, pod.getContainers().size());
        Container c = pod.getContainers().get(0);

        // Ports: one per listener, with its number and protocol.
        Set<String> declared = c.getPorts().stream().map(p -> p.getName() + " " + p.getContainerPort() + "/"
                + p.getProtocol()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = listeners.values().stream().map(l -> l.name() + " " + l.port() + "/"
                + (l.udp() ? "UDP" : "TCP")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, declared, "container ports against the listeners of camelot.yaml");

        // Probes on the admin listener's paths and port.
        assertProbe(c, c.getStartupProbe().getHttpGet(), "/readyz", admin.port());
        assertProbe(c, c.getReadinessProbe().getHttpGet(), "/readyz", admin.port());
        assertProbe(c, c.getLivenessProbe().getHttpGet(), "/healthz", admin.port());
        assertTrue(c.getStartupProbe().getFailureThreshold() * c.getStartupProbe().getPeriodSeconds() >= 30,
                "start-up gets at least 30 s");

        // The grace period covers the preStop pause and the drain, with room to exit.
        long pause = c.getLifecycle().getPreStop().getSleep().getSeconds();
        Duration drain = Durations.parse(config.path("shutdown-timeout").asText("10s"));
        long grace = pod.getTerminationGracePeriodSeconds();
        assertTrue(pause >= 5, "a preStop pause long enough for the endpoint removal to spread: " + pause);
        assertTrue(grace > pause + drain.toSeconds(), "terminationGracePeriodSeconds " + grace
                + " must exceed the preStop pause " + pause + " s plus shutdown-timeout " + drain.toSeconds() + " s");
        assertEquals(0, deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());

        // Security and resources.
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(Boolean.TRUE, c.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        assertNotNull(c.getResources().getRequests().get("cpu"), "the autoscaler needs a CPU request");
        assertNotNull(c.getResources().getLimits().get("memory"));

        // Mounts: the configuration from the ConfigMap, the certificates from the secret at the paths camelot.yaml
        // names, and a writable /tmp on the read-only root.
        assertEquals(List.of("--config", "/etc/camelot/camelot.yaml"), c.getArgs());
        VolumeMount configMount = mount(c, "/etc/camelot/camelot.yaml");
        assertEquals(configMap.getMetadata().getName(), volume(pod, configMount.getName()).getConfigMap().getName());
        VolumeMount tlsMount = mount(c, "/etc/camelot/tls");
        assertTrue(tlsMount.getSubPath() == null, "a directory mount, so that a renewed secret shows up");
        String secretName = volume(pod, tlsMount.getName()).getSecret().getSecretName();
        for (String key : List.of("certificate", "private-key")) {
            String path = config.path("tls").path(key).asText();
            assertTrue(("/etc/camelot/" + path).startsWith("/etc/camelot/tls/"), key + " " + path + " under tls/");
        }
        mount(c, "/tmp");
        List<Secret> secrets = all(objects, Secret.class);
        if (dir.equals("overlays/local")) {
            Secret tls = one(objects, Secret.class, "camelot-tls");
            assertEquals(tls.getMetadata().getName(), secretName, "the Deployment mounts the generated secret");
            assertEquals("kubernetes.io/tls", tls.getType());
            assertEquals(Set.of("tls.crt", "tls.key"), tls.getData().keySet());
        } else {
            assertTrue(secrets.isEmpty(), "no certificate in the tree: the secret is made outside it");
            assertEquals("camelot-tls", secretName);
        }

        // Services: TCP and UDP listeners, except admin; target ports by name, selectors that match the pods.
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(deployment.getSpec().getSelector().getMatchLabels().entrySet()));
        Set<String> served = new TreeSet<>();
        for (Service s : all(objects, Service.class)) {
            assertTrue(podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet()),
                    "service " + s.getMetadata().getName() + " selects the pods");
            Set<String> protocols = new HashSet<>();
            for (ServicePort p : s.getSpec().getPorts()) {
                protocols.add(p.getProtocol());
                ContainerPort target = containerPort(c, p.getTargetPort());
                assertEquals(p.getProtocol(), target.getProtocol(), s.getMetadata().getName() + " " + p.getName());
                assertEquals(target.getContainerPort(), p.getPort(), "the same port number outside and inside");
                served.add(target.getName() + " " + p.getPort() + "/" + p.getProtocol());
            }
            assertEquals(1, protocols.size(), "one protocol per Service: " + s.getMetadata().getName());
        }
        Set<String> public_ = new TreeSet<>(expected);
        public_.removeIf(p -> p.startsWith(admin.name() + " "));
        assertEquals(public_, served, "every listener but admin behind a Service");

        PodDisruptionBudget pdb = one(objects, PodDisruptionBudget.class, "camelot");
        assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));
        HorizontalPodAutoscaler hpa = one(objects, HorizontalPodAutoscaler.class, "camelot");
        assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
        assertTrue(hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas());
        if (dir.equals("overlays/production")) {
            assertTrue(hpa.getSpec().getMinReplicas() >= 2, "production keeps two pods at least");
            assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal());
        }
    }

    @Test
    void theContainerConfigurationKeepsTheListenersOfConfigCamelotYaml() throws Exception {
        Map<String, Listener> reference = listeners(KubernetesObjects.tree(
                Files.readString(ROOT.resolve("config/camelot.yaml"))));
        Map<String, Listener> container = listeners(containerConfig());
        assertEquals(Files.readString(ROOT.resolve("deploy/container/camelot.yaml")),
                Files.readString(ROOT.resolve("deploy/kubernetes/base/camelot.yaml")),
                "deploy/kubernetes/base/camelot.yaml must be a copy of deploy/container/camelot.yaml");
        for (Listener l : reference.values()) {
            if (LOOPBACK.contains(l.host()) && !l.protocol().equals("admin")) {
                continue; // a loopback-only demonstration listener has no place in a container
            }
            Listener c = container.get(l.name());
            assertNotNull(c, "listener " + l.name() + " of config/camelot.yaml is missing from the container's");
            assertEquals(l.port(), c.port(), l.name() + " port");
            assertEquals(l.protocol(), c.protocol(), l.name() + " protocol");
            assertFalse(LOOPBACK.contains(c.host()), l.name() + " must not bind loopback inside a container");
        }
        assertEquals(
                KubernetesObjects.tree(Files.readString(ROOT.resolve("config/camelot.yaml"))).path("shutdown-timeout"),
                containerConfig().path("shutdown-timeout"));
    }

    @Test
    void theImageExposesEveryListenerAndChecksHealthOnTheAdminListener() throws Exception {
        String containerfile = Files.readString(ROOT.resolve("deploy/container/Containerfile"));
        Set<String> exposed = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^EXPOSE\\s+(.+)$").matcher(containerfile);
        while (m.find()) {
            exposed.addAll(List.of(m.group(1).trim().split("\\s+")));
        }
        Set<String> expected = listeners(containerConfig()).values().stream()
                .map(l -> l.port() + "/" + (l.udp() ? "udp" : "tcp")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, exposed);
        assertTrue(containerfile.contains("STOPSIGNAL SIGTERM"));
        assertTrue(Pattern.compile("(?m)^USER 10001").matcher(containerfile).find(), "a user of its own");
        for (String label : List.of("version", "source", "licenses")) {
            assertTrue(containerfile.contains("org.opencontainers.image." + label + "="), "label " + label);
        }
        assertTrue(Pattern.compile("(?m)^FROM scratch$").matcher(containerfile).find());
        assertFalse(Pattern.compile("(?m)^RUN ").matcher(containerfile).find(), "the Containerfile only copies");
        String check = Files.readString(ROOT.resolve("deploy/container/healthcheck"));
        int admin = listeners(containerConfig()).values().stream().filter(l -> l.protocol().equals("admin"))
                .findFirst().orElseThrow().port();
        assertTrue(check.contains("CAMELOT_ADMIN_PORT:-" + admin + "}"), "the health check's default port");
        assertTrue(check.contains("GET /healthz "));
    }

    @Test
    void refusesAFieldTheSchemaDoesNotHave() throws Exception {
        String good = """
                apiVersion: v1
                kind: Service
                metadata: {name: s}
                spec:
                  selector: {app: x}
                  ports: [{name: http, port: 80, targetPort: http, protocol: TCP}]
                """;
        assertEquals(1, KubernetesObjects.bind(good).size());
        var e = assertThrows(java.io.IOException.class,
                () -> KubernetesObjects.bind(good.replace("targetPort: http", "targetPorts: http")));
        assertTrue(e.getMessage().contains("targetPorts"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KubernetesObjects.bind(good.replace("v1", "v2")));
        assertThrows(java.io.IOException.class, () -> KubernetesObjects.bind("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  template:
                    spec:
                      containers: [{name: c, image: i, readinesProbe: {httpGet: {path: /readyz, port: 9180}}}]
                """));
    }

    private static void assertProbe(Container c, HTTPGetAction get, String path, int port) {
        assertEquals(path, get.getPath());
        assertEquals(port, (int) containerPort(c, get.getPort()).getContainerPort(), path + " on the admin port");
    }

    private static ContainerPort containerPort(Container c, IntOrString ref) {
        return c.getPorts().stream()
                .filter(p -> ref.getStrVal() != null ? ref.getStrVal().equals(p.getName())
                        : ref.getIntVal().equals(p.getContainerPort()))
                .findFirst().orElseThrow(() -> new AssertionError("no container port " + ref));
    }

    private static VolumeMount mount(Container c, String path) {
        return c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + path));
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
