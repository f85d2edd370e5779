package org.creditwatch.jobs;

import co.elastic.clients.transport.TransportUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.creditwatch.domain.Stream;
import org.creditwatch.generate.Generator;
import org.creditwatch.io.elasticsearch.ElasticsearchConfig;
import org.creditwatch.io.elasticsearch.ElasticsearchIndices;
import org.creditwatch.io.kafka.KafkaClientConfig;
import org.creditwatch.io.kafka.KafkaIO;
import org.creditwatch.io.kafka.Publisher;
import org.creditwatch.supervision.PlanScope;
import org.creditwatch.supervision.Ratios;

/**
 * {@code creditwatch demo}: the local stack up, empty topics and indices, the live job running, a year of generated
 * records fed into Kafka at a steady rate, and the progress on the console until the user stops it.
 */
public final class Demo {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Demo() {}

    public record Options(Path home, Path work, int enterprises, int days, double recordsPerSecond,
            Duration runFor, LiveJob.Options job, boolean secure) {}

    /**
     * The secured stack's own directory (CREDITWATCH_SECURE_STACK_DIR moves it) and ports, beside the plain one: the
     * tests' secured stack.
     */
    static final String SECURE_STACK_DIR = "deploy/local/.stack-secure";
    static final int SECURE_KAFKA_PORT = 29092;
    static final int SECURE_ES_PORT = 29200;

    /**
     * The stack the demo runs on, and how the demo itself talks to it: the job's options; the Kafka settings of the
     * demo's own admin and publisher; Elasticsearch's client and the Authorization headers of its reads and of its
     * deletes (none on the plain stack).
     */
    private record Stack(LiveJob.Options job, ElasticsearchConfig planner, KafkaClientConfig kafka, HttpClient http,
            String readAuthorization, String deleteAuthorization, String downCommand) {}

