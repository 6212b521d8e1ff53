package io.sipcontainer.apps.proxy;

import java.util.Iterator;

import jakarta.servlet.sip.ProxyBranch;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;
import io.sipcontainer.service.NatService;

/**
 * The NAT routes of Kamailio's default configuration with {@code WITH_NAT}, on when the container
 * publishes a {@link NatService} and {@code proxy.with_nat} is yes (the default):
 * <ul>
 * <li>route[NATDETECT]: an initial request (REGISTER is the registrar's) for which
 * {@code nat_uac_test(proxy.nat_uac_test)} (19) holds, straight from its client (one Via), gets
 * {@code set_contact_alias()}, or {@code fix_nated_contact()} with {@code proxy.nat_contact = rewrite};</li>
 * <li>route[NATMANAGE] for replies: a 1xx/2xx from a contact that registered through NAT (a
 * binding with {@code received}, Kamailio's FLB_NATB) gets the same fix of its Contact;</li>
 * <li>route[DLGURI]: an in-dialog request with no Route left after ours is sent to the alias of its
 * Request-URI ({@code handle_ruri_alias()}).</li>
 * <li>with {@code proxy.nat_keepalive} (off by default, as Kamailio's default configuration has no
 * nat_traversal): the 2xx of an INVITE or SUBSCRIBE from a client behind NAT makes the container keep
 * the client's source alive ({@code nat_keepalive()}) while the dialog or subscription lasts.</li>
 * </ul>
 * So in-dialog requests to a client behind NAT reach the address its messages came from.
 */
final class NatManaging {
    /** Branch request attribute: the branch goes to a contact registered through NAT. */
    static final String NATED_CALLEE = "io.sipcontainer.apps.proxy.natedCallee";
    /** Request attribute: the initial request came from a client behind NAT (Kamailio's FLT_NATS). */
    static final String NATED_CALLER = "io.sipcontainer.apps.proxy.natedCaller";

    private final NatService nat;
    private final int flags;
    private final boolean rewrite;
    private final boolean keepalive;

    private NatManaging(NatService nat, int flags, boolean rewrite, boolean keepalive) {
        this.nat = nat;
        this.flags = flags;
        this.rewrite = rewrite;
        this.keepalive = keepalive;
    }

    /** Off when {@code nat} is null (the container has none) or {@code proxy.with_nat = no}. */
    static NatManaging read(ModuleParams p, NatService nat) throws ConfigException {
        boolean on = p.bool("with_nat", true);
        int flags = p.integer("nat_uac_test", 19, 0, 511);
        boolean rewrite = "rewrite".equals(p.oneOf("nat_contact", "alias", "alias", "rewrite"));
        boolean keepalive = p.bool("nat_keepalive", false);
        return new NatManaging(on && flags != 0 ? nat : null, flags, rewrite, keepalive);
    }

    boolean isOn() {
        return nat != null;
    }

    /** route[NATDETECT] for an initial request, before it is proxied (its branches copy the fixed Contact). */
    void onInitialRequest(SipServletRequest request) {
        if (nat != null && !"REGISTER".equals(request.getMethod()) && isFirstHop(request)
                && nat.natUacTest(request, flags)) {
            request.setAttribute(NATED_CALLER, Boolean.TRUE);
            fixContact(request);
        }
    }

    /** route[DLGURI] for an in-dialog request the container routes: where no Route is left, the R-URI's alias. */
    void onInDialogRequest(SipServletRequest request) {
        if (nat != null && !"CANCEL".equals(request.getMethod()) && request.getHeader("Route") == null) {
            nat.handleRuriAlias(request);
        }
    }

    /** {@code nat_uac_test("8")}: the message's SDP carries a private address (false when off). */
    boolean privateSdp(jakarta.servlet.sip.SipServletMessage message) {
        return nat != null && nat.natUacTest(message, NatService.PRIVATE_SDP);
    }

    /** A branch about to start: remember that it goes to a contact behind NAT. */
    void onBranch(SipServletRequest branch, RelayTarget target) {
        if (nat != null && target.received() != null) {
            branch.setAttribute(NATED_CALLEE, Boolean.TRUE);
        }
    }

    /** route[NATMANAGE] for a provisional or 2xx response about to go upstream. */
    void onResponse(SipServletResponse response) {
        if (nat != null && response.getStatus() < 300 && response.getStatus() > 100 && fromNatedCallee(response)) {
            fixContact(response);
        }
        if (nat != null && keepalive && response.getStatus() / 100 == 2 && response.getProxy() != null
                && ("INVITE".equals(response.getMethod()) || "SUBSCRIBE".equals(response.getMethod()))
                && response.getProxy().getOriginalRequest().getAttribute(NATED_CALLER) != null) {
            nat.natKeepalive(response); // nat_traversal: the caller's source while the dialog lives
        }
    }

    private void fixContact(jakarta.servlet.sip.SipServletMessage message) {
        if (rewrite) {
            nat.fixNatedContact(message);
        } else {
            nat.setContactAlias(message);
        }
    }

    private static boolean fromNatedCallee(SipServletResponse response) {
        ProxyBranch branch = response.getProxyBranch();
        SipServletRequest request = branch != null ? branch.getRequest() : response.getRequest();
        return request != null && request.getAttribute(NATED_CALLEE) != null;
    }

    /** Kamailio's is_first_hop() for a request: one Via, so its source is the client itself. */
    private static boolean isFirstHop(SipServletRequest request) {
        Iterator<String> vias = request.getHeaders("Via");
        int count = 0;
        while (vias.hasNext()) {
            for (String v : vias.next().split(",")) {
                if (!v.isBlank()) {
                    count++;
                }
            }
        }
        return count == 1;
    }
}
