package io.sipcontainer.message;

import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.session.DialogState;
import io.sipcontainer.transport.Connector;

/**
 * Completes a response the application created: the To tag the dialog uses and, for responses
 * that create or refresh a dialog (INVITE, UPDATE ...), the Contact of this server (a system header the application
 * may not write).
 */
final class ResponseBuilder {
    private ResponseBuilder() {
    }

    static SipServletResponseImpl prepare(SipServletResponseImpl r) {
        SIPResponse response = r.jainResponse();
        int status = response.getStatusCode();
        DialogState dialog = r.sipSession() == null ? null : r.sipSession().dialog();
        if (status > 100 && response.getToTag() == null) {
            String tag = dialog == null ? null : dialog.localTag();
            if (tag == null) {
                tag = Tags.newTag();
                if (dialog != null) {
                    dialog.setLocalTag(tag);
                }
            }
            try {
                response.getTo().setTag(tag);
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
        }
        if (status > 100 && status < 300 && Methods.carriesContact(r.getMethod())
                && response.getHeader("Contact") == null && r.connector() != null) {
            r.setHeaderInternal("Contact", contactOf(r.connector(), null));
        }
        if (status >= 200 && status < 300 && r.getRequest() instanceof SipServletRequestImpl request) {
            for (String[] header : request.successResponseHeaders()) {
                r.addHeaderInternal(header[0], header[1]);
            }
        }
        if (r.services.serverHeader() != null && response.getHeader("Server") == null) {
            r.setHeaderInternal("Server", r.services.serverHeader());
        }
        return r;
    }

    /** The Contact this server puts in its own requests and responses for a connector. */
    static String contactOf(Connector c, String user) {
        StringBuilder sb = new StringBuilder(64).append("<sip:");
        if (user != null && !user.isEmpty()) {
            sb.append(user).append('@');
        }
        String host = c.advertisedHost();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            sb.append('[').append(host).append(']');
        } else {
            sb.append(host);
        }
        sb.append(':').append(c.advertisedPort());
        if (!"udp".equals(c.transport())) {
            sb.append(";transport=").append(c.transport());
        }
        return sb.append('>').toString();
    }
}
