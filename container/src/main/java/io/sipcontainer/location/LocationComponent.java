package io.sipcontainer.location;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.server.ServerComponent;
import io.sipcontainer.server.ServerContext;
import io.sipcontainer.service.LocationService;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.Statistics;

/**
 * Starts usrloc: reads the {@code usrloc.*} settings, builds the location service for the
 * {@code db_mode}, loads stored registrations, publishes the service, its statistics and the
 * {@code ul.*} commands, and runs the expiry timer on a thread of its own (a purge of a large
 * table or a database flush must not delay the SIP timers).
 */
public final class LocationComponent implements ServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(LocationComponent.class);

    private ScheduledExecutorService timer;
    private Usrloc usrloc;
    private ServerContext context;

    @Override
    public int order() {
        return 10;
    }

    @Override
    public void start(ServerContext ctx) throws Exception {
        this.context = ctx;
        UsrlocSettings settings = UsrlocSettings.read(ctx.config().moduleParams("usrloc"));
        usrloc = Usrloc.open(settings, settings.dbMode() == UsrlocSettings.NO_DB ? null : ctx.database(),
                System::currentTimeMillis, BindingTable.shared(ctx.shared(), "usrloc." + settings.table()));
        ctx.services().register(LocationService.class, usrloc.service());
        UsrlocStatistics.register(ctx.services().get(Statistics.class), usrloc, settings.table());
        UlRpc.register(ctx.services().get(RpcRegistry.class), usrloc);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "usrloc-timer");
            t.setDaemon(true);
            return t;
        });
        long period = settings.timerInterval().toMillis();
        timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
        LOG.info("usrloc started: db_mode {}, {} contact(s) loaded", settings.dbMode(),
                usrloc.service().contactCount());
    }

    private void tick() {
        try {
            usrloc.timer();
        } catch (RuntimeException e) {
            LOG.warn("usrloc timer failed", e);
        }
    }

    @Override
    public void stop() throws Exception {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (usrloc != null) {
            usrloc.close();
        }
        if (context != null) {
            UlRpc.unregister(context.services().get(RpcRegistry.class));
            UsrlocStatistics.unregister(context.services().get(Statistics.class), "location");
        }
    }
}
