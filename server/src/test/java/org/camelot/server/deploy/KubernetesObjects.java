package org.camelot.server.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds rendered manifests to fabric8's Kubernetes object classes, strictly: a field the schema does not have is an
 * error (fabric8 collects unknown fields in an "additional properties" map, which this mapper takes away), and so is
 * a kind or apiVersion other than the ones Camelot's manifests use.
 */
final class KubernetesObjects {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Namespace", Namespace.class,
            "ConfigMap", ConfigMap.class,
            "Secret", Secret.class,
            "Service", Service.class,
            "Deployment", Deployment.class,
            "PodDisruptionBudget", PodDisruptionBudget.class,
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .registerModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean,
                                                             BeanDeserializerBuilder builder) {
                    builder.setAnySetter(null);
                    return builder;
                }
            }));

    private KubernetesObjects() {
    }

    /** Every document of a multi-document YAML stream, bound to its class. */
    static List<HasMetadata> bind(String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                objects.add(bind(doc));
            }
        }
        return objects;
    }

    static HasMetadata bind(JsonNode doc) throws IOException {
        String kind = doc.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("kind " + kind + " (expected: one of " + KINDS.keySet() + ")");
        }
        String apiVersion = HasMetadata.getApiVersion(type);
        if (!apiVersion.equals(doc.path("apiVersion").asText())) {
            throw new IllegalArgumentException(kind + " " + doc.path("metadata").path("name").asText()
                    + ": apiVersion " + doc.path("apiVersion").asText() + " (expected: " + apiVersion + ")");
        }
        try {
            return STRICT.treeToValue(doc, type);
        } catch (IOException e) {
            throw new IOException(kind + " " + doc.path("metadata").path("name").asText() + ": " + e.getMessage(), e);
        }
    }

    /** The YAML text as a tree, for files that are not Kubernetes objects (camelot.yaml). */
    static JsonNode tree(String yaml) throws IOException {
        return YAML.readTree(yaml);
    }
}
