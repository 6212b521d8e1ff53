package io.sipcontainer.message;

import java.io.BufferedReader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import gov.nist.javax.sip.message.SIPMessage;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import io.sipcontainer.session.SipSessionImpl;
import io.sipcontainer.transport.Connector;

/**
 * The {@link ServletRequest} side of a SIP request: what the SIP Servlet specification says
 * those inherited methods do for SIP (no body stream, no async, no request dispatcher), kept
 * apart so the request class holds only SIP behaviour.
 */
abstract class ServletRequestAdapter extends SipServletMessageImpl implements ServletRequest {

    ServletRequestAdapter(SIPMessage message, MessageServices services, SipSessionImpl session, Connector connector) {
        super(message, services, session, connector);
    }

    @Override
    public long getContentLengthLong() {
        return getContentLength();
    }

    /** SIP requests expose no body stream: the content is read with getContent/getRawContent. */
    @Override
    public ServletInputStream getInputStream() {
        return null;
    }

    @Override
    public BufferedReader getReader() {
        return null;
    }

    @Override
    public String getScheme() {
        return "sip";
    }

    @Override
    public String getServerName() {
        return getLocalAddr();
    }

    @Override
    public int getServerPort() {
        return getLocalPort();
    }

    @Override
    public String getRemoteHost() {
        return getRemoteAddr();
    }

    @Override
    public String getLocalName() {
        return getLocalAddr();
    }

    @Override
    public Locale getLocale() {
        Locale l = getAcceptLanguage();
        return l == null ? Locale.getDefault() : l;
    }

    @Override
    public Enumeration<Locale> getLocales() {
        java.util.List<Locale> list = new java.util.ArrayList<>();
        getAcceptLanguages().forEachRemaining(list::add);
        if (list.isEmpty()) {
            list.add(Locale.getDefault());
        }
        return Collections.enumeration(list);
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        return null;
    }

    @Override
    public ServletContext getServletContext() {
        return session == null ? null : session.getServletContext();
    }

    @Override
    public AsyncContext startAsync() {
        throw new IllegalStateException("SIP requests do not support asynchronous servlet processing");
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        throw new IllegalStateException("SIP requests do not support asynchronous servlet processing");
    }

    @Override
    public boolean isAsyncStarted() {
        return false;
    }

    @Override
    public boolean isAsyncSupported() {
        return false;
    }

    @Override
    public AsyncContext getAsyncContext() {
        throw new IllegalStateException("SIP requests do not support asynchronous servlet processing");
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }

    @Override
    public String getRequestId() {
        return getCallId() + "/" + getHeader("CSeq");
    }

    @Override
    public String getProtocolRequestId() {
        return getRequestId();
    }

    @Override
    public ServletConnection getServletConnection() {
        Connector c = connector;
        return new ServletConnection() {
            @Override
            public String getConnectionId() {
                return String.valueOf(getRemoteAddr()) + ":" + getRemotePort();
            }

            @Override
            public String getProtocol() {
                return "SIP/2.0";
            }

            @Override
            public String getProtocolConnectionId() {
                return "";
            }

            @Override
            public boolean isSecure() {
                return c != null && c.isSecure();
            }
        };
    }

    /** Parameters of a SIP request are those of its Request-URI, as the specification says. */
    @Override
    public Map<String, String[]> getParameterMap() {
        return Collections.emptyMap();
    }
}
