package org.creditwatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.creditwatch.dashboards.SavedObjects.Panel;
import org.creditwatch.dashboards.SavedObjects.SavedObject;
import org.creditwatch.io.elasticsearch.ElasticsearchIndices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The saved objects of {@code dashboards/} (spec §13) without Kibana: every line a saved object, ids unique, every
 * reference resolved inside the files, the three dashboards with their panels, class colours and bilingual labels.
 * The fields against the real mappings, and the data, are {@link DashboardsITCase}'s part.
 */
class DashboardsTest {
    static final String OVERVIEW = "监测中心总览 Monitoring centre overview";
    static final String PROFILE = "企业画像 Enterprise profile";
    static final String DESK = "检查员工作台 Inspector's desk";
    /** The indices an inspector's role may read (spec §9); the desk must not need any other. */
    private static final Set<String> INSPECTOR_READABLE = Set.of("cw-enterprise-risk*", "cw-risk-history*",
            "cw-warnings*", "cw-spot-check-plans*", "cw-inspection-outcomes*");
    private static final Set<String> CLASS_FIELDS = Set.of("riskClass", "classBefore");

    private static SavedObjects saved;

    @BeforeAll
    static void read() throws IOException {
        saved = SavedObjects.read();
    }

    @Test
    void everyObjectHasAUniqueIdAndAKnownType() {
        assertThat(saved.objects).extracting(o -> o.type() + "/" + o.id()).doesNotHaveDuplicates();
        assertThat(saved.objects).extracting(SavedObject::type).allMatch(
                t -> Set.of("index-pattern", "visualization", "search", "dashboard").contains(t));
        for (SavedObject o : saved.objects) {
            assertThat(o.raw().path("coreMigrationVersion").asText()).as(o.source()).isNotEmpty();
            assertThat(o.raw().path("typeMigrationVersion").asText()).as(o.source()).isNotEmpty();
            assertThat(o.title()).as(o.source()).isNotBlank();
        }
    }

    @Test
    void everyReferenceResolvesToAnObjectOfItsTypeInTheFiles() {
        for (SavedObject o : saved.objects) {
            Set<String> names = new HashSet<>();
            for (JsonNode ref : o.raw().path("references")) {
                assertThat(names.add(ref.path("name").asText())).as(o.source() + " reference name").isTrue();
                assertThat(saved.get(ref.path("type").asText(), ref.path("id").asText()))
                        .as(o.source() + " reference " + ref).isNotNull();
            }
            JsonNode search = o.parsed().get("kibanaSavedObjectMeta.searchSourceJSON");
            if (search != null && search.has("indexRefName")) {
                assertThat(o.reference(search.get("indexRefName").asText())).as(o.source()).isNotNull();
            }
        }
    }

    @Test
    void theThreeDashboardsOfSection13AndEveryPanelResolves() {
        List<SavedObject> dashboards = saved.ofType("dashboard");
        assertThat(dashboards).extracting(SavedObject::title).containsExactlyInAnyOrder(OVERVIEW, PROFILE, DESK);
        for (SavedObject dashboard : dashboards) {
            JsonNode panels = dashboard.parsed().get("panelsJSON");
            assertThat(panels.size()).as(dashboard.title()).isGreaterThan(3);
            Set<String> indices = new HashSet<>();
            for (JsonNode panel : panels) {
                String index = panel.path("panelIndex").asText();
                assertThat(indices.add(index)).as(dashboard.title() + " panel " + index).isTrue();
                assertThat(panel.path("gridData").path("i").asText()).isEqualTo(index);
                assertThat(panel.path("type").asText()).isIn("visualization", "search");
            }
            // panels() fails on a panel whose reference or object is missing
            assertThat(saved.panels(dashboard)).hasSize(panels.size());
            // every object the dashboard references is one of its panels or a control's data view
            assertThat(dashboard.raw().path("references")).allSatisfy(ref -> assertThat(ref.path("name").asText())
                    .matches("(p\\w+:panel_p\\w+)|(controlGroup_[\\w-]+:optionsListDataView)"));
        }
    }

