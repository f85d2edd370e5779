package org.creditwatch.io.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.creditwatch.io.OutputJson;
import org.creditwatch.io.PlanPopulation;
import org.creditwatch.supervision.PlanException;

/**
 * A spot-check plan's side of Elasticsearch (spec §10): reading the population with a point-in-time scan (pages
 * of {@value #PAGE} with {@code search_after}, never one huge query), and recording a plan's drawn enterprises in
 * {@code cw-spot-check-plans} once.
 */
public final class ElasticsearchPlans {
    static final int PAGE = 1_000;
    private static final String KEEP_ALIVE = "2m";
    private static final int CONFLICT = 409;

    private ElasticsearchPlans() {}

    /**
     * The latest assessment of every enterprise: from {@code cw-enterprise-risk} at this moment when {@code asOf} is
     * null, otherwise from {@code cw-risk-history}, the newest at or before {@code asOf} (the live index has only
     * the latest, which may be newer).
     */
    public static PlanPopulation population(ElasticsearchClient client, String prefix, Long asOf) throws IOException {
        String index = prefix + (asOf == null ? ElasticsearchIndices.ENTERPRISE_RISK : ElasticsearchIndices.RISK_HISTORY);
        if (!client.indices().exists(e -> e.index(index)).value()) {
            throw new PlanException("Elasticsearch has no index " + index + " (is --index-prefix right?)");
        }
        Query query = asOf == null ? Query.of(q -> q.matchAll(m -> m))
                : Query.of(q -> q.range(r -> r.date(d -> d.field("assessedAt").lte(OutputJson.time(asOf)))));
        PlanPopulation population = new PlanPopulation(asOf);
        String pit = client.openPointInTime(p -> p.index(index).keepAlive(k -> k.time(KEEP_ALIVE))).id();
        try {
            List<FieldValue> after = null;
            while (true) {
                String pitId = pit;
                List<FieldValue> searchAfter = after;
                SearchResponse<JsonNode> page = client.search(s -> {
                    s.pit(p -> p.id(pitId).keepAlive(k -> k.time(KEEP_ALIVE))).size(PAGE).query(query)
                            .trackTotalHits(t -> t.enabled(false))
                            .sort(o -> o.field(f -> f.field("_shard_doc").order(SortOrder.Asc)));
                    return searchAfter == null ? s : s.searchAfter(searchAfter);
                }, JsonNode.class);
                pit = page.pitId() != null ? page.pitId() : pit;
                List<Hit<JsonNode>> hits = page.hits().hits();
                for (Hit<JsonNode> hit : hits) {
                    population.add(hit.source(), index + "/" + hit.id());
                }
                if (hits.size() < PAGE) {
                    return population;
                }
                after = hits.get(hits.size() - 1).sort();
            }
        } finally {
            String pitId = pit;
            client.closePointInTime(c -> c.id(pitId));
        }
    }

    /** Refuses a plan id of which {@code cw-spot-check-plans} holds any enterprise: a plan is drawn once. */
    public static void requireUnused(ElasticsearchClient client, String prefix, String planId) throws IOException {
        String index = prefix + ElasticsearchIndices.SPOT_CHECK_PLANS;
        if (client.count(c -> c.index(index).ignoreUnavailable(true).allowNoIndices(true)
                .query(q -> q.term(t -> t.field("planId").value(planId)))).count() > 0) {
            throw new PlanException(used(planId, index));
        }
    }

    private static String used(String planId, String index) {
        return "plan id " + planId + " is already used in " + index + " (a plan is drawn once)";
    }

    /**
     * Records a plan: one document per drawn enterprise under {@code planId:creditCode}, each created, never
     * overwritten. When a document exists already (another run took the plan id meanwhile), or Elasticsearch
     * refuses one, the documents this call created are deleted again and the plan is refused ({@link PlanException}
     * for a plan id in use, {@link IllegalStateException} otherwise).
     *
     * @param documents the {@code creditCode} of each document and its JSON source
     */
    public static void record(ElasticsearchClient client, String prefix, String planId, List<Document> documents)
            throws IOException {
        String index = prefix + ElasticsearchIndices.SPOT_CHECK_PLANS;
        List<String> created = new ArrayList<>();
        String failure = null;
        boolean conflict = false;
        for (int from = 0; from < documents.size() && failure == null; from += PAGE) {
            List<BulkOperation> operations = documents.subList(from, Math.min(documents.size(), from + PAGE)).stream()
                    .map(d -> BulkOperation.of(o -> o.create(c -> c.index(index).id(planId + ":" + d.creditCode())
                            .document(ElasticsearchEmitters.json(d.source())))))
                    .toList();
            BulkResponse response = client.bulk(b -> b.operations(operations).refresh(Refresh.WaitFor));
            for (BulkResponseItem item : response.items()) {
                if (item.error() == null) {
                    created.add(item.id());
                } else if (failure == null) {
                    conflict = item.status() == CONFLICT;
                    failure = conflict ? used(planId, index)
                            : "Elasticsearch refused " + index + "/" + item.id() + ": " + item.error().reason();
                }
            }
        }
        if (failure != null) {
            if (!created.isEmpty()) {
                client.bulk(b -> b.refresh(Refresh.WaitFor).operations(created.stream()
                        .map(id -> BulkOperation.of(o -> o.delete(d -> d.index(index).id(id)))).toList()));
            }
            throw conflict ? new PlanException(failure) : new IllegalStateException(failure);
        }
    }

    /** A plan document: the drawn enterprise's credit code and the document's UTF-8 JSON. */
    public record Document(String creditCode, byte[] source) {}
}
