package io.sipcontainer.apps.registrar;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

import io.sipcontainer.apps.registrar.RegisterRequest.RegisteredContact;
import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;

/**
 * Kamailio's {@code save()}: applies a REGISTER to the location service. A query lists the
 * bindings, {@code Contact: *} with Expires 0 removes them all, otherwise each contact is added,
 * refreshed or (expires 0) removed after the expiry, q, CSeq, max_contacts and outbound rules.
 * The whole REGISTER is applied in one location update, so a refused one changes nothing.
 */
final class Registrar {
    /** usrloc's cseq_delay: an equal CSeq within this time is a retransmission, later it is refused. */
    static final long CSEQ_DELAY_MILLIS = 20_000;
    /** Branch flags the default kamailio.cfg sets on a NATed REGISTER: FLB_NATB (6) and FLB_NATSIPPING (7). */
    static final int NAT_CFLAGS = (1 << 6) | (1 << 7);
    private static final int NOT_FOUND = -1;
    private static final int RETRANSMISSION = -2;
    private static final int MAX_CALLID = 255;
    private static final int MAX_RECEIVED = 255;

    /** The result: the bindings to list, or the error to answer. */
    record Outcome(RegError error, List<Contact> bindings) {
        boolean accepted() {
            return error == null;
        }
    }

    private final RegistrarSettings settings;
    private final LocationService location;
    private final LongSupplier clock;
    private final int natCflags;

    Registrar(RegistrarSettings settings, LocationService location, LongSupplier clock) {
        this(settings, location, clock, NAT_CFLAGS);
    }

    /** @param natCflags the cflags of a contact registered through NAT (nathelper's nat_bflag and sipping_bflag) */
    Registrar(RegistrarSettings settings, LocationService location, LongSupplier clock, int natCflags) {
        this.natCflags = natCflags;
        this.settings = settings;
        this.location = location;
        this.clock = clock;
    }

    Outcome save(RegisterRequest r) {
        try {
            checkContacts(r);
            boolean useRegId = checkOutbound(r);
            if (r.contacts().isEmpty()) {
                if (r.star()) {
                    location.removeAll(r.aor());
                    return new Outcome(null, List.of());
                }
                return new Outcome(null, location.lookup(r.aor()));
            }
            List<Contact> after = location.update(r.aor(), live -> apply(live, r, useRegId));
            return new Outcome(null, after);
        } catch (RegistrarException e) {
            return new Outcome(e.error, e.bindings);
        } catch (IllegalStateException e) { // the location service's storage failed
            return new Outcome(RegError.UL_ERROR, List.of());
        }
    }

    private void checkContacts(RegisterRequest r) {
        if (r.star()) {
            if (r.expiresHeader() != 0) {
                throw new RegistrarException(RegError.STAR_EXP);
            }
            if (!r.contacts().isEmpty()) {
                throw new RegistrarException(RegError.STAR_CONT);
            }
        }
        if (r.callId().length() > MAX_CALLID) {
            throw new RegistrarException(RegError.CALLID_LEN);
        }
        for (RegisteredContact c : r.contacts()) {
            if (c.uri().length() > settings.contactMaxSize()
                    || c.received() != null && c.received().length() > MAX_RECEIVED) {
                throw new RegistrarException(RegError.CONTACT_LEN);
            }
        }
    }

    /** The RFC 5626 checks; returns whether reg-id is used. */
    private boolean checkOutbound(RegisterRequest r) {
        int mode = settings.outboundMode();
        if (r.supportedPresent() && !r.supports("outbound") && mode == RegistrarSettings.OUTBOUND_REQUIRE) {
            throw new RegistrarException(RegError.OB_UNSUP);
        }
        if (r.requires("outbound") && mode == RegistrarSettings.OUTBOUND_NONE) {
            throw new RegistrarException(RegError.OB_REQD);
        }
        if (mode != RegistrarSettings.OUTBOUND_NONE && !r.contacts().isEmpty() && r.viaCount() >= 2) {
            boolean edgeDoesOutbound = !r.path().isEmpty() && r.topPathHasOb();
            if (!edgeDoesOutbound && settings.regidMode() == 0) {
                if (r.supports("outbound") && r.contacts().get(0).regId() != null) {
                    throw new RegistrarException(RegError.OB_UNSUP_EDGE);
                }
                return false;
            }
        }
        return true;
    }

