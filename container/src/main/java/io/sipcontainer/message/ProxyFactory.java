package io.sipcontainer.message;

import jakarta.servlet.sip.Proxy;
import jakarta.servlet.sip.TooManyHopsException;

/** Creates the {@link Proxy} of a received request; the proxy package implements it. */
@FunctionalInterface
public interface ProxyFactory {
    ProxyFactory UNAVAILABLE = r -> {
        throw new IllegalStateException("proxying is not available");
    };

    Proxy create(SipServletRequestImpl request) throws TooManyHopsException;
}
