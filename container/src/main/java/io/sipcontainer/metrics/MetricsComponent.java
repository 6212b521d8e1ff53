package io.sipcontainer.metrics;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sipcontainer.http.AdminCredentials;
import io.sipcontainer.http.ContextMounts;
import io.sipcontainer.http.HttpServerComponent;
import io.sipcontainer.http.HttpServerListener;
import io.sipcontainer.server.ServerComponent;
import io.sipcontainer.server.ServerContext;
import io.sipcontainer.service.Statistics;
import io.sipcontainer.stats.StatisticsRegistry;

/**
 * Serves {@code /metrics} (see {@link MetricsHandler}) while the HTTP server runs and
 * {@code http.metrics} is on: the JVM's meters, bound once, and the container's statistics
 * ({@link StatisticsMeters}). Mounted through {@link HttpServerListener}, as {@code /RPC} is.
 */
public final class MetricsComponent implements ServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsComponent.class);
    static final String PATH = "/metrics";

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private PrometheusMeterRegistry registry;

    @Override
    public int order() {
        return HttpServerComponent.ORDER - 100; // the listener must exist before the HTTP server starts
    }

    @Override
    public void start(ServerContext context) throws Exception {
        MetricsSettings settings = MetricsSettings.read(context.config()); // read (and checked) even when off
        if (!settings.enabled()) {
            return;
        }
        context.services().contribute(HttpServerListener.class, new HttpServerListener() {
            @Override
            public void starting(ContextMounts mounts, ServerContext ctx) throws Exception {
                mount(mounts, ctx, settings);
            }
        });
    }

    private synchronized void mount(ContextMounts mounts, ServerContext context, MetricsSettings settings)
            throws Exception {
        if (!(context.services().get(Statistics.class) instanceof StatisticsRegistry statistics)) {
            throw new IllegalStateException("the server's statistics are not a StatisticsRegistry");
        }
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmGcMetrics gc = new JvmGcMetrics();
        closeables.add(gc);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            binder.bindTo(registry);
        }
        ResponseTimeHistograms.bind(statistics.latencies(), registry);
        closeables.add(statistics.latencies()::unbind);
        StatisticsMeters meters = new StatisticsMeters(statistics, registry);
        meters.refresh();
        mounts.mount(PATH, new MetricsHandler(registry, meters, AdminCredentials.of(context), settings.access()),
                "the Prometheus metrics");
        LOG.info("Prometheus metrics at {} ({})", PATH, switch (settings.access()) {
            case LOCAL -> "loopback clients, others with the RPC token";
            case TOKEN -> "with the RPC token";
            case NONE -> "open to every client";
        });
    }

    @Override
    public synchronized void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        closeables.clear();
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }
}
