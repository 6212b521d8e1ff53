package io.sipcontainer.router;

import jakarta.servlet.sip.ar.SipApplicationRouter;
import jakarta.servlet.sip.ar.spi.SipApplicationRouterProvider;

/** A custom provider for loader tests; its router is recognisable by identity. */
public class TestRouterProvider extends SipApplicationRouterProvider {

    static final SipApplicationRouter ROUTER = new DefaultApplicationRouter(DarFile.empty("test-provider"));

    public TestRouterProvider() {
    }

    @Override
    public SipApplicationRouter getSipApplicationRouter() {
        return ROUTER;
    }
}
