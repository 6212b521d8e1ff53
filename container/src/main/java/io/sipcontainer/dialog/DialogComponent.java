package io.sipcontainer.dialog;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.server.ServerComponent;
import io.sipcontainer.server.ServerContext;
import io.sipcontainer.service.DialogService;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.Statistics;

/**
 * Starts the dialog module: reads the {@code dialog.*} settings, opens the store for the
 * {@code db_mode} and tracks again what it kept, publishes the {@link DialogService}, its
 * statistics and the {@code dlg.*} commands, and runs the timer (once a second) and the db_mode 2
 * writes on a thread of their own, so that neither delays the SIP timers.
 */
public final class DialogComponent implements ServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(DialogComponent.class);

    private ScheduledExecutorService timer;
    private DialogTracker tracker;
    private DialogStore store = DialogStore.NONE;
    private ServerContext context;

    @Override
    public int order() {
        return 20;
    }

    @Override
    public void start(ServerContext ctx) throws Exception {
        this.context = ctx;
        DialogSettings settings = DialogSettings.read(ctx.config().moduleParams(DialogSettings.MODULE))
                .sharingEarly(io.sipcontainer.cluster.ClusterSettings.read(ctx.config().moduleParams("cluster"))
                        .replicateEarly()); // one setting for early dialogs, the sessions' and these
        DialogTable table = new DialogTable(settings.hashSize());
        if (settings.dbMode() > 0) {
            store = new DbDialogStore(ctx.database(), settings.dbMode(), table::all);
        }
        DialogRequests requests = new DialogRequests(ctx.server().messages(), ctx.server()::connectors);
        // enable_stats = no: counted all the same, in a registry nobody publishes
        Statistics statistics = settings.enableStats() ? ctx.services().get(Statistics.class)
                : new io.sipcontainer.stats.StatisticsRegistry();
        tracker = new DialogTracker(settings, table, new DialogStats(statistics), store, requests::send,
                System::currentTimeMillis, ctx.shared(),
                new CallSessions(ctx.server().sessions(), ctx.server().applications(), ctx.scheduler()));
        int restored = tracker.restore();
        tracker.share();
        tracker.stats().clusterGauge(statistics, tracker.ownership()::othersConfirmed);
        ctx.services().register(DialogService.class, tracker);
        DialogRpc.register(ctx.services().get(RpcRegistry.class), tracker);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dialog-timer");
            t.setDaemon(true);
            return t;
        });
        DialogTimer ticks = new DialogTimer(tracker);
        timer.scheduleWithFixedDelay(() -> run(ticks::tick), 1, 1, TimeUnit.SECONDS);
        if (store instanceof DbDialogStore db && settings.dbMode() == 2) {
            timer.scheduleWithFixedDelay(() -> run(db::flush), settings.dbUpdatePeriod(), settings.dbUpdatePeriod(),
                    TimeUnit.SECONDS);
        }
        LOG.info("dialog started: db_mode {}, {} dialog(s) restored", settings.dbMode(), restored);
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("dialog timer failed", e);
        }
    }

    @Override
    public void stop() throws Exception {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (tracker != null) {
            tracker.close();
        }
        if (context != null) {
            DialogRpc.unregister(context.services().get(RpcRegistry.class));
            DialogStats.unregister(context.services().get(Statistics.class));
        }
    }
}
