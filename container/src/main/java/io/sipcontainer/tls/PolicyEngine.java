package io.sipcontainer.tls;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiFunction;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An SSL engine that keeps its profile's protocols and client-certificate policy whatever its user
 * sets: JAIN-SIP sets one stack-wide list and policy on every engine, Jetty its own; this is what
 * lets each {@code [server:IP:PORT]} section of {@code tls.cfg} have its own {@code method},
 * {@code verify_certificate} and {@code require_certificate}. Everything else is the JDK's engine.
 */
final class PolicyEngine extends SSLEngine {
    private final SSLEngine engine;
    private final List<String> protocols;
    private final boolean need;
    private final boolean want;

    PolicyEngine(SSLEngine engine, TlsProfile profile) {
        super(engine.getPeerHost(), engine.getPeerPort());
        this.engine = engine;
        this.protocols = profile.method().protocols();
        this.need = profile.server() && profile.verify() && profile.require();
        this.want = profile.server() && profile.verify() && !profile.require();
        engine.setEnabledProtocols(protocols.toArray(new String[0]));
        applyClientAuth();
    }

    private void applyClientAuth() {
        if (need) {
            engine.setNeedClientAuth(true);
        } else if (want) {
            engine.setWantClientAuth(true);
        } else {
            engine.setNeedClientAuth(false);
            engine.setWantClientAuth(false);
        }
    }

    // --- what the profile decides: the users' settings are not applied ---

    @Override
    public void setEnabledProtocols(String[] ignored) {
        engine.setEnabledProtocols(protocols.toArray(new String[0]));
    }

    @Override
    public void setNeedClientAuth(boolean ignored) {
        applyClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean ignored) {
        applyClientAuth();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        engine.setUseClientMode(mode);
        applyClientAuth(); // switching modes resets them in the JDK
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        params.setProtocols(protocols.toArray(new String[0]));
        if (need) {
            params.setNeedClientAuth(true);
        } else {
            params.setWantClientAuth(want);
        }
        engine.setSSLParameters(params);
    }

    // --- the JDK's engine ---

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        return engine.wrap(srcs, offset, length, dst);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        return engine.unwrap(src, dsts, offset, length);
    }

    @Override
    public Runnable getDelegatedTask() {
        return engine.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        engine.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        return engine.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        engine.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return engine.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return engine.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return engine.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        engine.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return engine.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return engine.getEnabledProtocols();
    }

    @Override
    public SSLSession getSession() {
        return engine.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return engine.getHandshakeSession();
    }

    @Override
    public void beginHandshake() throws SSLException {
        engine.beginHandshake();
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        return engine.getHandshakeStatus();
    }

    @Override
    public boolean getUseClientMode() {
        return engine.getUseClientMode();
    }

    @Override
    public boolean getNeedClientAuth() {
        return engine.getNeedClientAuth();
    }

    @Override
    public boolean getWantClientAuth() {
        return engine.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        engine.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return engine.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return engine.getSSLParameters();
    }

    @Override
    public String getApplicationProtocol() {
        return engine.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return engine.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        engine.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return engine.getHandshakeApplicationProtocolSelector();
    }

    @Override
    public String toString() {
        return engine.toString();
    }
}
