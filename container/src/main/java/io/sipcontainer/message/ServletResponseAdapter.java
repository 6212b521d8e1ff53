package io.sipcontainer.message;

import java.io.PrintWriter;
import java.util.Locale;

import gov.nist.javax.sip.message.SIPMessage;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;

import io.sipcontainer.session.SipSessionImpl;
import io.sipcontainer.transport.Connector;

/**
 * The {@link ServletResponse} side of a SIP response: no output stream or writer (content is
 * set with setContent), no buffer. Kept apart so the response class holds only SIP behaviour.
 */
abstract class ServletResponseAdapter extends SipServletMessageImpl implements ServletResponse {

    ServletResponseAdapter(SIPMessage message, MessageServices services, SipSessionImpl session, Connector connector) {
        super(message, services, session, connector);
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return null;
    }

    @Override
    public PrintWriter getWriter() {
        return null;
    }

    @Override
    public void setContentLengthLong(long len) {
        setContentLength((int) len);
    }

    @Override
    public void setBufferSize(int size) {
        // SIP messages are sent whole; there is no buffer to size
    }

    @Override
    public int getBufferSize() {
        return 0;
    }

    @Override
    public void flushBuffer() {
        // nothing is buffered
    }

    @Override
    public void resetBuffer() {
        // nothing is buffered
    }

    @Override
    public void reset() {
        checkNotCommitted();
    }

    @Override
    public void setLocale(Locale loc) {
        setContentLanguage(loc);
    }

    @Override
    public Locale getLocale() {
        Locale l = getContentLanguage();
        return l == null ? Locale.getDefault() : l;
    }
}
