package io.sipcontainer.dispatcher;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.db.Database;
import io.sipcontainer.server.ServerComponent;
import io.sipcontainer.server.ServerContext;
import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.DispatcherService;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.Statistics;

/**
 * Starts the dispatcher: reads the {@code dispatcher.*} settings and the destination list (a bad
 * line stops the server with {@code file:line: reason}), publishes the
 * {@link DispatcherService}, the {@code dispatcher.*} commands and statistics, and runs the probe
 * timer ({@code ds_ping_interval}) and the call-load expiry on a thread of its own. Without a list
 * file (and without {@code db_url}) it starts with no sets, as there is nothing to dispatch to.
 */
public final class DispatcherComponent implements ServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(DispatcherComponent.class);

    private ScheduledExecutorService timer;
    private Dispatcher dispatcher;
    private DsStatistics statistics;
    private ServerContext context;

    @Override
    public int order() {
        return 20;
    }

    @Override
    public void start(ServerContext ctx) throws Exception {
        this.context = ctx;
        DsSettings settings = DsSettings.read(ctx.config().moduleParams(DsSettings.MODULE), ctx.config().baseDir());
        Dispatcher.Source source;
        if (settings.fromDb()) {
            Database db = ctx.database();
            DsTable.create(db, settings.tableName());
            source = () -> DsTable.load(db, settings.tableName());
        } else if (Files.exists(settings.listFile())) {
            source = () -> ListFile.read(settings.listFile());
        } else if (ctx.config().moduleParams(DsSettings.MODULE).isSet("list_file")) {
            throw new ConfigException(settings.listFile().toString(), 0, "the dispatcher list file does not exist");
        } else {
            source = java.util.List::of;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dispatcher-timer");
            t.setDaemon(true);
            return t;
        });
        try {
            dispatcher = new Dispatcher(settings, source, new SecureRandom(), timer);
        } catch (IllegalArgumentException e) {
            throw ctx.config().moduleParams(DsSettings.MODULE).invalid("hash_pvar", e.getMessage());
        }
        dispatcher.reload();
        statistics = new DsStatistics(ctx.services().get(Statistics.class), dispatcher);
        statistics.refresh();
        ctx.services().register(DispatcherService.class, dispatcher);
        DsRpc.register(ctx.services().get(RpcRegistry.class), dispatcher, statistics::refresh);
        dispatcher.share(new SharedDestStates(ctx.shared(), dispatcher, statistics::refresh));
        long interval = settings.pingInterval().toMillis();
        if (interval > 0) {
            timer.scheduleWithFixedDelay(this::probe, interval, interval, TimeUnit.MILLISECONDS);
        }
        if (dispatcher.loadTable() != null) {
            timer.scheduleWithFixedDelay(dispatcher.loadTable()::expire, 10, 10, TimeUnit.SECONDS);
        }
        LOG.info("dispatcher started: {} set(s) from {}, probing every {} s", dispatcher.list().sets().size(),
                settings.fromDb() ? "table " + settings.tableName() : settings.listFile(), interval / 1000);
    }

    private void probe() {
        try {
            dispatcher.probeRound();
        } catch (RuntimeException e) {
            LOG.warn("dispatcher probe round failed", e);
        }
    }

    @Override
    public void stop() throws Exception {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (context != null) {
            DsRpc.unregister(context.services().get(RpcRegistry.class));
            if (statistics != null) {
                statistics.close();
            }
        }
    }
}
