package io.sipcontainer.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * One request the {@link SipClient} sent and the responses it gets, in arrival order. The expect
 * methods wait (up to the client's timeout) and fail the test naming what came instead.
 */
public final class Exchange {

    private final SipClient client;
    private final Request request;
    private final BlockingQueue<Object> responses;
    private final List<Response> provisionals = new ArrayList<>();
    private Response finalResponse;

    Exchange(SipClient client, Request request, BlockingQueue<Object> responses) {
        this.client = client;
        this.request = request;
        this.responses = responses;
    }

    /** The request as sent. */
    public Request request() {
        return request;
    }

    /** Waits for the final response and checks its status; returns it (e.g. to {@link SipClient#ack}). */
    public Response expect(int status) {
        Response response = finalResponse();
        if (response.getStatusCode() != status) {
            throw new AssertionError("expected " + status + " to " + request.getMethod() + ", got "
                    + response.getStatusCode() + " " + response.getReasonPhrase() + " after " + provisionalCodes());
        }
        return response;
    }

    /** Waits for a provisional response of that status (skipping other provisionals). */
    public Response expectProvisional(int status) {
        for (Response r : provisionals) {
            if (r.getStatusCode() == status) {
                return r;
            }
        }
        long deadline = System.nanoTime() + client.timeout().toNanos();
        while (finalResponse == null) {
            Response r = next(deadline);
            if (r.getStatusCode() == status) {
                return r;
            }
        }
        throw new AssertionError("no " + status + " to " + request.getMethod() + " before its final response "
                + finalResponse.getStatusCode() + " (provisional: " + provisionalCodes() + ")");
    }

    /** Waits for the final response (2xx-6xx), whatever its status. */
    public Response finalResponse() {
        long deadline = System.nanoTime() + client.timeout().toNanos();
        while (finalResponse == null) {
            next(deadline);
        }
        return finalResponse;
    }

    /** Status codes of the provisional responses seen so far. */
    public List<Integer> provisionalCodes() {
        return provisionals.stream().map(Response::getStatusCode).toList();
    }

    private Response next(long deadline) {
        Object next = poll(responses, Duration.ofNanos(deadline - System.nanoTime()));
        if (next == null) {
            throw new AssertionError("no final response to " + request.getMethod() + " within " + client.timeout()
                    + " (provisional: " + provisionalCodes() + ")");
        }
        if (next == SipClient.TIMED_OUT) {
            throw new AssertionError("the " + request.getMethod() + " transaction timed out (provisional: "
                    + provisionalCodes() + ")");
        }
        Response response = (Response) next;
        if (response.getStatusCode() < 200) {
            provisionals.add(response);
        } else if (finalResponse == null) {
            finalResponse = response;
        }
        return response;
    }

    static <T> T poll(BlockingQueue<T> queue, Duration wait) {
        try {
            return queue.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
