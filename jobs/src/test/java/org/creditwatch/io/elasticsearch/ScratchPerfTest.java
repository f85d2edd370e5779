package org.creditwatch.io.elasticsearch;

import java.time.Duration;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.creditwatch.engine.Assessment;
import org.creditwatch.model.Indicator;
import org.creditwatch.model.RiskClass;
import org.junit.jupiter.api.Test;

class ScratchPerfTest {
    @Test
    void perf() throws Exception {
        int n = Integer.getInteger("n", 3000);
        String prefix = "perf" + System.nanoTime() + "-";
        long t0 = System.nanoTime();
        ElasticsearchConfig config = ElasticsearchConfig.builder("http://127.0.0.1:9200").indexPrefix(prefix)
                .bulkActions(Integer.getInteger("bulk", 1000)).maxConcurrentRequests(Integer.getInteger("conc", 2)).build();
        try (ElasticsearchSinkWriter<Assessment> w = new ElasticsearchSinkWriter<>(config,
                ElasticsearchEmitters.assessments(prefix), UnregisteredMetricsGroup.createSinkWriterMetricGroup(), "x")) {
            long t1 = System.nanoTime();
            System.out.println("open " + (t1 - t0) / 1e6);
            for (int i = 0; i < n; i++) {
                Assessment a = new Assessment();
                a.creditCode = String.format("91150102MA%08d", i % (n / 2 + 1));
                a.sequence = 1 + i / (n / 2 + 1);
                a.name = "n"; a.regionCode = "150102"; a.industry = "F"; a.model = "m"; a.score = 1.5;
                a.riskClass = RiskClass.D; a.status = Assessment.Status.ACTIVE; a.assessedAt = 1_782_792_000_000L;
                a.contributions = new Assessment.Contribution[] {new Assessment.Contribution(Indicator.PENALTY, 3, 1)};
                a.floors = new Indicator[0];
                w.write(a, null);
            }
            long t2 = System.nanoTime();
            System.out.println("write " + (t2 - t1) / 1e6);
            w.flush(false);
            long t3 = System.nanoTime();
            System.out.println("flush " + (t3 - t2) / 1e6 + " written " + w.writtenOperations() + " total " + (t3 - t1) / 1e6 + " ms, docs/s " + w.writtenOperations() * 1e9 / (t3 - t1) + " coalesced " + w.coalescedOperations() + " conflicts " + w.versionConflicts());
        }
        for (String i : ElasticsearchIndices.ALL) {
            try (var c = ElasticsearchClients.create(config)) {
                c.indices().delete(d -> d.index(prefix + i).ignoreUnavailable(true));
                c.indices().deleteIndexTemplate(d -> d.name(prefix + i));
            }
        }
    }
}
