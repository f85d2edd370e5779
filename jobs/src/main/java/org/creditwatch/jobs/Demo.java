package org.creditwatch.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.creditwatch.io.elasticsearch.ElasticsearchIndices;
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
            Duration runFor, LiveJob.Options job) {}

    public static void run(Options options, PrintStream out) throws Exception {
        out.println("demo: starting the local stack (Kafka and Elasticsearch from Maven Central on first use)...");
        Process stack = new ProcessBuilder(options.home().resolve("deploy/local/stack").toString(), "up")
                .inheritIO().start();
        if (stack.waitFor() != 0) {
            throw new IOException("deploy/local/stack up failed (exit " + stack.exitValue() + ")");
        }
        Path input = options.work().resolve("input");
        Generator.Stats stats = Generator.generate(new Generator.Options(options.enterprises(), options.days(), 1,
                Instant.parse("2026-06-30T04:00:00Z")), input);
        out.printf("demo: generated %,d records of %,d enterprises into %s%n", stats.records(), stats.enterprises(), input);
        String brokers = options.job().brokers();
        String es = options.job().elasticsearch().urls().get(0) + "/" + options.job().elasticsearch().indexPrefix();
        resetTopics(brokers, options.job().topicPrefix());
        for (String index : ElasticsearchIndices.ALL) {
            HTTP.send(HttpRequest.newBuilder(URI.create(es + index)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        JobClient job = LiveJob.start(options.job());
        out.println("demo: job " + job.getJobID() + " running; feeding Kafka at " + (long) options.recordsPerSecond()
                + " records/s (Ctrl-C stops)");
        AtomicLong produced = new AtomicLong();
        CompletableFuture<Long> feeding = CompletableFuture.supplyAsync(() -> {
            try {
                return Publisher.publish(Replay.inputFiles(input), brokers, options.job().topicPrefix(),
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
                    + " also in the Kafka topics cw.warnings and cw.rejects. Stop the stack with deploy/local/stack"
                    + " down.");
        }));
        long until = options.runFor() == null ? Long.MAX_VALUE : System.nanoTime() + options.runFor().toNanos();
        boolean planned = false;
        try (Admin admin = admin(brokers)) {
            while (System.nanoTime() < until && !job.getJobStatus().get().isGloballyTerminalState()) {
                TimeUnit.SECONDS.sleep(5);
                long lag = lag(admin, options.job());
                out.println(progress(es, produced.get(), lag, feeding.isDone()));
                if (!planned && feeding.isDone() && lag == 0) {
                    planned = true;
                    drawPlan(options, es, out);
                }
            }
        }
        job.cancel().get();
    }

    /**
     * The loop the classes are for (spec §10): once the backfill is in, a spot-check plan drawn from the live index,
     * with a roster of two inspectors per region the index knows and two who may work anywhere.
     */
    private static void drawPlan(Options options, String es, PrintStream out) throws Exception {
        Path roster = options.work().resolve("inspectors.csv");
        List<String> lines = new ArrayList<>(List.of("inspectorId,name,regions,excludes"));
        JsonNode regions = post(es + "cw-enterprise-risk/_search",
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
                null, options.job().elasticsearch(), null, PlanScope.EVERYTHING, Ratios.DEFAULT, 2), out);
    }

    private static Admin admin(String brokers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers));
    }

    /** The demo starts from empty input topics, so that a second demo does not read the first one's records. */
    private static void resetTopics(String brokers, String topicPrefix) throws Exception {
        List<String> inputs = new ArrayList<>();
        for (Stream stream : Stream.values()) {
            inputs.add(topicPrefix + stream.topic());
        }
        try (Admin admin = admin(brokers)) {
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

    private static String progress(String es, long produced, long lag, boolean fed) throws Exception {
        JsonNode classes = post(es + "cw-enterprise-risk/_search",
                "{\"size\":0,\"aggs\":{\"c\":{\"terms\":{\"field\":\"riskClass\"}}}}");
        Map<String, Long> byClass = new TreeMap<>();
        if (classes != null) {
            classes.path("aggregations").path("c").path("buckets")
                    .forEach(b -> byClass.put(b.get("key").asText(), b.get("doc_count").asLong()));
        }
        return String.format("demo: in %,d%s | lag %,d | assessments %,d | enterprises %,d %s | warnings %,d | rejects %,d"
                + " | hit rate %s", produced, fed ? " (all)" : "", lag, count(es, "cw-risk-history"),
                count(es, "cw-enterprise-risk"), byClass, count(es, "cw-warnings"), count(es, "cw-rejects"),
                hitRates(es));
    }

    /** Found ÷ inspected per class in force before each inspection (spec §11), as the outcomes arrive. */
    private static String hitRates(String es) throws Exception {
        JsonNode outcomes = post(es + "cw-inspection-outcomes/_search", "{\"size\":0,\"aggs\":{\"c\":{\"terms\":"
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

    private static long count(String es, String index) throws Exception {
        JsonNode response = post(es + index + "/_count", "{}");
        return response == null ? 0 : response.path("count").asLong();
    }

    private static JsonNode post(String url, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }
}
