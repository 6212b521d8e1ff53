package jakarta.servlet.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks that {@link SipServlet} routes requests by method and responses by status class to the
 * right handler, and that the default handlers behave as the specification says.
 */
class SipServletDispatchTest {

    /** Records which handler ran, instead of doing the default work. */
    private static final class RecordingServlet extends SipServlet {
        private static final long serialVersionUID = 1L;
        final List<String> calls = new ArrayList<>();

        @Override protected void doInvite(SipServletRequest r) { calls.add("doInvite"); }
        @Override protected void doAck(SipServletRequest r) { calls.add("doAck"); }
        @Override protected void doOptions(SipServletRequest r) { calls.add("doOptions"); }
        @Override protected void doBye(SipServletRequest r) { calls.add("doBye"); }
        @Override protected void doCancel(SipServletRequest r) { calls.add("doCancel"); }
        @Override protected void doRegister(SipServletRequest r) { calls.add("doRegister"); }
        @Override protected void doSubscribe(SipServletRequest r) { calls.add("doSubscribe"); }
        @Override protected void doNotify(SipServletRequest r) { calls.add("doNotify"); }
        @Override protected void doMessage(SipServletRequest r) { calls.add("doMessage"); }
        @Override protected void doInfo(SipServletRequest r) { calls.add("doInfo"); }
        @Override protected void doPrack(SipServletRequest r) { calls.add("doPrack"); }
        @Override protected void doUpdate(SipServletRequest r) { calls.add("doUpdate"); }
        @Override protected void doRefer(SipServletRequest r) { calls.add("doRefer"); }
        @Override protected void doPublish(SipServletRequest r) { calls.add("doPublish"); }
        @Override protected void doProvisionalResponse(SipServletResponse r) { calls.add("doProvisionalResponse"); }
        @Override protected void doSuccessResponse(SipServletResponse r) { calls.add("doSuccessResponse"); }
        @Override protected void doRedirectResponse(SipServletResponse r) { calls.add("doRedirectResponse"); }
        @Override protected void doErrorResponse(SipServletResponse r) { calls.add("doErrorResponse"); }
        @Override protected void doBranchResponse(SipServletResponse r) { calls.add("doBranchResponse"); }
    }

    /** A servlet that overrides nothing, to observe the default handlers. */
    private static final class DefaultServlet extends SipServlet {
        private static final long serialVersionUID = 1L;
    }

    /** A fake request that remembers the responses created from it and whether they were sent. */
    private static final class FakeRequest {
        final String method;
        final boolean committed;
        final List<Integer> createdStatuses = new ArrayList<>();
        final List<Integer> sentStatuses = new ArrayList<>();
        final SipServletRequest proxy;

        FakeRequest(String method, boolean committed) {
            this.method = method;
            this.committed = committed;
            InvocationHandler handler = (self, m, args) -> switch (m.getName()) {
                case "getMethod" -> method;
                case "isCommitted" -> committed;
                case "isInitial" -> true;
                case "createResponse" -> createResponse((Integer) args[0]);
                case "toString" -> "FakeRequest " + method;
                default -> throw new UnsupportedOperationException(m.getName());
            };
            this.proxy = (SipServletRequest) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {SipServletRequest.class}, handler);
        }

