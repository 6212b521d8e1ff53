package io.sipcontainer.rtpengine;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.server.ServerComponent;
import io.sipcontainer.server.ServerContext;
import io.sipcontainer.service.MediaRelayService;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.Statistics;

/**
 * Starts media relay when {@code rtpengine.rtpengine_sock} names an instance: reads the
 * {@code rtpengine.*} settings (a bad one stops the server with file, line and reason), publishes
 * the {@link MediaRelayService}, the {@code rtpengine.*} commands and statistics, and forgets,
 * once a minute, calls whose delete never came. Without an instance it does nothing, and
 * applications find no media relay service.
 */
public final class RtpengineComponent implements ServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(RtpengineComponent.class);

    private ScheduledExecutorService timer;
    private RtpengineStatistics statistics;
    private ServerContext context;

    @Override
    public int order() {
        return 25;
    }

    @Override
    public void start(ServerContext ctx) throws Exception {
        RtpengineSettings settings = RtpengineSettings.read(ctx.config().moduleParams(RtpengineSettings.MODULE));
        if (!settings.enabled()) {
            return;
        }
        this.context = ctx;
        NgClient client = new NgClient(settings,
                new NgTransport(settings.timeoutMillis(), settings.retries(), settings.serverId()),
                System::currentTimeMillis);
        Statistics stats = ctx.services().get(Statistics.class);
        statistics = new RtpengineStatistics(stats, client);
        statistics.refresh();
        ctx.services().register(MediaRelayService.class, new MediaRelay(client, stats));
        RtpengineRpc.register(ctx.services().get(RpcRegistry.class), client, statistics::refresh);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rtpengine-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(client::expire, 60, 60, TimeUnit.SECONDS);
        LOG.info("media relay through rtpengine: {} (tries of {} ms x {}, a silent instance skipped {} s)",
                client.nodes(), settings.timeoutMillis(), settings.retries(), settings.disableTimeoutSeconds());
    }

    @Override
    public void stop() throws Exception {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (context != null) {
            RtpengineRpc.unregister(context.services().get(RpcRegistry.class));
            statistics.close();
        }
    }
}