    @Test
    void overviewHasThePanelsOfSection13() {
        Map<String, Panel> byObject = panelsOf(OVERVIEW);
        assertThat(usage(byObject.get("cw-vis-enterprises-by-class"))).isEqualTo("cw-enterprise-risk*: riskClass");
        assertThat(usage(byObject.get("cw-vis-region-by-class")))
                .isEqualTo("cw-enterprise-risk*: regionCode riskClass");
        assertThat(usage(byObject.get("cw-vis-class-movements")))
                .isEqualTo("cw-risk-history*: assessedAt creditCode riskClass");
        assertThat(usage(byObject.get("cw-vis-warnings-per-day")))
                .isEqualTo("cw-warnings*: raisedAt rule severity");
        assertThat(byObject.get("cw-vis-high-warnings").query()).containsEntry("severity", "HIGH");
        assertThat(byObject.get("cw-vis-segment-spikes").query()).containsEntry("rule", "SEGMENT_COMPLAINT_SPIKE");
        assertThat(usage(byObject.get("cw-vis-hit-rate-by-class")))
                .isEqualTo("cw-inspection-outcomes*: classBefore found");
        assertThat(usage(byObject.get("cw-vis-rejects"))).isEqualTo("cw-rejects*: reason stream");
    }

    @Test
    void enterpriseProfileFiltersByCreditCodeOrNameAndShowsEverySideOfTheEnterprise() {
        SavedObject profile = dashboard(PROFILE);
        assertThat(saved.controls(profile)).extracting(c -> c.dataView().title() + ":" + c.field())
                .containsExactly("cw-enterprise-risk*:creditCode", "cw-enterprise-risk*:name");
        Set<String> indices = saved.panels(profile).stream().filter(p -> p.dataView() != null)
                .map(p -> p.dataView().title()).collect(Collectors.toSet());
        assertThat(indices).containsExactlyInAnyOrder("cw-enterprise-risk*", "cw-risk-history*", "cw-warnings*",
                "cw-inspection-outcomes*", "cw-spot-check-plans*");
        assertThat(panelsOf(PROFILE).get("cw-search-profile-contributions").columns())
                .contains("riskClass", "contributions.indicator", "contributions.points", "floors");
    }

    @Test
    void inspectorsDeskNeedsOnlyWhatAnInspectorMayReadAndNoRegionFilter() {
        for (Panel panel : saved.panels(dashboard(DESK))) {
            if (panel.dataView() != null) {
                assertThat(panel.dataView().title()).as(panel.name()).isIn(INSPECTOR_READABLE);
            }
            // document-level security filters by region (spec §9): a region in the saved query would hide the rest
            assertThat(panel.query()).as(panel.name()).doesNotContainKey("regionCode");
        }
        assertThat(saved.panels(dashboard(DESK))).extracting(p -> p.dataView() == null ? "" : p.dataView().title())
                .contains("cw-warnings*", "cw-spot-check-plans*");
    }

    @Test
    void everyClassIsShownInItsColourWhereverAPanelSplitsByClass() {
        for (SavedObject vis : saved.ofType("visualization")) {
            // the aggregation that picks a colour: a pie's slices, a chart's series
            JsonNode visState = vis.parsed().get("visState");
            String colouring = visState.path("type").asText().equals("pie") ? "segment" : "group";
            boolean byClass = false;
            for (JsonNode agg : visState.path("aggs")) {
                byClass |= agg.path("schema").asText().equals(colouring)
                        && CLASS_FIELDS.contains(agg.path("params").path("field").asText());
            }
            if (!byClass) {
                continue;
            }
            Map<String, String> colors = SavedObjects.colors(vis);
            assertThat(colors).as(vis.id()).containsKeys("A", "B", "C", "D");
            assertThat(hue(colors.get("A"))).as(vis.id() + " A red").isBetween(0.0, 20.0);
            assertThat(hue(colors.get("B"))).as(vis.id() + " B orange").isBetween(20.0, 45.0);
            assertThat(hue(colors.get("C"))).as(vis.id() + " C yellow").isBetween(45.0, 65.0);
            assertThat(hue(colors.get("D"))).as(vis.id() + " D green").isBetween(90.0, 170.0);
        }
    }