    public static void run(Options options, PrintStream out) throws Exception {
        Stack stack = options.secure() ? secured(options, out) : plain(options, out);
        Path input = options.work().resolve("input");
        Generator.Stats stats = Generator.generate(new Generator.Options(options.enterprises(), options.days(), 1,
                Instant.parse("2026-06-30T04:00:00Z")), input);
        out.printf("demo: generated %,d records of %,d enterprises into %s%n", stats.records(), stats.enterprises(), input);
        String brokers = stack.job().brokers();
        String es = stack.job().elasticsearch().urls().get(0) + "/" + stack.job().elasticsearch().indexPrefix();
        resetTopics(brokers, stack.kafka(), stack.job().topicPrefix());
        for (String index : ElasticsearchIndices.ALL) {
            stack.http().send(authorized(HttpRequest.newBuilder(URI.create(es + index)), stack.deleteAuthorization())
                    .DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
        JobClient job = LiveJob.start(stack.job());
        out.println("demo: job " + job.getJobID() + " running; feeding Kafka at " + (long) options.recordsPerSecond()
                + " records/s (Ctrl-C stops)");
        AtomicLong produced = new AtomicLong();
        CompletableFuture<Long> feeding = CompletableFuture.supplyAsync(() -> {
            try {
                return Publisher.publish(Replay.inputFiles(input), brokers, stack.kafka(), stack.job().topicPrefix(),
                        options.recordsPerSecond(),
                        produced::set);
            } catch (Exception e) {
                throw new IllegalStateException("feeding Kafka failed", e);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            job.cancel();
            out.println();
            out.println("demo: stopped. Results stay in Elasticsearch at " + es + " in the indices cw-enterprise-risk"
                    + " (latest class per enterprise), cw-risk-history, cw-warnings, cw-inspection-outcomes,"
                    + " cw-spot-check-plans and cw-rejects, for the dashboards (dashboards/install) if you have a"
                    + " Kibana; the plan's files under " + options.work().resolve("plans") + "; warnings and rejects"
                    + " also in the Kafka topics cw.warnings and cw.rejects. Stop the stack with "
                    + stack.downCommand() + ".");
        }));
        long until = options.runFor() == null ? Long.MAX_VALUE : System.nanoTime() + options.runFor().toNanos();
        boolean planned = false;
        try (Admin admin = admin(brokers, stack.kafka())) {
            while (System.nanoTime() < until && !job.getJobStatus().get().isGloballyTerminalState()) {
                TimeUnit.SECONDS.sleep(5);
                long lag = lag(admin, stack.job());
                out.println(progress(stack, es, produced.get(), lag, feeding.isDone()));
                if (!planned && feeding.isDone() && lag == 0) {
                    planned = true;
                    drawPlan(options, stack, es, out);
                }
            }
        }
        job.cancel().get();
    }

    /**
     * The loop the classes are for (spec §10): once the backfill is in, a spot-check plan drawn from the live index,
     * with a roster of two inspectors per region the index knows and two who may work anywhere.
     */
    private static void drawPlan(Options options, Stack stack, String es, PrintStream out) throws Exception {
        Path roster = options.work().resolve("inspectors.csv");
        List<String> lines = new ArrayList<>(List.of("inspectorId,name,regions,excludes"));
        JsonNode regions = post(stack, es + "cw-enterprise-risk/_search",
                "{\"size\":0,\"aggs\":{\"r\":{\"terms\":{\"field\":\"regionCode\",\"size\":1000}}}}");
        for (JsonNode region : regions.path("aggregations").path("r").path("buckets")) {
            String code = region.get("key").asText();
            lines.add("I" + code + "-1,Inspector " + code + "-1," + code + ",");
            lines.add("I" + code + "-2,Inspector " + code + "-2," + code + ",");
        }
        lines.add("CITY-1,City inspector 1,,");
        lines.add("CITY-2,City inspector 2,,");
        Files.write(roster, lines);
        String planId = "demo-" + Instant.now().getEpochSecond();
        out.println("demo: the backfill is in; drawing spot-check plan " + planId + " from the live index");
        SpotCheckPlans.run(new SpotCheckPlans.Options(planId, planId, roster, options.work().resolve("plans/" + planId),
                null, stack.planner(), null, PlanScope.EVERYTHING, Ratios.DEFAULT, 2), out);
    }

    /** The plain local stack (deploy/local/stack up), where the job's options point by default. */
    private static Stack plain(Options options, PrintStream out) throws Exception {
        out.println("demo: starting the local stack (Kafka and Elasticsearch from Maven Central on first use)...");
        up(new ProcessBuilder(options.home().resolve("deploy/local/stack").toString(), "up"));
        return new Stack(options.job(), options.job().elasticsearch(), KafkaClientConfig.NONE, HTTP, null, null,
                "deploy/local/stack down");
    }

    /**
     * The secured local stack of spec §9 ({@code up --secure}, in its own directory and on its own ports): the job
     * connects as {@code creditwatch-writer} and {@code creditwatch-job}, the demo loads the history and resets the
     * topics as the stack's Kafka {@code admin}, reads progress as the {@code monitoring-centre} and empties the
     * indices as the writer; every connection verifies the stack's CA.
     */
    private static Stack secured(Options options, PrintStream out) throws Exception {
        out.println("demo: starting the secured local stack (TLS, users, roles, ACLs; first use also generates the"
                + " secrets)...");
        String moved = System.getenv("CREDITWATCH_SECURE_STACK_DIR");
        Path dir = moved == null || moved.isBlank() ? options.home().resolve(SECURE_STACK_DIR) : Path.of(moved);
        ProcessBuilder command = new ProcessBuilder(options.home().resolve("deploy/local/stack").toString(), "up",
                "--secure");
        command.environment().putAll(Map.of("CREDITWATCH_STACK_DIR", dir.toString(),
                "CREDITWATCH_KAFKA_PORT", String.valueOf(SECURE_KAFKA_PORT),
                "CREDITWATCH_ES_PORT", String.valueOf(SECURE_ES_PORT)));
        up(command);
        Path secrets = dir.resolve("secrets");
        Path ca = secrets.resolve("ca.crt");
        LiveJob.Options plain = options.job();
        ElasticsearchConfig es = ElasticsearchConfig.builder("https://127.0.0.1:" + SECURE_ES_PORT)
                .basicAuth("creditwatch-writer", password(secrets, "creditwatch-writer"))
                .caCertificatePath(ca.toString())
                .indexPrefix(plain.elasticsearch().indexPrefix())
                .build();
        LiveJob.Options job = new LiveJob.Options("127.0.0.1:" + SECURE_KAFKA_PORT, plain.topicPrefix(),
                plain.groupId(), es, plain.models(), plain.parallelism(), plain.checkpointInterval(),
                plain.checkpointDir(), plain.restoreFrom(), plain.outOfOrderness(), plain.quietAfter(),
                plain.idleAfter(), plain.startupGrace(), plain.retainMs(), plain.maxClockSkewMs(),
                KafkaClientConfig.load(secrets.resolve("kafka/creditwatch-job.properties")));
        HttpClient https = HttpClient.newBuilder().sslContext(TransportUtils.sslContextFromHttpCaCrt(ca.toFile()))
                .build();
        ElasticsearchConfig planner = ElasticsearchConfig.builder(es.urls())
                .basicAuth("spot-check-planner", password(secrets, "spot-check-planner"))
                .caCertificatePath(ca.toString()).indexPrefix(es.indexPrefix()).build();
        return new Stack(job, planner,
                KafkaClientConfig.load(secrets.resolve("kafka/admin.properties")), https,
                basic(secrets, "monitoring-centre"), basic(secrets, "creditwatch-writer"),
                "CREDITWATCH_STACK_DIR=" + dir + " CREDITWATCH_KAFKA_PORT=" + SECURE_KAFKA_PORT
                        + " CREDITWATCH_ES_PORT=" + SECURE_ES_PORT + " deploy/local/stack down");
    }

    private static void up(ProcessBuilder command) throws Exception {
        Process stack = command.inheritIO().start();
        if (stack.waitFor() != 0) {
            throw new IOException("deploy/local/stack up failed (exit " + stack.exitValue() + ")");
        }
    }

    private static String password(Path secrets, String user) throws IOException {
        return Files.readString(secrets.resolve("elasticsearch/" + user + ".password"), StandardCharsets.UTF_8).strip();
    }

    private static String basic(Path secrets, String user) throws IOException {
        return "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password(secrets, user)).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String authorization) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static Admin admin(String brokers, KafkaClientConfig kafka) {
        Properties settings = kafka.forClient();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        return Admin.create(settings);
    }

    /** The demo starts from empty input topics, so that a second demo does not read the first one's records. */
    private static void resetTopics(String brokers, KafkaClientConfig kafka, String topicPrefix) throws Exception {
        List<String> inputs = new ArrayList<>();
        for (Stream stream : Stream.values()) {
            inputs.add(topicPrefix + stream.topic());
        }
        try (Admin admin = admin(brokers, kafka)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            admin.deleteTopics(inputs.stream().filter(existing::contains).collect(Collectors.toList()))
                    .all().get(30, TimeUnit.SECONDS);
            for (int attempt = 0; ; attempt++) {
                try {
                    admin.createTopics(inputs.stream().map(t -> new NewTopic(t, 4, (short) 1)
                                    .configs(KafkaIO.inputTopicConfig(t.endsWith(Stream.COMPLAINTS.topic()))))
                            .collect(Collectors.toList())).all().get(30, TimeUnit.SECONDS);
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (attempt == 20) {
                        throw e;
                    }
                    TimeUnit.MILLISECONDS.sleep(500); // deletion completes asynchronously in the broker
                }
            }
        }
    }

    /** Records published but not yet covered by the job's committed offsets (it commits on checkpoints). */
    private static long lag(Admin admin, LiveJob.Options job) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(job.groupId()).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (Stream stream : Stream.values()) {
            for (int p = 0; p < 4; p++) {
                latest.put(new TopicPartition(job.topicPrefix() + stream.topic(), p), OffsetSpec.latest());
            }
        }
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end :
                admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    private static String progress(Stack stack, String es, long produced, long lag, boolean fed) throws Exception {
        JsonNode classes = post(stack, es + "cw-enterprise-risk/_search",
                "{\"size\":0,\"aggs\":{\"c\":{\"terms\":{\"field\":\"riskClass\"}}}}");
        Map<String, Long> byClass = new TreeMap<>();
        if (classes != null) {
            classes.path("aggregations").path("c").path("buckets")
                    .forEach(b -> byClass.put(b.get("key").asText(), b.get("doc_count").asLong()));
        }
        return String.format("demo: in %,d%s | lag %,d | assessments %,d | enterprises %,d %s | warnings %,d | rejects %,d"
                + " | hit rate %s", produced, fed ? " (all)" : "", lag, count(stack, es, "cw-risk-history"),
                count(stack, es, "cw-enterprise-risk"), byClass, count(stack, es, "cw-warnings"),
                count(stack, es, "cw-rejects"), hitRates(stack, es));
    }

    /** Found ÷ inspected per class in force before each inspection (spec §11), as the outcomes arrive. */
    private static String hitRates(Stack stack, String es) throws Exception {
        JsonNode outcomes = post(stack, es + "cw-inspection-outcomes/_search", "{\"size\":0,\"aggs\":{\"c\":{\"terms\":"
                + "{\"field\":\"classBefore\"},\"aggs\":{\"found\":{\"filter\":{\"term\":{\"found\":true}}}}}}}");
        Map<String, String> byClass = new TreeMap<>();
        if (outcomes != null) {
            for (JsonNode bucket : outcomes.path("aggregations").path("c").path("buckets")) {
                long inspected = bucket.get("doc_count").asLong();
                long found = bucket.path("found").path("doc_count").asLong();
                byClass.put(bucket.get("key").asText(), String.format("%d/%d=%.0f%%", found, inspected,
                        100.0 * found / inspected));
            }
        }
        return byClass.isEmpty() ? "(no inspections yet)" : byClass.toString();
    }

    private static long count(Stack stack, String es, String index) throws Exception {
        JsonNode response = post(stack, es + index + "/_count", "{}");
        return response == null ? 0 : response.path("count").asLong();
    }

    private static JsonNode post(Stack stack, String url, String body) throws Exception {
        HttpResponse<String> response = stack.http().send(authorized(HttpRequest.newBuilder(URI.create(url)),
                        stack.readAuthorization())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }
}
