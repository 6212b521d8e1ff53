package io.sipcontainer.apps.registrar;

import java.io.IOException;
import java.util.function.Function;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipURI;
import jakarta.servlet.sip.URI;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.Counter;
import io.sipcontainer.service.DigestAuth;
import io.sipcontainer.service.LocationService;
import io.sipcontainer.service.NatService;
import io.sipcontainer.service.ServerInfo;
import io.sipcontainer.service.Services;
import io.sipcontainer.service.Statistics;

/**
 * Answers REGISTER the way Kamailio's default {@code kamailio.cfg} does: Max-Forwards 0 gets
 * 483; with the container's {@link DigestAuth} the request must carry valid credentials for the
 * To domain (else 401); a Request-URI that is not this server gets 403 "Not relaying"; then
 * {@code save("location")} (see {@link Registrar}) replies by itself.
 */
@jakarta.servlet.sip.annotation.SipServlet(name = "registrar", loadOnStartup = 1)
public class RegistrarServlet extends SipServlet {
    private static final long serialVersionUID = 1L;
    private static final String GROUP = "registrar";

    private transient RegistrarSettings settings;
    private transient RegisterReader reader;
    private transient Registrar registrar;
    private transient RegisterReply reply;
    private transient ServerInfo server;
    private transient DigestAuth auth;
    private transient Statistics statistics;
    private transient Counter accepted;
    private transient Counter rejected;
    /** nat_traversal's nat_keepalive() for NATed registrations, or null. */
    private transient NatService natKeepalive;

    @Override
    public void init() throws ServletException {
        server = Services.get(getServletContext(), ServerInfo.class);
        try {
            settings = RegistrarSettings.read(server.moduleParams(GROUP), server.moduleParams("proxy"));
        } catch (ConfigException e) {
            throw new ServletException(e.getMessage(), e);
        }
        LocationService location = Services.get(getServletContext(), LocationService.class);
        auth = Services.find(getServletContext(), DigestAuth.class).orElse(null);
        NatService nat = Services.find(getServletContext(), NatService.class).orElse(null);
        reader = new RegisterReader(settings, location, natDetection(nat, settings.natUacTest()));
        natKeepalive = settings.natKeepalive() ? nat : null;
        registrar = new Registrar(settings, location, System::currentTimeMillis, nat == null ? Registrar.NAT_CFLAGS
                : 1 << nat.natBflag() | (settings.natSipping() && nat.sippingBflag() >= 0 ? 1 << nat.sippingBflag() : 0));
        reply = new RegisterReply(settings);
        statistics = Services.get(getServletContext(), Statistics.class);
        accepted = statistics.counter(GROUP, "accepted_regs");
        rejected = statistics.counter(GROUP, "rejected_regs");
        statistics.gauge(GROUP, "max_expires", settings::maxExpires);
        statistics.gauge(GROUP, "max_contacts", settings::maxContacts);
        statistics.gauge(GROUP, "default_expire", settings::defaultExpires);
        statistics.gauge(GROUP, "default_expires_range", settings::defaultExpiresRange);
        statistics.gauge(GROUP, "expires_range", settings::expiresRange);
    }

    /**
     * route[NATDETECT] of the default kamailio.cfg for a REGISTER: {@code if (nat_uac_test("19"))
     * fix_nated_register();} (the source becomes the binding's received, and the contact gets
     * FLB_NATB, with WITH_NATSIPPING also FLB_NATSIPPING).
     */
    private static Function<SipServletRequest, String> natDetection(NatService nat, int flags) {
        if (nat == null || flags == 0) {
            return req -> null;
        }
        return req -> nat.natUacTest(req, flags) ? nat.fixNatedRegister(req) : null;
    }

    @Override
    public void destroy() {
        if (statistics != null) {
            for (String name : new String[] { "max_expires", "max_contacts", "default_expire",
                    "default_expires_range", "expires_range" }) {
                statistics.remove(GROUP, name);
            }
        }
    }

    @Override
    protected void doRegister(SipServletRequest req) throws ServletException, IOException {
        if (req.getMaxForwards() == 0) {
            req.createResponse(483, "Too Many Hops").send();
            return;
        }
        if (auth != null) {
            String realm = req.getTo().getURI() instanceof SipURI to ? to.getHost() : "";
            DigestAuth.Result result = auth.check(req, realm, true);
            if (result != DigestAuth.Result.OK) {
                auth.challenge(req, realm, result);
                return;
            }
        }
        boolean toMe = isMyself(req.getRequestURI());
        if (!toMe && (auth == null || !isMyself(req.getFrom()))) {
            req.createResponse(403, "Not relaying").send();
            return;
        }
        RegisterRequest request;
        Registrar.Outcome outcome;
        try {
            request = reader.read(req);
            outcome = registrar.save(request);
        } catch (RegistrarException e) {
            request = null;
            outcome = new Registrar.Outcome(e.error, e.bindings);
        }
        (outcome.accepted() ? accepted : rejected).increment();
        SipServletResponse sent = reply.send(req, request, outcome, System.currentTimeMillis()); // after saving: expires show whole
        if (natKeepalive != null && request != null && request.natReceived() != null) {
            natKeepalive.natKeepalive(sent); // its source kept alive until the registration expires
        }
    }

    private boolean isMyself(Address address) {
        return address != null && isMyself(address.getURI());
    }

    private boolean isMyself(URI uri) {
        return uri instanceof SipURI sip && server.isMyself(sip.getHost(), sip.getPort(), sip.isSecure());
    }
}
