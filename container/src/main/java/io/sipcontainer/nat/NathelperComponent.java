package io.sipcontainer.nat;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.server.ServerComponent;
import io.sipcontainer.server.ServerContext;
import io.sipcontainer.service.Dialog;
import io.sipcontainer.service.DialogListener;
import io.sipcontainer.service.DialogService;
import io.sipcontainer.service.LocationService;
import io.sipcontainer.service.NatService;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.Statistics;

/**
 * Starts nathelper and nat_traversal: reads the {@code nathelper.*} and {@code nat_traversal.*}
 * settings (a bad one stops the server with file, line and reason) and publishes the
 * {@link NatService}. With {@code nathelper.natping_interval} and a location service it pings the
 * registered contacts (statistics {@code nathelper:*}, command {@code nathelper.enable_ping});
 * with {@code nat_traversal.keepalive_interval} it keeps alive the endpoints applications mark
 * with {@link NatService#natKeepalive} (statistics {@code nat_traversal:*}), dialogs ending when
 * the dialog module says so. Both run on one thread of their own.
 */
public final class NathelperComponent implements ServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(NathelperComponent.class);
    static final String GROUP = "nathelper";
    static final String TRAVERSAL_GROUP = "nat_traversal";
    private static final List<String> STATISTICS = List.of("udp_pings", "sip_pings", "sip_ping_replies",
            "keepalive_removed", "ping_failures", "pinged_contacts", "ping_enabled");
    private static final List<String> TRAVERSAL_STATISTICS = List.of("keepalive_endpoints", "registered_endpoints",
            "subscribed_endpoints", "dialog_endpoints", "keepalives_sent");

    private ScheduledExecutorService timer;
    private ServerContext context;
    private NatPinger pinger;
    private NatKeepalives keepalives;
    private DialogListener dialogEnds;

    @Override
    public int order() {
        return 30; // after the location service and the dialog module, before the applications
    }

    @Override
    public void start(ServerContext ctx) throws Exception {
        this.context = ctx;
        NathelperSettings settings = NathelperSettings.read(ctx.config().moduleParams(NathelperSettings.MODULE));
        NatTraversalSettings traversal = NatTraversalSettings.read(
                ctx.config().moduleParams(NatTraversalSettings.MODULE));
        Statistics stats = ctx.services().get(Statistics.class);
        if (traversal.keepaliveInterval() > 0) {
            keepalives = new NatKeepalives(traversal, ctx.server().datagrams(), System::currentTimeMillis);
            traversalStatistics(stats);
            DialogService dialogs = ctx.services().find(DialogService.class);
            if (dialogs != null) {
                dialogEnds = new DialogListener() {
                    @Override
                    public void ended(Dialog dialog) {
                        keepalives.dialogEnded(dialog.callId());
                    }

                    @Override
                    public void failed(Dialog dialog) {
                        keepalives.dialogEnded(dialog.callId());
                    }
                };
                dialogs.addListener(dialogEnds);
            }
            timer().scheduleWithFixedDelay(keepalives::round, traversal.keepaliveInterval(),
                    traversal.keepaliveInterval(), TimeUnit.SECONDS);
        }
        ctx.services().register(NatService.class,
                new NatHelper(settings.natBflag(), settings.sippingBflag(), keepalives));
        LocationService location = ctx.services().find(LocationService.class);
        if (settings.natpingInterval() > 0 && location != null) {
            pinger = new NatPinger(settings, location, ctx.server().datagrams(), ctx.server()::connectors,
                    System::currentTimeMillis);
            pingStatistics(stats);
            NathelperRpc.register(ctx.services().get(RpcRegistry.class), pinger);
            timer().scheduleWithFixedDelay(pinger::round, settings.natpingInterval(), settings.natpingInterval(),
                    TimeUnit.SECONDS);
            LOG.info("NAT pings every {} s ({}; SIP pings for cflag {}, UDP otherwise; keepalive_timeout {} s)",
                    settings.natpingInterval(), settings.pingNatedOnly() ? "NATed contacts" : "all contacts",
                    settings.sippingBflag(), settings.keepaliveTimeout());
        }
        NatPinger p = pinger;
        NatKeepalives k = keepalives;
        if (p != null || k != null) {
            ctx.server().datagrams().takeStrayResponses(r -> p != null && p.takeReply(r) || k != null && k.takeReply(r));
        }
    }

    private ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "nathelper-ping");
                t.setDaemon(true);
                return t;
            });
        }
        return timer;
    }

    private void pingStatistics(Statistics stats) {
        stats.gauge(GROUP, "udp_pings", pinger.udpPings::get);
        stats.gauge(GROUP, "sip_pings", pinger.sipPings::get);
        stats.gauge(GROUP, "sip_ping_replies", pinger.sipReplies::get);
        stats.gauge(GROUP, "keepalive_removed", pinger.removed::get);
        stats.gauge(GROUP, "ping_failures", pinger.failures::get);
        stats.gauge(GROUP, "pinged_contacts", () -> pinger.lastRoundContacts);
        stats.gauge(GROUP, "ping_enabled", () -> pinger.isEnabled() ? 1 : 0);
    }

    private void traversalStatistics(Statistics stats) {
        stats.gauge(TRAVERSAL_GROUP, "keepalive_endpoints", () -> keepalives.count(null));
        stats.gauge(TRAVERSAL_GROUP, "registered_endpoints",
                () -> keepalives.count(NatKeepalives.Reason.REGISTRATION));
        stats.gauge(TRAVERSAL_GROUP, "subscribed_endpoints",
                () -> keepalives.count(NatKeepalives.Reason.SUBSCRIPTION));
        stats.gauge(TRAVERSAL_GROUP, "dialog_endpoints", () -> keepalives.count(NatKeepalives.Reason.DIALOG));
        stats.gauge(TRAVERSAL_GROUP, "keepalives_sent", keepalives.sent::get);
    }

    @Override
    public void stop() throws Exception {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (context == null) {
            return;
        }
        Statistics stats = context.services().get(Statistics.class);
        if (pinger != null || keepalives != null) {
            context.server().datagrams().takeStrayResponses(null);
        }
        if (pinger != null) {
            NathelperRpc.unregister(context.services().get(RpcRegistry.class));
            STATISTICS.forEach(name -> stats.remove(GROUP, name));
        }
        if (keepalives != null) {
            TRAVERSAL_STATISTICS.forEach(name -> stats.remove(TRAVERSAL_GROUP, name));
            DialogService dialogs = context.services().find(DialogService.class);
            if (dialogs != null && dialogEnds != null) {
                dialogs.removeListener(dialogEnds);
            }
        }
    }
}