    private List<Contact> apply(List<Contact> live, RegisterRequest r, boolean useRegId) {
        long now = clock.getAsLong();
        if (settings.maxContacts() > 0) {
            checkMaxContacts(live, r, useRegId, now);
        }
        List<Contact> next = new ArrayList<>(live);
        for (RegisteredContact rc : r.contacts()) {
            int expires = expires(rc, r, live);
            Contact wanted = expires == 0 ? null : contact(rc, r, expires, useRegId, now, live);
            String instance = instanceOf(rc);
            int regId = useRegId && instance != null ? regId(rc, live) : 0;
            int at = find(next, rc.uri(), instance, regId, r, now, live);
            if (at == RETRANSMISSION) {
                continue;
            }
            if (at == NOT_FOUND) {
                if (wanted != null) {
                    next.add(wanted);
                }
                continue;
            }
            Contact existing = next.get(at);
            if (wanted == null) {
                next.remove(at);
                continue;
            }
            if (instance != null && !r.callId().equals(existing.callId())) {
                // a new Call-ID for this instance: its older bindings (other reg-ids) go
                next.removeIf(c -> c != existing && instance.equals(c.instance()));
            }
            next.set(next.indexOf(existing), wanted.withRuid(existing.ruid()));
        }
        return next;
    }

    /** Kamailio's test_max_contacts: live contacts, plus new non-zero ones, minus removed ones. */
    private void checkMaxContacts(List<Contact> live, RegisterRequest r, boolean useRegId, long now) {
        int count = live.size();
        List<Contact> probe = new ArrayList<>(live);
        for (RegisteredContact rc : r.contacts()) {
            int expires = expires(rc, r, live);
            String instance = instanceOf(rc);
            int regId = useRegId && instance != null ? regId(rc, live) : 0;
            int at = find(probe, rc.uri(), instance, regId, r, now, live);
            if (at == RETRANSMISSION) {
                continue;
            }
            if (at == NOT_FOUND) {
                if (expires != 0) {
                    count++;
                }
            } else if (expires == 0) {
                count--;
            }
        }
        if (count > settings.maxContacts()) {
            throw new RegistrarException(RegError.TOO_MANY, live);
        }
    }

    /**
     * The stored binding a contact refers to: by +sip.instance and reg-id when it has an instance,
     * else by usrloc's matching_mode; with the CSeq rules for the same Call-ID.
     */
    private int find(List<Contact> list, String uri, String instance, int regId, RegisterRequest r, long now,
            List<Contact> live) {
        if (instance != null) {
            for (int i = 0; i < list.size(); i++) {
                Contact c = list.get(i);
                if (instance.equals(c.instance()) && c.regId() == regId) {
                    return i;
                }
            }
            return NOT_FOUND;
        }
        int mode = location.matchingMode();
        for (int i = 0; i < list.size(); i++) {
            Contact c = list.get(i);
            boolean match = switch (mode) {
                case 1 -> uri.equals(c.uri()) && r.callId().equals(c.callId());
                case 2 -> uri.equals(c.uri()) && r.path().equals(c.path());
                case 3 -> r.callId().equals(c.callId());
                default -> uri.equals(c.uri());
            };
            if (!match) {
                continue;
            }
            if (c.ruid() == null) { // added by this same REGISTER: a repeated contact updates it
                return i;
            }
            if (mode == 1 || mode == 3 || r.callId().equals(c.callId())) {
                if (r.cseq() < c.cseq()) {
                    throw new RegistrarException(RegError.INV_CSEQ, live);
                }
                if (r.cseq() == c.cseq()) {
                    if (c.lastModified() + CSEQ_DELAY_MILLIS > now) {
                        return RETRANSMISSION;
                    }
                    throw new RegistrarException(RegError.INV_CSEQ, live);
                }
            }
            return i;
        }
        return NOT_FOUND;
    }