        private SipServletResponse createResponse(int status) {
            createdStatuses.add(status);
            InvocationHandler handler = (self, m, args) -> switch (m.getName()) {
                case "getStatus" -> status;
                case "send" -> {
                    sentStatuses.add(status);
                    yield null;
                }
                default -> throw new UnsupportedOperationException(m.getName());
            };
            return (SipServletResponse) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {SipServletResponse.class}, handler);
        }
    }

    private static SipServletResponse response(int status, boolean branchResponse) {
        InvocationHandler handler = (self, m, args) -> switch (m.getName()) {
            case "getStatus" -> status;
            case "isBranchResponse" -> branchResponse;
            case "toString" -> "FakeResponse " + status;
            default -> throw new UnsupportedOperationException(m.getName());
        };
        return (SipServletResponse) java.lang.reflect.Proxy.newProxyInstance(
                SipServletDispatchTest.class.getClassLoader(), new Class<?>[] {SipServletResponse.class}, handler);
    }

    @ParameterizedTest
    @CsvSource({
        "INVITE, doInvite", "ACK, doAck", "OPTIONS, doOptions", "BYE, doBye", "CANCEL, doCancel",
        "REGISTER, doRegister", "SUBSCRIBE, doSubscribe", "NOTIFY, doNotify", "MESSAGE, doMessage",
        "INFO, doInfo", "PRACK, doPrack", "UPDATE, doUpdate", "REFER, doRefer", "PUBLISH, doPublish"
    })
    void requestIsDispatchedToTheHandlerOfItsMethod(String method, String expectedHandler) throws Exception {
        RecordingServlet servlet = new RecordingServlet();

        servlet.service(new FakeRequest(method, false).proxy, null);

        assertEquals(List.of(expectedHandler), servlet.calls);
    }

    @ParameterizedTest
    @CsvSource({
        "100, doProvisionalResponse", "180, doProvisionalResponse", "183, doProvisionalResponse",
        "200, doSuccessResponse", "202, doSuccessResponse", "299, doSuccessResponse",
        "300, doRedirectResponse", "302, doRedirectResponse", "380, doRedirectResponse",
        "400, doErrorResponse", "486, doErrorResponse", "500, doErrorResponse", "503, doErrorResponse",
        "600, doErrorResponse", "699, doErrorResponse"
    })
    void responseIsDispatchedByStatusClass(int status, String expectedHandler) throws Exception {
        RecordingServlet servlet = new RecordingServlet();

        servlet.service(null, response(status, false));

        assertEquals(List.of(expectedHandler), servlet.calls);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 302, 486, 603})
    void intermediateProxyBranchResponseGoesOnlyToDoBranchResponse(int status) throws Exception {
        RecordingServlet servlet = new RecordingServlet();

        servlet.service(null, response(status, true));

        assertEquals(List.of("doBranchResponse"), servlet.calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"INVITE", "OPTIONS", "BYE", "REGISTER", "SUBSCRIBE", "NOTIFY", "MESSAGE", "INFO",
        "UPDATE", "REFER", "PUBLISH"})
    void unhandledRequestIsRejectedWith500ByDefault(String method) throws Exception {
        FakeRequest request = new FakeRequest(method, false);

        new DefaultServlet().service(request.proxy, null);

        assertEquals(List.of(500), request.sentStatuses);
    }

    @Test
    void unhandledPrackIsLeftToTheContainer() throws Exception {
        FakeRequest request = new FakeRequest("PRACK", false);

        new DefaultServlet().service(request.proxy, null);

        assertTrue(request.sentStatuses.isEmpty(), "the container answers a PRACK the servlet leaves (200)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO", "invite", "Bye"})
    void requestWithUnknownOrWronglyCasedMethodIsRejectedWith500(String method) throws Exception {
        FakeRequest request = new FakeRequest(method, false);
        RecordingServlet servlet = new RecordingServlet();

        servlet.service(request.proxy, null);

        assertTrue(servlet.calls.isEmpty(), "no handler should run for " + method);
        assertEquals(List.of(500), request.sentStatuses);
    }

    @Test
    void defaultHandlerDoesNotAnswerACommittedRequest() throws Exception {
        FakeRequest request = new FakeRequest("INVITE", true);

        new DefaultServlet().service(request.proxy, null);

        assertTrue(request.createdStatuses.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACK", "CANCEL"})
    void ackAndCancelAreIgnoredByDefault(String method) throws Exception {
        FakeRequest request = new FakeRequest(method, false);

        new DefaultServlet().service(request.proxy, null);

        assertTrue(request.createdStatuses.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 180, 200, 302, 404, 603})
    void defaultResponseHandlersTouchNothingButTheStatus(int status) throws Exception {
        // The fake throws on any method other than getStatus/isBranchResponse, so a default handler
        // that did anything with the response would fail this test.
        new DefaultServlet().service(null, response(status, false));
    }

    @Test
    void serviceRejectsANonSipRequest() {
        ServletRequest httpLike = (ServletRequest) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ServletRequest.class},
                (self, m, args) -> { throw new UnsupportedOperationException(m.getName()); });

        ServletException e = assertThrows(ServletException.class,
                () -> new RecordingServlet().service(httpLike, null));
        assertTrue(e.getMessage().contains("Not a SIP request"), e.getMessage());
    }

    @Test
    void serviceRejectsAMissingMessage() {
        assertThrows(ServletException.class, () -> new RecordingServlet().service(null, null));
    }

    @Test
    void contextAttributeNamesUseTheJakartaPrefix() {
        assertEquals("jakarta.servlet.sip.SipFactory", SipServlet.SIP_FACTORY);
        assertEquals("jakarta.servlet.sip.SipSessionsUtil", SipServlet.SIP_SESSIONS_UTIL);
        assertEquals("jakarta.servlet.sip.TimerService", SipServlet.TIMER_SERVICE);
        assertEquals("jakarta.servlet.sip.outboundInterfaces", SipServlet.OUTBOUND_INTERFACES);
        assertEquals("jakarta.servlet.sip.supported", SipServlet.SUPPORTED);
        assertEquals("jakarta.servlet.sip.supportedRfcs", SipServlet.SUPPORTED_RFCs);
    }
}
