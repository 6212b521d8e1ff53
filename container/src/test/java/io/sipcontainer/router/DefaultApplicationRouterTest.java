package io.sipcontainer.router;

import static io.sipcontainer.router.FakeRequests.request;
import static jakarta.servlet.sip.ar.SipApplicationRoutingDirective.CONTINUE;
import static jakarta.servlet.sip.ar.SipApplicationRoutingDirective.NEW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.ar.SipApplicationRouterInfo;
import jakarta.servlet.sip.ar.SipApplicationRoutingRegion;
import jakarta.servlet.sip.ar.SipRouteModifier;
import jakarta.servlet.sip.ar.SipTargetedRequestInfo;
import jakarta.servlet.sip.ar.SipTargetedRequestType;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultApplicationRouterTest {

    private static final String THREE_APPS = """
            INVITE: ("a", "DAR:From", "ORIGINATING", "", "NO_ROUTE", "0"), \\
                    ("b", "DAR:To", "TERMINATING", "", "NO_ROUTE", "1"), \\
                    ("c", "literal-subscriber", "NEUTRAL", "", "NO_ROUTE", "2")
            """;

    private static DefaultApplicationRouter routerOver(String darText, String... deployed) {
        DefaultApplicationRouter router = new DefaultApplicationRouter(DarParser.parse(darText, "test-dar"));
        router.init();
        router.applicationDeployed(List.of(deployed));
        return router;
    }

    private static SipApplicationRouterInfo next(DefaultApplicationRouter router, SipServletRequest request,
            Serializable state) {
        return router.getNextApplication(request, null, CONTINUE, null, state);
    }

    @Test
    void walksTheMethodListInOrderUsingStateInfoAsPosition() {
        DefaultApplicationRouter router = routerOver(THREE_APPS, "a", "b", "c");
        SipServletRequest invite = request("INVITE");

        SipApplicationRouterInfo first = router.getNextApplication(invite, null, NEW, null, null);
        assertEquals("a", first.getNextApplicationName());
        SipApplicationRouterInfo second = next(router, invite, first.getStateInfo());
        assertEquals("b", second.getNextApplicationName());
        SipApplicationRouterInfo third = next(router, invite, second.getStateInfo());
        assertEquals("c", third.getNextApplicationName());
        assertNull(next(router, invite, third.getStateInfo()), "list exhausted");
    }

    @Test
    void newDirectiveStartsFromTheTopWhateverTheState() {
        DefaultApplicationRouter router = routerOver(THREE_APPS, "a", "b", "c");
        SipApplicationRouterInfo info = router.getNextApplication(request("INVITE"), null, NEW, null, 1);
        assertEquals("a", info.getNextApplicationName());
        assertEquals(0, info.getStateInfo());
    }

    @Test
    void undeployedApplicationsAreSkipped() {
        DefaultApplicationRouter router = routerOver(THREE_APPS, "a", "c");
        SipServletRequest invite = request("INVITE");

        SipApplicationRouterInfo first = next(router, invite, null);
        assertEquals("a", first.getNextApplicationName());
        SipApplicationRouterInfo second = next(router, invite, first.getStateInfo());
        assertEquals("c", second.getNextApplicationName());
        assertEquals(2, second.getStateInfo());

        router.applicationUndeployed(List.of("a"));
        assertEquals("c", next(router, invite, null).getNextApplicationName());
        router.applicationUndeployed(List.of("c"));
        assertNull(next(router, invite, null));
        assertEquals(Set.of(), router.deployedApplications());
    }

    @Test
    void methodWithoutListRoutesNowhere() {
        DefaultApplicationRouter router = routerOver(THREE_APPS, "a", "b", "c");
        assertNull(next(router, request("MESSAGE"), null));
    }

    @Test
    void foreignStateInfoStartsFromTheTop() {
        DefaultApplicationRouter router = routerOver(THREE_APPS, "a", "b", "c");
        assertEquals("a", next(router, request("INVITE"), "not-ours").getNextApplicationName());
    }

    @Test
    void subscriberAndRegionComeFromTheTupleAndRequest() {
        DefaultApplicationRouter router = routerOver(THREE_APPS, "a", "b", "c");
        SipServletRequest invite = request("INVITE");

        SipApplicationRouterInfo a = next(router, invite, null);
        assertEquals("sip:alice@a.example.com", a.getSubscriberURI(), "DAR:From is the From URI");
        assertSame(SipApplicationRoutingRegion.ORIGINATING_REGION, a.getRoutingRegion());
        SipApplicationRouterInfo b = next(router, invite, a.getStateInfo());
        assertEquals("sip:bob@b.example.com", b.getSubscriberURI(), "DAR:To is the To URI");
        assertSame(SipApplicationRoutingRegion.TERMINATING_REGION, b.getRoutingRegion());
        SipApplicationRouterInfo c = next(router, invite, b.getStateInfo());
        assertEquals("literal-subscriber", c.getSubscriberURI());
        assertSame(SipApplicationRoutingRegion.NEUTRAL_REGION, c.getRoutingRegion());
        assertEquals(SipRouteModifier.NO_ROUTE, c.getRouteModifier());
        assertEquals(0, c.getRoutes().length);
    }

    @Test
    void subscriberFromOtherHeadersUsesTheAddressOrTheRawValue() {
        DefaultApplicationRouter router = routerOver("""
                MESSAGE: ("a", "DAR:P-Asserted-Identity", "ORIGINATING", "", "NO_ROUTE", "0"), \\
                         ("b", "DAR:X-Subscriber", "TERMINATING", "", "NO_ROUTE", "1"), \\
                         ("c", "DAR:X-Missing", "TERMINATING", "", "NO_ROUTE", "2")
                """, "a", "b", "c");
        SipServletRequest message = request("MESSAGE", Map.of(
                "From", "<sip:alice@a.example.com>", "To", "<sip:bob@b.example.com>",
                "P-Asserted-Identity", "\"Alice\" <sip:alice@trusted.example.com>",
                "X-Subscriber", "tel:+15551234"));

        SipApplicationRouterInfo a = next(router, message, null);
        assertEquals("sip:alice@trusted.example.com", a.getSubscriberURI());
        SipApplicationRouterInfo b = next(router, message, a.getStateInfo());
        assertEquals("tel:+15551234", b.getSubscriberURI());
        SipApplicationRouterInfo c = next(router, message, b.getStateInfo());
        assertNull(c.getSubscriberURI(), "absent header gives no subscriber");
    }

    @Test
    void routeModifierReturnsTheConfiguredRoute() {
        DefaultApplicationRouter router = routerOver("""
                INVITE: ("a", "DAR:From", "ORIGINATING", "sip:scscf.example.com;lr", "ROUTE", "0"), \\
                        ("b", "DAR:To", "TERMINATING", "sip:ignored.example.com", "NO_ROUTE", "1")
                """, "a", "b");
        SipApplicationRouterInfo a = next(router, request("INVITE"), null);
        assertEquals(SipRouteModifier.ROUTE, a.getRouteModifier());
        assertArrayEquals(new String[] {"sip:scscf.example.com;lr"}, a.getRoutes());
        SipApplicationRouterInfo b = next(router, request("INVITE"), a.getStateInfo());
        assertEquals(SipRouteModifier.NO_ROUTE, b.getRouteModifier());
        assertEquals(0, b.getRoutes().length, "NO_ROUTE carries no route");
    }

    @Test
    void pureRouteEntryNeedsNoDeployedApplication() {
        DefaultApplicationRouter router = routerOver(
                "INFO: (\"\", \"\", \"NEUTRAL\", \"sip:proxy.example.com;lr\", \"ROUTE\", \"0\")");
        SipApplicationRouterInfo info = next(router, request("INFO"), null);
        assertNull(info.getNextApplicationName());
        assertEquals(SipRouteModifier.ROUTE, info.getRouteModifier());
        assertArrayEquals(new String[] {"sip:proxy.example.com;lr"}, info.getRoutes());
    }

    @Test
    void targetedRequestGoesToTheTargetedApplicationAndContinuesAfterIt() {
        DefaultApplicationRouter router = routerOver(THREE_APPS, "a", "b", "c");
        SipServletRequest invite = request("INVITE");
        SipTargetedRequestInfo targeted = new SipTargetedRequestInfo(SipTargetedRequestType.ENCODED_URI, "b");

        SipApplicationRouterInfo info = router.getNextApplication(invite, null, NEW, targeted, null);
        assertEquals("b", info.getNextApplicationName());
        assertEquals("sip:bob@b.example.com", info.getSubscriberURI());
        assertSame(SipApplicationRoutingRegion.TERMINATING_REGION, info.getRoutingRegion());
        assertEquals("c", next(router, invite, info.getStateInfo()).getNextApplicationName());
    }

    @Test
    void targetedApplicationOutsideTheListRunsAloneInTheNeutralRegion() {
        DefaultApplicationRouter router = routerOver(THREE_APPS, "a", "b", "c", "conference");
        SipServletRequest invite = request("INVITE");
        SipTargetedRequestInfo targeted = new SipTargetedRequestInfo(SipTargetedRequestType.JOIN, "conference");

        SipApplicationRouterInfo info = router.getNextApplication(invite, null, NEW, targeted, null);
        assertEquals("conference", info.getNextApplicationName());
        assertSame(SipApplicationRoutingRegion.NEUTRAL_REGION, info.getRoutingRegion());
        assertNull(next(router, invite, info.getStateInfo()), "no composition after a lone target");
    }

    @Test
    void targetedApplicationThatIsNotDeployedFallsBackToTheList() {
        DefaultApplicationRouter router = routerOver(THREE_APPS, "a", "b", "c");
        SipTargetedRequestInfo targeted = new SipTargetedRequestInfo(SipTargetedRequestType.REPLACES, "gone");
        assertEquals("a", router.getNextApplication(request("INVITE"), null, NEW, targeted, null)
                .getNextApplicationName());
    }

    @Test
    void initReadsTheFileAndDeploymentChangesReloadIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dar.properties");
        Files.writeString(file, "INVITE: (\"a\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")\n");
        DefaultApplicationRouter router = new DefaultApplicationRouter(file);
        router.init();
        router.applicationDeployed(List.of("a", "b"));
        assertEquals("a", next(router, request("INVITE"), null).getNextApplicationName());

        Files.writeString(file, "INVITE: (\"b\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")\n");
        router.applicationUndeployed(List.of("x"));
        assertEquals("b", next(router, request("INVITE"), null).getNextApplicationName());

        Files.writeString(file, "OPTIONS: (\"a\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")\n");
        DarFile reloaded = router.reload();
        assertEquals(Set.of("OPTIONS"), reloaded.methods());
        assertNull(next(router, request("INVITE"), null));
        assertEquals("a", next(router, request("OPTIONS"), null).getNextApplicationName());
    }

    @Test
    void invalidFileOnReloadKeepsThePreviousTable(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dar.properties");
        Files.writeString(file, "INVITE: (\"a\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")\n");
        DefaultApplicationRouter router = new DefaultApplicationRouter(file);
        router.init();
        router.applicationDeployed(List.of("a"));

        Files.writeString(file, "# broken\nINVITE: (\"a\", \"\")\n");
        DarParseException e = assertThrows(DarParseException.class, router::reload);
        assertEquals(2, e.lineNumber());
        router.applicationDeployed(List.of("b"));
        assertEquals("a", next(router, request("INVITE"), null).getNextApplicationName());
    }

    @Test
    void initFailsClearlyOnAnInvalidOrMissingFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dar.properties");
        Files.writeString(file, "INVITE: (\"a\", \"\", \"SIDEWAYS\", \"\", \"NO_ROUTE\", \"0\")\n");
        DarParseException invalid = assertThrows(DarParseException.class, () -> new DefaultApplicationRouter(file).init());
        assertEquals(file.toString(), invalid.sourceName());

        Path missing = dir.resolve("missing.properties");
        RuntimeException unreadable = assertThrows(RuntimeException.class,
                () -> new DefaultApplicationRouter(missing).init());
        assertTrue(unreadable.getMessage().contains(missing.toString()), unreadable.getMessage());
    }

    @Test
    void initPropertiesCanNameTheFileAsAUri(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dar.properties");
        Files.writeString(file, "OPTIONS: (\"o\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")\n");
        Properties properties = new Properties();
        properties.setProperty(DefaultApplicationRouter.LEGACY_CONFIGURATION_PROPERTY, file.toUri().toString());

        DefaultApplicationRouter router = new DefaultApplicationRouter();
        router.init(properties);
        router.applicationDeployed(List.of("o"));
        assertEquals("o", next(router, request("OPTIONS"), null).getNextApplicationName());
    }

    @Test
    void initCanOnlyBeCalledOnce() {
        DefaultApplicationRouter router = routerOver(THREE_APPS);
        assertThrows(IllegalStateException.class, router::init);
        assertThrows(IllegalStateException.class, () -> router.init(new Properties()));
    }

    @Test
    void destroyedRouterRoutesNothing() {
        DefaultApplicationRouter router = routerOver(THREE_APPS, "a", "b", "c");
        router.destroy();
        assertNull(next(router, request("INVITE"), null));
    }

    @Test
    void concurrentRoutingAlwaysSeesAWholeTableWhileItIsReloaded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dar.properties");
        String first = "INVITE: (\"a\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\"), (\"b\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"1\")\n";
        String second = "INVITE: (\"c\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\"), (\"d\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"1\")\n";
        Files.writeString(file, first);
        DefaultApplicationRouter router = new DefaultApplicationRouter(file);
        router.init();
        router.applicationDeployed(List.of("a", "b", "c", "d"));

        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> routers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                routers.add(pool.submit(() -> {
                    SipServletRequest invite = request("INVITE");
                    int calls = 0;
                    while (running.get() || calls == 0) {
                        SipApplicationRouterInfo info = next(router, invite, null);
                        assertNotNull(info);
                        String app = info.getNextApplicationName();
                        assertTrue(app.equals("a") || app.equals("c"), app);
                        calls++;
                    }
                    return calls;
                }));
            }
            for (int i = 0; i < 50; i++) {
                Files.writeString(file, i % 2 == 0 ? second : first);
                router.reload();
            }
            running.set(false);
            for (Future<Integer> f : routers) {
                assertTrue(f.get(30, TimeUnit.SECONDS) > 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static final String BY_ORIGIN = """
            MESSAGE@network: ("proxy", "DAR:To", "NEUTRAL", "", "NO_ROUTE", "0")
            MESSAGE@app: ("logger", "DAR:From", "ORIGINATING", "", "NO_ROUTE", "0"), \\
                         ("proxy", "DAR:To", "NEUTRAL", "", "NO_ROUTE", "1")
            INFO@network: ("proxy", "DAR:To", "NEUTRAL", "", "NO_ROUTE", "0")
            OPTIONS: ("options", "DAR:To", "NEUTRAL", "", "NO_ROUTE", "0")
            """;

    @Test
    void networkAndApplicationRequestsWalkTheirOwnLists() {
        DefaultApplicationRouter router = routerOver(BY_ORIGIN, "proxy", "logger", "options");
        SipApplicationRouterInfo fromNetwork = router.getNextApplication(FakeRequests.received("MESSAGE"), null,
                NEW, null, null);
        assertEquals("proxy", fromNetwork.getNextApplicationName());
        assertNull(next(router, FakeRequests.received("MESSAGE"), fromNetwork.getStateInfo()),
                "the network list has one application");

        SipApplicationRouterInfo own = router.getNextApplication(request("MESSAGE"), null,
                NEW, null, null);
        assertEquals("logger", own.getNextApplicationName(), "an application's own MESSAGE takes the @app list");
        assertEquals("proxy", next(router, request("MESSAGE"), own.getStateInfo()).getNextApplicationName(),
                "its chain goes on along the @app list");
    }

    @Test
    void anApplicationsOwnRequestIsNotCapturedByANetworkOnlyList() {
        DefaultApplicationRouter router = routerOver(BY_ORIGIN, "proxy", "logger", "options");
        assertNull(router.getNextApplication(request("INFO"), null, NEW, null, null),
                "INFO@network only: the application's INFO leaves for its target");
        assertEquals("proxy", router.getNextApplication(FakeRequests.received("INFO"), null,
                NEW, null, null).getNextApplicationName());
    }

    @Test
    void aPlainMethodListServesBothOriginsAsBefore() {
        DefaultApplicationRouter router = routerOver(BY_ORIGIN, "proxy", "logger", "options");
        SipApplicationRouterInfo own = router.getNextApplication(request("OPTIONS"), null,
                NEW, null, null);
        assertEquals("options", own.getNextApplicationName());
        assertEquals(0, own.getStateInfo(), "a plain list's state stays the Integer position");
        assertEquals("options", router.getNextApplication(FakeRequests.received("OPTIONS"), null,
                NEW, null, null).getNextApplicationName());
    }
}