    /** Kamailio's calc_contact_expires, in seconds (0 = remove). */
    int expires(RegisteredContact rc, RegisterRequest r, List<Contact> live) {
        int e;
        int range;
        Integer param = rc.expires() == null || rc.expires().isEmpty() ? null : parseNonNegative(rc.expires());
        if (rc.expires() == null || rc.expires().isEmpty()) {
            e = r.expiresHeader() >= 0 ? r.expiresHeader() : settings.defaultExpires();
            range = r.expiresHeader() >= 0 ? settings.expiresRange() : settings.defaultExpiresRange();
        } else if (param == null) {
            e = settings.defaultExpires();
            range = settings.defaultExpiresRange();
        } else {
            e = param;
            range = settings.expiresRange();
        }
        if (e == 0) {
            return 0;
        }
        if (e < settings.minExpires()) {
            if (settings.minExpiresMode()) {
                throw new RegistrarException(RegError.LOW_EXP, live);
            }
            e = settings.minExpires();
        }
        if (range > 0) {
            int lowest = (int) (e - (long) e * range / 100);
            e = lowest + (int) ((e - lowest) * (ThreadLocalRandom.current().nextInt(100) / 100.0));
        }
        if (settings.maxExpires() > 0 && e > settings.maxExpires()) {
            e = settings.maxExpires();
        }
        return e;
    }

    private Contact contact(RegisteredContact rc, RegisterRequest r, int expires, boolean useRegId, long now,
            List<Contact> live) {
        float q = q(rc.q(), live);
        String instance = instanceOf(rc);
        int regId = useRegId && instance != null ? regId(rc, live) : 0;
        int methods = rc.methods() != null ? Contact.methodMask(List.of(rc.methods().split(","))) : r.allowMask();
        int cflags = 0;
        String received;
        if (r.pathReceived() != null) {
            received = r.pathReceived();
            cflags |= natCflags;
        } else if (rc.received() != null && !rc.received().isEmpty()) {
            received = rc.received();
        } else {
            received = r.natReceived();
        }
        if (r.natReceived() != null) {
            cflags |= natCflags;
        }
        return new Contact(r.aor(), rc.uri(), q, now + expires * 1000L, r.callId(), r.cseq(), received, r.path(),
                r.socket(), r.userAgent(), instance, regId, methods, 0, cflags, now, null);
    }

    /** The q of a contact: its parameter (0 to 1, up to three decimals), else default_q. */
    private float q(String text, List<Contact> live) {
        if (text == null) {
            return settings.defaultQ() < 0 ? Contact.Q_UNSPECIFIED : settings.defaultQ() / 1000f;
        }
        try {
            BigDecimal q = new BigDecimal(text.trim());
            if (q.signum() < 0 || q.compareTo(BigDecimal.ONE) > 0 || q.scale() > 3) {
                throw new RegistrarException(RegError.INV_Q, live);
            }
            return q.floatValue();
        } catch (NumberFormatException e) {
            throw new RegistrarException(RegError.INV_Q, live);
        }
    }

    private static int regId(RegisteredContact rc, List<Contact> live) {
        if (rc.regId() == null || rc.regId().isEmpty()) {
            return 0;
        }
        Integer id = parseNonNegative(rc.regId());
        if (id == null || id == 0) {
            throw new RegistrarException(RegError.INV_REGID, live);
        }
        return id;
    }

    private static String instanceOf(RegisteredContact rc) {
        return rc.instance() == null || rc.instance().isEmpty() ? null : rc.instance();
    }

    private static Integer parseNonNegative(String s) {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 10) {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i))) {
                return null;
            }
        }
        long v = Long.parseLong(t);
        return v > Integer.MAX_VALUE ? null : (int) v;
    }

    RegistrarSettings settings() {
        return settings;
    }

    LocationService location() {
        return Objects.requireNonNull(location);
    }
}
