package org.creditwatch.io.elasticsearch;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how the job writes to Elasticsearch. Serialisable, so it travels with the job graph; {@link #toString()}
 * never shows the password or the API key, and no validation message quotes them.
 */
public final class ElasticsearchConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Index names are lower case and may not start with '-', '_' or '+'; the prefix is the start of every name. */
    private static final Pattern INDEX_PREFIX = Pattern.compile("([a-z0-9][a-z0-9._-]*)?");

    private final List<String> urls;
    private final String username;
    private final String password;
    private final String apiKey;
    private final String caCertificatePath;
    private final String indexPrefix;
    private final boolean installTemplates;
    private final int bulkActions;
    private final long bulkBytes;
    private final long flushIntervalMillis;
    private final int maxConcurrentRequests;
    private final int maxRetries;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;

    private ElasticsearchConfig(Builder b) {
        this.urls = List.copyOf(b.urls);
        this.username = b.username;
        this.password = b.password;
        this.apiKey = b.apiKey;
        this.caCertificatePath = b.caCertificatePath;
        this.indexPrefix = b.indexPrefix;
        this.installTemplates = b.installTemplates;
        this.bulkActions = b.bulkActions;
        this.bulkBytes = b.bulkBytes;
        this.flushIntervalMillis = b.flushInterval.toMillis();
        this.maxConcurrentRequests = b.maxConcurrentRequests;
        this.maxRetries = b.maxRetries;
        this.initialBackoffMillis = b.initialBackoff.toMillis();
        this.maxBackoffMillis = b.maxBackoff.toMillis();
    }

    /** A configuration for one or more nodes of one cluster, e.g. {@code https://es1:9200}. */
    public static Builder builder(List<String> urls) {
        return new Builder(urls);
    }

    public static Builder builder(String... urls) {
        return new Builder(List.of(urls));
    }

    public List<String> urls() {
        return urls;
    }

    /** The user for basic authentication, or null. */
    public String username() {
        return username;
    }

    String password() {
        return password;
    }

    /** The encoded API key (the {@code encoded} value Elasticsearch returns when it creates one), or null. */
    String apiKey() {
        return apiKey;
    }

    /** The PEM file of the CA that signed the cluster's HTTP certificate, or null to trust the JVM's CAs. */
    public String caCertificatePath() {
        return caCertificatePath;
    }

    /** Put in front of every index and template name, so that several deployments or tests share a cluster. */
    public String indexPrefix() {
        return indexPrefix;
    }

    /** Whether each writer puts the index templates when it opens; off when the job's user may not manage them. */
    public boolean installTemplates() {
        return installTemplates;
    }

    public int bulkActions() {
        return bulkActions;
    }

    public long bulkBytes() {
        return bulkBytes;
    }

    /** How often buffered operations are sent without waiting for a full bulk; 0 sends only full bulks and on flush. */
    public long flushIntervalMillis() {
        return flushIntervalMillis;
    }

    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    /** Retries of an operation that Elasticsearch answers with 429 or 5xx, before the job fails. */
    public int maxRetries() {
        return maxRetries;
    }

    public long initialBackoffMillis() {
        return initialBackoffMillis;
    }

    public long maxBackoffMillis() {
        return maxBackoffMillis;
    }

    /** The wait before retry number {@code attempt} (1, 2, …): doubling from the initial backoff, capped. */
    long backoffMillis(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        return Math.min(maxBackoffMillis, initialBackoffMillis << doublings);
    }

    @Override
    public String toString() {
        return "ElasticsearchConfig{urls=" + urls
                + ", username=" + username
                + ", password=" + redacted(password)
                + ", apiKey=" + redacted(apiKey)
                + ", caCertificatePath=" + caCertificatePath
                + ", indexPrefix='" + indexPrefix + "'"
                + ", installTemplates=" + installTemplates
                + ", bulkActions=" + bulkActions
                + ", bulkBytes=" + bulkBytes
                + ", flushIntervalMillis=" + flushIntervalMillis
                + ", maxConcurrentRequests=" + maxConcurrentRequests
                + ", maxRetries=" + maxRetries
                + ", initialBackoffMillis=" + initialBackoffMillis
                + ", maxBackoffMillis=" + maxBackoffMillis + "}";
    }

    private static String redacted(String secret) {
        return secret == null ? "none" : "<redacted>";
    }

    public static final class Builder {
        private final List<String> urls;
        private String username;
        private String password;
        private String apiKey;
        private String caCertificatePath;
        private String indexPrefix = "";
        private boolean installTemplates = true;
        private int bulkActions = 5000;
        private long bulkBytes = 5L * 1024 * 1024;
        private Duration flushInterval = Duration.ofSeconds(1);
        private int maxConcurrentRequests = 2;
        private int maxRetries = 5;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(30);

        private Builder(List<String> urls) {
            this.urls = new ArrayList<>(urls);
        }

        public Builder basicAuth(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        public Builder apiKey(String encodedApiKey) {
            this.apiKey = Objects.requireNonNull(encodedApiKey, "apiKey");
            return this;
        }

        public Builder caCertificatePath(String pemFile) {
            this.caCertificatePath = pemFile;
            return this;
        }

        public Builder indexPrefix(String prefix) {
            this.indexPrefix = Objects.requireNonNull(prefix, "indexPrefix");
            return this;
        }

        public Builder installTemplates(boolean install) {
            this.installTemplates = install;
            return this;
        }

        public Builder bulkActions(int actions) {
            this.bulkActions = actions;
            return this;
        }

        public Builder bulkBytes(long bytes) {
            this.bulkBytes = bytes;
            return this;
        }

        public Builder flushInterval(Duration interval) {
            this.flushInterval = Objects.requireNonNull(interval, "flushInterval");
            return this;
        }

        public Builder maxConcurrentRequests(int requests) {
            this.maxConcurrentRequests = requests;
            return this;
        }

        public Builder maxRetries(int retries) {
            this.maxRetries = retries;
            return this;
        }

        /** The first retry waits {@code initial}, each further one twice as long, never more than {@code max}. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial, "initial");
            this.maxBackoff = Objects.requireNonNull(max, "max");
            return this;
        }

        public ElasticsearchConfig build() {
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("Elasticsearch: at least one URL is needed");
            }
            for (String url : urls) {
                checkUrl(url);
            }
            if (apiKey != null && username != null) {
                throw new IllegalArgumentException("Elasticsearch: give either a user and password or an API key");
            }
            if (caCertificatePath != null && urls.stream().noneMatch(u -> u.startsWith("https:"))) {
                throw new IllegalArgumentException("Elasticsearch: a CA certificate needs https URLs");
            }
            if (!INDEX_PREFIX.matcher(indexPrefix).matches()) {
                throw new IllegalArgumentException("Elasticsearch: index prefix '" + indexPrefix
                        + "' must be lower case letters, digits, '.', '_' or '-', starting with a letter or digit");
            }
            if (bulkActions < 1 || bulkBytes < 1 || maxConcurrentRequests < 1 || maxRetries < 0
                    || flushInterval.isNegative() || initialBackoff.toMillis() < 1
                    || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("Elasticsearch: bulk limits must be positive and the maximum"
                        + " backoff at least the initial one");
            }
            return new ElasticsearchConfig(this);
        }

        /** A URL with user info would put credentials where logs show them: refused, without quoting it. */
        private static void checkUrl(String url) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Elasticsearch: a URL is not valid (" + e.getReason() + ")");
            }
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException(
                        "Elasticsearch: URLs must not hold credentials: use basicAuth or apiKey");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("Elasticsearch: URL " + url + " is not http(s)://host[:port]");
            }
        }
    }
}