    @Test
    void labelsAreInChineseAndEnglish() {
        for (SavedObject o : saved.objects) {
            if (o.type().equals("index-pattern")) {
                assertBilingual(o.source() + " name", o.attributes().path("name").asText());
                continue;
            }
            assertBilingual(o.source() + " title", o.title());
            JsonNode visState = o.parsed().get("visState");
            if (visState != null) {
                for (String label : visState.path("aggs").findValuesAsText("customLabel")) {
                    assertBilingual(o.source() + " label", label);
                }
            }
        }
        for (SavedObject dashboard : saved.ofType("dashboard")) {
            saved.controls(dashboard).forEach(c -> assertBilingual(c.id(), dashboard.parsed()
                    .get("controlGroupInput.panelsJSON").path(c.id()).path("explicitInput").path("title").asText()));
        }
    }

    @Test
    void thereIsADataViewOnEveryIndexOfSection8WithItsTimeField() {
        Map<String, String> timeFields = new java.util.TreeMap<>();
        saved.ofType("index-pattern").forEach(v -> timeFields.put(v.attributes().path("title").asText(),
                v.attributes().path("timeFieldName").asText("-")));
        Set<String> expected = new TreeSet<>();
        ElasticsearchIndices.ALL.forEach(index -> expected.add(index + "*"));
        assertThat(timeFields.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        // the latest assessment counts whenever it was made: no time field, so the time picker never hides a class
        assertThat(timeFields).containsEntry("cw-enterprise-risk*", "-").containsEntry("cw-rejects*", "-")
                .containsEntry("cw-risk-history*", "assessedAt").containsEntry("cw-warnings*", "raisedAt")
                .containsEntry("cw-inspection-outcomes*", "occurredAt")
                .containsEntry("cw-spot-check-plans*", "plannedAt").containsEntry("cw-model-changes*", "appliedAt");
    }

    @Test
    void queriesOutsideTheTranslatedSubsetAreRefused() {
        assertThat(SavedObjects.kqlTerms("severity : \"HIGH\" and rule:\"X\""))
                .containsExactly(Map.entry("severity", "HIGH"), Map.entry("rule", "X"));
        assertThatThrownBy(() -> SavedObjects.kqlTerms("severity : HIGH or rule : X"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertBilingual(String what, String label) {
        assertThat(label).as(what + " has Chinese").containsPattern("\\p{IsHan}");
        assertThat(label).as(what + " has English").containsPattern("[A-Za-z]{2,}");
    }

    private static SavedObject dashboard(String title) {
        return saved.ofType("dashboard").stream().filter(d -> d.title().equals(title)).findFirst().orElseThrow();
    }

    private static Map<String, Panel> panelsOf(String title) {
        return saved.panels(dashboard(title)).stream()
                .collect(Collectors.toMap(p -> p.object().id(), p -> p));
    }

    /** "index: field field ..." of the aggregations and columns of a panel (sorted, without the time field). */
    private static String usage(Panel panel) {
        Set<String> fields = new TreeSet<>();
        panel.fields().stream().filter(f -> f.use() != SavedObjects.Use.TIME_FIELD && f.use() != SavedObjects.Use.QUERY)
                .forEach(f -> fields.add(f.field()));
        return panel.dataView().title() + ": " + String.join(" ", fields);
    }

    private static double hue(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        float[] hsb = java.awt.Color.RGBtoHSB(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff, null);
        return hsb[0] * 360.0;
    }
}
