package org.example.testapps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.Proxy;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.URI;

/**
 * Test proxy: proxies every initial request to the targets of its X-Targets header, with the
 * options the request names (X-RR, X-Sequential, X-Timeout, X-Unsupervised); counts the in-dialog
 * requests it sees in the X-Seen attribute of the session, and tags branch responses it is shown.
 */
public class ProxyServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doRequest(SipServletRequest req) throws ServletException, IOException {
        if (!req.isInitial()) {
            req.getSession().setAttribute("seen-" + req.getMethod(), Boolean.TRUE);
            return;
        }
        if ("ACK".equals(req.getMethod()) || "CANCEL".equals(req.getMethod())) {
            return;
        }
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        List<URI> targets = new ArrayList<>();
        for (String t : req.getHeader("X-Targets").split(",")) {
            targets.add(factory.createURI(t.trim()));
        }
        Proxy proxy = req.getProxy();
        proxy.setRecordRoute(req.getHeader("X-RR") != null);
        proxy.setParallel(req.getHeader("X-Sequential") == null);
        proxy.setSupervised(req.getHeader("X-Unsupervised") == null);
        if (req.getHeader("X-Timeout") != null) {
            proxy.setProxyTimeout(Integer.parseInt(req.getHeader("X-Timeout")));
        }
        proxy.proxyTo(targets);
    }

    @Override
    protected void doBranchResponse(SipServletResponse resp) {
        resp.getSession().setAttribute("branch-" + resp.getStatus(), Boolean.TRUE);
    }

    @Override
    protected void doResponse(SipServletResponse resp) throws ServletException, IOException {
        if (resp.isBranchResponse()) {
            doBranchResponse(resp);
        }
    }
}
