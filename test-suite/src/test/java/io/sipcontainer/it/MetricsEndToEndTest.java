package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;

import javax.sip.message.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.it.support.PrometheusText;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * Prometheus metrics at {@code /metrics} on a real server: the Kamailio-style statistics under
 * {@code sipcontainer_<group>_<name>} move with the SIP traffic, the JVM's meters are there, the
 * text is the Prometheus exposition format, and who may read it follows {@code http.metrics_auth}.
 */
class MetricsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private HttpInfo http() {
        return fixture.server().services().get(HttpInfo.class);
    }

    private HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(WAIT);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> r = get(http().uri("http", "/metrics"), null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        return PrometheusText.parse(r.body());
    }

    @Test
    void sipStatisticsMoveWithTrafficAndTheTextIsPrometheusExposition() throws Exception {
        fixture = new ServerFixture(home).dar(RegisterClient.DAR);
        RegisterClient.deployRegistrar(fixture.deployDir());
        fixture.start();
        PrometheusText before = scrape();

        try (RegisterClient phones = new RegisterClient(fixture.udpAddress()); SipAgent agent = new SipAgent()) {
            for (int i = 1; i <= 3; i++) {
                assertEquals(200, phones.register("user" + i, "Contact: <sip:user" + i + "@127.0.0.1:5999>",
                        "Expires: 600").status());
            }
            String target = "sip:nobody@127.0.0.1:" + fixture.udpPort();
            for (int i = 0; i < 2; i++) {
                Response r = agent.awaitFinalResponse(agent.send(agent.newRequest("OPTIONS", target,
                        agent.uri("probe"), target)), WAIT);
                assertTrue(r.getStatusCode() >= 200, "a final answer to OPTIONS");
            }
        }
        PrometheusText after = scrape();

        assertTrue(after.require("sipcontainer_core_rcv_requests_total")
                - before.require("sipcontainer_core_rcv_requests_total") >= 5, "core:rcv_requests counts 5 requests");
        assertEquals(3, after.require("sipcontainer_core_rcv_requests_register_total")
                - before.require("sipcontainer_core_rcv_requests_register_total"), 0.0, "per method: REGISTER");
        assertEquals(2, after.require("sipcontainer_core_rcv_requests_options_total")
                - before.require("sipcontainer_core_rcv_requests_options_total"), 0.0, "per method: OPTIONS");
        assertTrue(after.require("sipcontainer_sl_200_replies_total") >= 3, "per code: the 200s to REGISTER");
        assertTrue(after.require("sipcontainer_tmx_UAS_transactions_total") >= 5, "tmx:UAS_transactions");
        assertEquals("counter", after.type("sipcontainer_sl_200_replies") != null
                ? after.type("sipcontainer_sl_200_replies") : after.type("sipcontainer_sl_200_replies_total"));
        assertEquals(3, after.require("sipcontainer_usrloc_location_contacts"), 0.0,
                "the gauge usrloc:location-contacts, '-' made '_'");
        assertEquals(3, after.require("sipcontainer_usrloc_registered_users"), 0.0, "usrloc:registered_users");
        assertTrue(after.value("sipcontainer_tmx_active_transactions") != null, "tmx:active_transactions");

        String register = "sipcontainer_response_time_seconds_%s{method=\"register\"%s}";
        assertEquals("histogram", after.type("sipcontainer_response_time_seconds"));
        assertEquals(3, histogram(after, register, "count") - histogram(before, register, "count"), 0.0,
                "three REGISTERs timed to their final response");
        assertEquals(3, histogram(after, register, "bucket", "+Inf") - histogram(before, register, "bucket", "+Inf"),
                0.0, "the +Inf bucket moved by three");
        assertTrue(histogram(after, register, "bucket", "60.0") >= 3 && after.value(register.formatted("bucket",
                ",le=\"0.005\"")) != null, "the fixed buckets, 5 ms to 60 s");
        assertTrue(histogram(after, register, "sum") > 0, "their total time");
        assertEquals(2, histogram(after, register.replace("register", "options"), "count"), 0.0, "OPTIONS apart");

        assertTrue(after.hasSampleStartingWith("jvm_memory_used_bytes{"), "JVM memory");
        assertTrue(after.hasSampleStartingWith("jvm_threads_live_threads"), "JVM threads");
        assertTrue(after.hasSampleStartingWith("jvm_gc_"), "JVM collections");
        assertTrue(after.require("process_files_open_files") > 0, "open file descriptors");
    }

    /** A histogram sample of the method in {@code pattern}, 0 when the series has none yet. */
    private static double histogram(PrometheusText text, String pattern, String suffix, String... le) {
        Double v = text.value(pattern.formatted(suffix, le.length == 0 ? "" : ",le=\"" + le[0] + "\""));
        return v == null ? 0 : v;
    }

    @Test
    void openMetricsIsServedToScrapersThatAskForIt() throws Exception {
        fixture = new ServerFixture(home).start();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(http().uri("http", "/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(r.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
    }

    @Test
    void withMetricsAuthTokenEvenALocalScraperNeedsTheRpcToken() throws Exception {
        fixture = new ServerFixture(home).configure(b -> b.moduleParam("http.metrics_auth", "token")).start();
        URI uri = http().uri("http", "/metrics");
        HttpResponse<String> refused = get(uri, null);
        assertEquals(401, refused.statusCode());
        assertEquals("Bearer realm=\"sipcontainer\"", refused.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, get(uri, "Bearer wrong-token-0123456789").statusCode());
        String token = Files.readString(home.resolve("data/rpc.token")).strip();
        HttpResponse<String> ok = get(uri, "Bearer " + token);
        assertEquals(200, ok.statusCode());
        PrometheusText.parse(ok.body()).require("sipcontainer_core_rcv_requests_total");
        assertEquals(405, client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode(), "read-only: POST is refused");
    }

    @Test
    void byDefaultAScraperOnAnotherAddressNeedsTheToken() throws Exception {
        InetAddress external = nonLoopbackAddress();
        assumeTrue(external != null, "this machine has no non-loopback IPv4 address");
        fixture = new ServerFixture(home).configure(b -> b.httpListen("0.0.0.0", 0)).start();
        URI uri = URI.create("http://" + external.getHostAddress() + ":" + http().port() + "/metrics");
        assertEquals(401, get(uri, null).statusCode());
        String token = Files.readString(home.resolve("data/rpc.token")).strip();
        assertEquals(200, get(uri, "Bearer " + token).statusCode());
        assertEquals(200, get(http().uri("http", "/metrics"), null).statusCode(), "loopback needs nothing");
    }

    @Test
    void metricsNoServesNoMetrics() throws Exception {
        fixture = new ServerFixture(home).configure(b -> b.moduleParam("http.metrics", "no")).start();
        assertEquals(404, get(http().uri("http", "/metrics"), null).statusCode());
    }

    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        return null;
    }
}
