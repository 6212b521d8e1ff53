package io.sipcontainer.message;

import jakarta.servlet.sip.B2buaHelper;

/** Gives the {@link B2buaHelper} of a received request; the b2bua package implements it. */
@FunctionalInterface
public interface B2buaFactory {
    B2buaFactory UNAVAILABLE = r -> {
        throw new IllegalStateException("the B2BUA helper is not available");
    };

    B2buaHelper helperFor(SipServletRequestImpl request);
}
