package io.sipcontainer.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import jakarta.servlet.sip.SipURI;

/**
 * The settings a {@link ProxyImpl} and each of its {@link ProxyBranchImpl}s both carry: a
 * branch starts with its proxy's values and may override them (JSR 359 10.2.2), so the accessors
 * are written once here. Record-routing can no longer change once sending has started.
 */
abstract class ProxySettings {
    private boolean recordRoute;
    private boolean recurse;
    private boolean addToPath;

    ProxySettings(boolean recordRoute, boolean recurse, boolean addToPath) {
        this.recordRoute = recordRoute;
        this.recurse = recurse;
        this.addToPath = addToPath;
    }

    /** The proxy whose Record-Route and Path URI both share. */
    abstract ProxyImpl owner();

    /** True once requests have left: record-routing is then decided. */
    abstract boolean hasStarted();

    /** Throws when the settings may no longer change (a proxy that sent its final response). */
    void checkChangeable() {
    }

    public boolean getRecordRoute() {
        return recordRoute;
    }

    public void setRecordRoute(boolean recordRoute) {
        if (hasStarted()) {
            throw new IllegalStateException("record-routing is decided before proxying starts");
        }
        this.recordRoute = recordRoute;
    }

    public SipURI getRecordRouteURI() {
        if (!recordRoute) {
            throw new IllegalStateException("record-routing is not enabled");
        }
        return owner().recordRouteParams();
    }

    public boolean getRecurse() {
        return recurse;
    }

    public void setRecurse(boolean recurse) {
        this.recurse = recurse;
    }

    public boolean getAddToPath() {
        return addToPath;
    }

    public void setAddToPath(boolean addToPath) {
        checkChangeable();
        this.addToPath = addToPath;
    }

    public SipURI getPathURI() {
        if (!addToPath) {
            throw new IllegalStateException("addToPath is not enabled");
        }
        return owner().recordRouteParams();
    }

    /** Accepted without effect: one socket per transport, so the interface follows the target's transport. */
    public void setOutboundInterface(InetAddress address) {
        // see the Javadoc: there is no other interface to choose yet
    }

    /** Accepted without effect: one socket per transport, so the interface follows the target's transport. */
    public void setOutboundInterface(InetSocketAddress address) {
        // see the Javadoc: there is no other interface to choose yet
    }
}
