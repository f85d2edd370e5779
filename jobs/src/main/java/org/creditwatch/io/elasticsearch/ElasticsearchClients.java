package org.creditwatch.io.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.message.BasicHeader;

/** Creates Elasticsearch clients from an {@link ElasticsearchConfig}: the sink's and a deploy script's. */
public final class ElasticsearchClients {
    private ElasticsearchClients() {}

    /** A client on the REST 5 transport; closing it closes its connections. */
    public static ElasticsearchClient create(ElasticsearchConfig config) throws IOException {
        List<URI> uris = config.urls().stream().map(URI::create).toList();
        Rest5ClientBuilder builder = Rest5Client.builder(uris)
                // Apache HttpClient would resend a request answered 429 or 503 once, after a second, unseen:
                // the sink retries on its own terms (backoff, bounds, counting), so that layer is switched off.
                .setHttpClientConfigCallback(HttpAsyncClientBuilder::disableAutomaticRetries);
        if (config.apiKey() != null) {
            builder.setDefaultHeaders(authorization("ApiKey " + config.apiKey()));
        } else if (config.username() != null) {
            String pair = config.username() + ":" + config.password();
            builder.setDefaultHeaders(authorization(
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
        }
        if (config.caCertificatePath() != null) {
            builder.setSSLContext(TransportUtils.sslContextFromHttpCaCrt(new File(config.caCertificatePath())));
        }
        return new ElasticsearchClient(new Rest5ClientTransport(builder.build(), new JacksonJsonpMapper()));
    }

    private static Header[] authorization(String value) {
        return new Header[] {new BasicHeader(HttpHeaders.AUTHORIZATION, value, true)};
    }
}
