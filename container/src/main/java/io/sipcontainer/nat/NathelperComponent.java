package io.sipcontainer.nat;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.server.ServerComponent;
import io.sipcontainer.server.ServerContext;
import io.sipcontainer.service.LocationService;
import io.sipcontainer.service.NatService;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.Statistics;

/**
 * Starts nathelper: reads the {@code nathelper.*} settings (a bad one stops the server with file,
 * line and reason), publishes the {@link NatService}, and, with {@code natping_interval} and a
 * location service, pings the registered contacts on a thread of its own, with the statistics
 * {@code nathelper:*} and the {@code nathelper.enable_ping} command.
 */
public final class NathelperComponent implements ServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(NathelperComponent.class);
    static final String GROUP = "nathelper";
    private static final List<String> STATISTICS = List.of("udp_pings", "sip_pings", "sip_ping_replies",
            "keepalive_removed", "ping_failures", "pinged_contacts", "ping_enabled");

    private ScheduledExecutorService timer;
    private ServerContext context;
    private NatPinger pinger;

    @Override
    public int order() {
        return 15; // after the location service, before the applications that use NatService
    }

    @Override
    public void start(ServerContext ctx) throws Exception {
        NathelperSettings settings = NathelperSettings.read(ctx.config().moduleParams(NathelperSettings.MODULE));
        ctx.services().register(NatService.class, new NatHelper(settings.natBflag(), settings.sippingBflag()));
        LocationService location = ctx.services().find(LocationService.class);
        if (settings.natpingInterval() == 0 || location == null) {
            return;
        }
        this.context = ctx;
        pinger = new NatPinger(settings, location, ctx.server().datagrams(), ctx.server()::connectors,
                System::currentTimeMillis);
        ctx.server().datagrams().takeStrayResponses(pinger::takeReply);
        Statistics stats = ctx.services().get(Statistics.class);
        stats.gauge(GROUP, "udp_pings", pinger.udpPings::get);
        stats.gauge(GROUP, "sip_pings", pinger.sipPings::get);
        stats.gauge(GROUP, "sip_ping_replies", pinger.sipReplies::get);
        stats.gauge(GROUP, "keepalive_removed", pinger.removed::get);
        stats.gauge(GROUP, "ping_failures", pinger.failures::get);
        stats.gauge(GROUP, "pinged_contacts", () -> pinger.lastRoundContacts);
        stats.gauge(GROUP, "ping_enabled", () -> pinger.isEnabled() ? 1 : 0);
        NathelperRpc.register(ctx.services().get(RpcRegistry.class), pinger);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nathelper-ping");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(pinger::round, settings.natpingInterval(), settings.natpingInterval(),
                TimeUnit.SECONDS);
        LOG.info("NAT pings every {} s ({}; SIP pings for cflag {}, UDP otherwise; keepalive_timeout {} s)",
                settings.natpingInterval(), settings.pingNatedOnly() ? "NATed contacts" : "all contacts",
                settings.sippingBflag(), settings.keepaliveTimeout());
    }

    @Override
    public void stop() throws Exception {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (context != null) {
            context.server().datagrams().takeStrayResponses(null);
            NathelperRpc.unregister(context.services().get(RpcRegistry.class));
            Statistics stats = context.services().get(Statistics.class);
            STATISTICS.forEach(name -> stats.remove(GROUP, name));
        }
    }
}
