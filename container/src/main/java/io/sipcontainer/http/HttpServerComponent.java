package io.sipcontainer.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.config.HostPort;
import io.sipcontainer.server.HttpContribution;
import io.sipcontainer.server.ServerComponent;
import io.sipcontainer.server.ServerContext;

/**
 * The embedded HTTP server (Jetty 12): plain HTTP on {@code http_listen}, HTTPS on
 * {@code http.tls_listen} when configured. It serves every {@link HttpContribution} other
 * components made before it starts (it starts late, see {@link #order()}) and what each
 * {@link HttpServerListener} mounts (the JSON-RPC endpoint of {@code io.sipcontainer.jsonrpc}, the
 * web side of converged applications of {@code io.sipcontainer.http.webapp}). Publishes {@link HttpInfo} (the bound ports) and
 * {@link AdminCredentials}. A setting that cannot work (a port in use, a keystore that does not open)
 * stops the server's start with the reason.
 */
public final class HttpServerComponent implements ServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServerComponent.class);
    /** After every component that contributes handlers. */
    public static final int ORDER = 1000;

    private Server server;

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public void start(ServerContext context) throws Exception {
        io.sipcontainer.tls.TlsCertificates tlsCertificates = context.server() == null ? null : context.server().tls();
        HttpSettings settings = HttpSettings.read(context.config());
        if (settings.tlsListen() != null && settings.keystore() == null
                && (tlsCertificates == null || !tlsCertificates.hasServerCertificate(settings.tlsListen().host(),
                        settings.tlsListen().port()))) {
            throw context.config().moduleParams("http").invalid("tls_listen", "the tls.* settings give no server"
                    + " certificate ([server:default]) to present; set http.keystore or tls.tls_certificate");
        }
        if (!settings.enabled()) {
            AdminCredentials.of(context); // its settings are read (and checked) all the same
            LOG.info("HTTP server disabled (http.enable = no)");
            return;
        }
        AdminCredentials.of(context); // published for the endpoints that check it
        server = new Server(threadPool(settings.maxThreads()));
        server.setStopAtShutdown(false); // the SIP server stops this component in its own order
        HttpConfiguration httpConfig = new HttpConfiguration();
        httpConfig.setSendServerVersion(false);
        httpConfig.setSendXPoweredBy(false);
        ServerConnector http = connector(settings.listen(), new HttpConnectionFactory(httpConfig));
        ServerConnector https = settings.tlsListen() == null ? null
                : httpsConnector(settings, httpConfig, tlsCertificates);
        try {
            open(http, "http_listen " + settings.listen());
            if (https != null) {
                try {
                    open(https, "http.tls_listen " + settings.tlsListen());
                } catch (IOException e) {
                    throw context.config().moduleParams("http").invalid("tls_listen", e.getMessage());
                }
            }
            ContextHandlerCollection contexts = new ContextHandlerCollection(true);
            server.setHandler(contexts);
            ContextMounts mounts = new ContextMounts(server, contexts);
            mountContributions(context, mounts);
            List<HttpServerListener> listeners = context.services().contributions(HttpServerListener.class);
            for (HttpServerListener listener : listeners) {
                listener.starting(mounts, context);
            }
            server.start();
            HttpInfo info = new HttpInfo(settings.listen().host(), http.getLocalPort(),
                    https == null ? -1 : https.getLocalPort());
            context.services().register(HttpInfo.class, info);
            for (HttpServerListener listener : listeners) {
                listener.started(mounts, info, context);
            }
            LOG.info("HTTP on {}:{}{}", settings.listen().uriHost(), info.port(),
                    https == null ? "" : ", HTTPS on port " + info.tlsPort());
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    private static QueuedThreadPool threadPool(int maxThreads) {
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads, Math.min(4, maxThreads));
        pool.setName("http");
        pool.setDaemon(true);
        return pool;
    }

    private ServerConnector httpsConnector(HttpSettings settings, HttpConfiguration httpConfig,
            io.sipcontainer.tls.TlsCertificates certificates) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        if (settings.keystore() != null) {
            tls.setKeyStorePath(settings.keystore().toString());
            tls.setKeyStorePassword(settings.keystorePassword());
            tls.setIncludeProtocols("TLSv1.2", "TLSv1.3");
        } else {
            // the SIP TLS certificates: their profiles pick by SNI, and tls.reload reaches this port too
            tls.setSslContext(certificates.serverContext(settings.tlsListen().host(), settings.tlsListen().port()));
            tls.setIncludeProtocols(certificates.protocols().toArray(new String[0]));
            switch (certificates.clientAuthType()) {
                case "Enabled" -> tls.setNeedClientAuth(true);
                case "Want" -> tls.setWantClientAuth(true);
                default -> { }
            }
        }
        HttpConfiguration httpsConfig = new HttpConfiguration(httpConfig);
        // clients often connect by IP address: do not insist that SNI names the certificate's host
        httpsConfig.addCustomizer(new SecureRequestCustomizer(false));
        return connector(settings.tlsListen(), new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(httpsConfig));
    }

    /** One acceptor and one selector: administration and click-to-call traffic is light. */
    private ServerConnector connector(HostPort address, org.eclipse.jetty.server.ConnectionFactory... factories) {
        ServerConnector connector = new ServerConnector(server, 1, 1, factories);
        connector.setHost(address.host());
        connector.setPort(address.port());
        server.addConnector(connector);
        return connector;
    }

    /** Binds now, so a port in use is reported with the setting that asked for it. */
    private static void open(ServerConnector connector, String what) throws IOException {
        try {
            connector.open();
        } catch (IOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException("cannot listen on " + what + ": " + cause.getMessage(), e);
        }
    }

    private static void mountContributions(ServerContext context, ContextMounts mounts) throws Exception {
        List<HttpContribution> contributions = new ArrayList<>(context.services().contributions(HttpContribution.class));
        contributions.sort(Comparator.comparingInt(HttpContribution::order));
        for (HttpContribution c : contributions) {
            if (!(c.jettyHandler() instanceof Handler handler)) {
                throw new ConfigException("http", 0, "the contribution at " + c.contextPath()
                        + " is not a Jetty handler: " + c.jettyHandler());
            }
            mounts.mount(c.contextPath(), handler, handler.getClass().getSimpleName());
        }
    }

    @Override
    public void stop() throws Exception {
        Server s = server;
        server = null;
        if (s != null) {
            s.stop();
            for (org.eclipse.jetty.server.Connector c : s.getConnectors()) {
                if (c instanceof ServerConnector sc) {
                    sc.close(); // bound by open() even when the server never started
                }
            }
        }
    }
}
