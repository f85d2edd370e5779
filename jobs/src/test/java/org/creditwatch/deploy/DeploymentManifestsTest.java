package org.creditwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.creditwatch.domain.Stream;
import org.creditwatch.io.kafka.KafkaIO;
import org.junit.jupiter.api.Test;

/**
 * The deployment descriptions that cannot run here (no Kubernetes, no Docker), checked structurally: the
 * {@code FlinkDeployment} against the CRD schema that the Flink Kubernetes Operator's API jar ships, the compose file
 * for its references, versions and the job's arguments.
 */
class DeploymentManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String CRD = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";
    /**
     * The only change made to the operator API 1.10.0's schema: its {@code flinkVersion} enum ends at {@code v1_20};
     * operator releases that run Flink 2.2 (the job's version) accept {@code v2_2}.
     */
    private static final String FLINK_VERSION = "v2_2";

    private static Path deploy(String file) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy").resolve(file))) {
                return dir.resolve("deploy").resolve(file);
            }
        }
        throw new IllegalStateException("no deploy/" + file + " above " + Path.of("").toAbsolutePath());
    }

    private static JsonNode flinkDeploymentSchema() throws IOException {
        try (InputStream in = DeploymentManifestsTest.class.getClassLoader().getResourceAsStream(CRD)) {
            assertThat(in).as(CRD + " of flink-kubernetes-operator-api").isNotNull();
            JsonNode crd = YAML.readTree(in);
            assertThat(crd.at("/spec/names/kind").asText()).isEqualTo("FlinkDeployment");
            JsonNode version = crd.at("/spec/versions/0");
            assertThat(version.get("name").asText()).isEqualTo("v1beta1");
            JsonNode schema = version.at("/schema/openAPIV3Schema").deepCopy();
            ArrayNode versions = (ArrayNode) schema.at("/properties/spec/properties/flinkVersion/enum");
            assertThat(versions.toString()).as("a newer operator API knows Flink 2: drop the substitution")
                    .doesNotContain("v2_");
            versions.add(FLINK_VERSION);
            return schema;
        }
    }

    @Test
    void flinkDeploymentMatchesTheOperatorsSchema() throws IOException {
        JsonNode deployment = YAML.readTree(deploy("kubernetes/flinkdeployment.yaml").toFile());
        assertThat(deployment.get("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(deployment.get("kind").asText()).isEqualTo("FlinkDeployment");
        assertThat(violations(deployment, flinkDeploymentSchema())).isEmpty();

        JsonNode spec = deployment.get("spec");
        assertThat(spec.get("flinkVersion").asText()).isEqualTo(FLINK_VERSION);
        assertThat(spec.has("mode")).as("application mode: the operator's default, no session").isFalse();
        JsonNode job = spec.get("job");
        assertThat(job.get("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.get("entryClass").asText()).isEqualTo(org.creditwatch.cli.Main.class.getName());
        assertThat(job.get("jarURI").asText()).startsWith("local:///").endsWith("/creditwatch-jobs.jar");
        List<String> args = texts(job.get("args"));
        assertThat(args.get(0)).isEqualTo("run");
        assertThat(args.get(args.indexOf("--checkpoint-dir") + 1)).startsWith("s3://");
        assertThat(args.get(args.indexOf("--parallelism") + 1)).isEqualTo(job.get("parallelism").asText());
        JsonNode config = spec.get("flinkConfiguration");
        assertThat(config.get("state.backend.type").asText()).isEqualTo("rocksdb");
        assertThat(config.get("state.backend.incremental").asText()).isEqualTo("true");
        assertThat(config.get("execution.checkpointing.dir").asText()).startsWith("s3://");
        assertThat(config.get("execution.checkpointing.savepoint-dir").asText()).startsWith("s3://");
    }

    /** The check itself fails on what the API server would refuse: an unknown field, a value outside an enum, a type. */
    @Test
    void theSchemaCheckFindsMistakes() throws IOException {
        JsonNode schema = flinkDeploymentSchema();
        ObjectNode deployment = (ObjectNode) YAML.readTree(deploy("kubernetes/flinkdeployment.yaml").toFile());
        ObjectNode job = (ObjectNode) deployment.at("/spec/job");
        job.put("upgradeMode", "savepoints");
        job.put("parallelism", "four");
        job.put("upgradMode", "savepoint");
        ((ObjectNode) deployment.get("spec")).put("flinkVersion", "v1_12");
        assertThat(violations(deployment, schema)).containsExactlyInAnyOrder(
                "spec.flinkVersion: \"v1_12\" is not one of " + schema.at("/properties/spec/properties/flinkVersion/enum"),
                "spec.job.parallelism: \"four\" is not a integer",
                "spec.job.upgradMode: unknown field",
                "spec.job.upgradeMode: \"savepoints\" is not one of [\"last-state\",\"savepoint\",\"stateless\"]");
    }

    @Test
    void composeFileIsWholeAndRunsTheJobJarOnThisFlinkVersion() throws IOException {
        Path file = deploy("compose/docker-compose.yml");
        JsonNode compose = YAML.readTree(file.toFile());
        JsonNode services = compose.get("services");
        assertThat(names(services)).contains("kafka", "topics", "elasticsearch", "kibana", "jobmanager", "taskmanager",
                "creditwatch");
        Set<String> volumes = names(compose.get("volumes"));
        for (Map.Entry<String, JsonNode> service : iterable(services.fields())) {
            String name = service.getKey();
            JsonNode definition = service.getValue();
            String image = definition.get("image").asText();
            assertThat(image).as(name).matches(".+:[0-9][^:]*").doesNotEndWith(":latest");
            if (image.startsWith("flink:")) {
                assertThat(image).as(name).startsWith("flink:" + EnvironmentInformation.getVersion() + "-java17");
            }
            JsonNode dependsOn = definition.path("depends_on");
            Set<String> dependencies = dependsOn.isArray() ? new HashSet<>(texts(dependsOn)) : names(dependsOn);
            assertThat(names(services)).as(name + " depends on").containsAll(dependencies);
            for (String volume : texts(definition.path("volumes"))) {
                String source = volume.substring(0, volume.indexOf(':'));
                if (source.startsWith(".")) {
                    assertThat(file.getParent().resolve(source).normalize())
                            .as(name + " mounts the module's build output")
                            .isEqualTo(file.getParent().getParent().getParent().resolve("jobs/target"));
                } else {
                    assertThat(volumes).as(name + " volume").contains(source);
                }
            }
        }

        List<String> submit = texts(services.get("creditwatch").get("command"));
        assertThat(submit.subList(0, 3)).containsExactly("flink", "run", "-d");
        int jar = submit.indexOf("/opt/creditwatch/creditwatch-jobs.jar");
        assertThat(submit.get(jar + 1)).isEqualTo("run");
        assertThat(submit.get(submit.indexOf("--brokers") + 1)).isEqualTo("kafka:9092");
        assertThat(submit.get(submit.indexOf("--es") + 1)).isEqualTo("http://elasticsearch:9200");

        String topics = services.get("topics").get("command").get(0).asText();
        List<String> expected = new ArrayList<>();
        for (Stream stream : Stream.values()) {
            expected.add(stream.topic());
        }
        expected.add(KafkaIO.WARNINGS_TOPIC);
        expected.add(KafkaIO.REJECTS_TOPIC);
        assertThat(topics).contains(expected).contains("max.message.bytes=" + KafkaIO.MAX_MESSAGE_BYTES);
    }

    /** The places where {@code resource} breaks {@code schema} (a Kubernetes structural schema), as "path: problem". */
    static List<String> violations(JsonNode resource, JsonNode schema) {
        // apiVersion, kind and metadata are every resource's: the API server checks them, not the CRD's schema
        ObjectNode body = resource.deepCopy();
        body.remove(List.of("apiVersion", "kind", "metadata"));
        List<String> violations = new ArrayList<>();
        check(body, schema, "", violations);
        return violations;
    }

    private static void check(JsonNode value, JsonNode schema, String path, List<String> violations) {
        String at = path.isEmpty() ? "(root)" : path;
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                violations.add(at + ": " + value + " is neither an integer nor a string");
            }
            return;
        }
        String type = schema.path("type").asText("");
        boolean typed = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!typed) {
            violations.add(at + ": " + value + " is not a " + type);
            return;
        }
        if (schema.has("enum") && !texts(schema.get("enum")).contains(value.asText())) {
            violations.add(at + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), path + "[" + i + "]", violations);
            }
        }
        if (value.isObject()) {
            for (String required : texts(schema.path("required"))) {
                if (!value.has(required)) {
                    violations.add(at + ": missing " + required);
                }
            }
            JsonNode properties = schema.get("properties");
            JsonNode additional = schema.get("additionalProperties");
            for (Map.Entry<String, JsonNode> field : iterable(value.fields())) {
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (properties != null && properties.has(field.getKey())) {
                    check(field.getValue(), properties.get(field.getKey()), fieldPath, violations);
                } else if (additional != null && additional.isObject()) {
                    check(field.getValue(), additional, fieldPath, violations);
                } else if (properties != null && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                    // the API server prunes it: a misspelt field would silently do nothing
                    violations.add(fieldPath + ": unknown field");
                }
            }
        }
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static <T> Iterable<T> iterable(Iterator<T> iterator) {
        return () -> iterator;
    }
}
