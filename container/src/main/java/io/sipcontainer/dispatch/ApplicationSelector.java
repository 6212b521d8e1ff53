package io.sipcontainer.dispatch;

import java.io.Serializable;

import jakarta.servlet.sip.ar.SipApplicationRouter;
import jakarta.servlet.sip.ar.SipApplicationRouterInfo;
import jakarta.servlet.sip.ar.SipApplicationRoutingDirective;
import jakarta.servlet.sip.ar.SipApplicationRoutingRegion;
import jakarta.servlet.sip.ar.SipTargetedRequestInfo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.context.ApplicationRegistry;
import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.message.SipServletRequestImpl;

/**
 * Asks the application router which application takes an initial request next, skipping names
 * that are not deployed (or are stopping), as the specification's application selection
 * process describes.
 */
public final class ApplicationSelector {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationSelector.class);
    private static final int MAX_HOPS = 64;

    /** The application chosen and what the router said about it. */
    public record Selection(SipAppContext app, SipApplicationRouterInfo info) { }

    private final SipApplicationRouter router;
    private final ApplicationRegistry registry;

    public ApplicationSelector(SipApplicationRouter router, ApplicationRegistry registry) {
        this.router = router;
        this.registry = registry;
    }

    /** The next application for the request, or null when the router has none left. */
    public Selection select(SipServletRequestImpl request, SipApplicationRoutingDirective directive,
            SipApplicationRoutingRegion region, Serializable stateInfo) {
        return select(request, directive, region, stateInfo, null);
    }

    /**
     * The next application for a request that targets one (a Join or Replaces header naming one of
     * its dialogs, an encoded URI); the router decides whether the target gets it.
     */
    public Selection select(SipServletRequestImpl request, SipApplicationRoutingDirective directive,
            SipApplicationRoutingRegion region, Serializable stateInfo, SipTargetedRequestInfo targeted) {
        SipTargetedRequestInfo target = targeted;
        Serializable state = stateInfo;
        SipApplicationRoutingDirective dir = directive;
        for (int i = 0; i < MAX_HOPS; i++) {
            SipApplicationRouterInfo info;
            try {
                info = router.getNextApplication(request, region, dir, target, state);
            } catch (RuntimeException e) {
                LOG.error("The application router failed on {} {}", request.getMethod(), request.getCallId(), e);
                return null;
            }
            if (info == null || info.getNextApplicationName() == null) {
                return null;
            }
            SipAppContext app = registry.get(info.getNextApplicationName());
            if (app != null && app.isAvailable()) {
                return new Selection(app, info);
            }
            state = info.getStateInfo();
            dir = SipApplicationRoutingDirective.CONTINUE;
            target = null;
        }
        LOG.warn("The application router returned more than {} applications for one request", MAX_HOPS);
        return null;
    }
}
