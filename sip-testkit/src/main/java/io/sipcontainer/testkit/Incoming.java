package io.sipcontainer.testkit;

import java.text.ParseException;

import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A request the {@link SipClient} received, for the test to answer as a UAS. Every response to it
 * carries the same To tag; 2xx and INVITE provisionals get a Contact of the client.
 */
public final class Incoming {

    private final SipClient client;
    private final Request request;
    private final ServerTransaction transaction;
    private final String toTag = SipClient.newTag();

    Incoming(SipClient client, Request request, ServerTransaction transaction) {
        this.client = client;
        this.request = request;
        this.transaction = transaction;
    }

    /** The request as received. */
    public Request request() {
        return request;
    }

    /** Answers with {@code status} and returns the response sent. */
    public Response respond(int status) {
        Response response = response(status);
        send(response);
        return response;
    }

    /** The response {@link #respond(int)} would send, to add headers or a body before {@link #send}. */
    public Response response(int status) {
        try {
            Response response = client.messages().createResponse(status, request);
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (to.getTag() == null && status > 100) {
                to.setTag(toTag);
            }
            if (status / 100 == 2 || (Request.INVITE.equals(request.getMethod()) && status > 100 && status < 200)) {
                response.setHeader(client.contact());
            }
            return response;
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot answer " + status + ": " + e.getMessage(), e);
        }
    }

    /** Sends a response made by {@link #response(int)} in the request's server transaction. */
    public void send(Response response) {
        if (transaction == null) {
            throw new IllegalStateException("no transaction to answer " + request.getMethod() + " in (an ACK?)");
        }
        try {
            transaction.sendResponse(response);
        } catch (SipException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot send " + response.getStatusCode() + ": " + e.getMessage(), e);
        }
    }
}
