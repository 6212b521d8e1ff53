package io.sipcontainer.nat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.sipcontainer.service.NatService;

/**
 * nathelper's {@code nat_uac_test(flags)} on the facts of one message, so the rules read (and are
 * tested) without a network: each flag bit is one test, and the message is behind NAT when any
 * chosen test fires. Ports absent from Via or Contact count as 5060, as the module's docs say.
 *
 * @param contactHost host of the first Contact URI, null without one
 * @param contactPort its port, -1 when absent
 * @param viaHost sent-by host of the top Via, null without one
 * @param viaPort its port, -1 when absent
 * @param sourceIp the address the message came from
 * @param sourcePort the port it came from
 * @param transport the transport it came over (udp, tcp, tls, ws, wss)
 * @param sdp the SDP body, null without one
 */
record NatUacTest(String contactHost, int contactPort, String viaHost, int viaPort, String sourceIp,
        int sourcePort, String transport, String sdp) {

    private static final int DEFAULT_PORT = 5060;

    boolean test(int flags) {
        return (flags & NatService.PRIVATE_CONTACT) != 0 && contactHost != null && NatAddresses.isPrivate(contactHost)
                || (flags & NatService.VIA_ADDRESS_DIFFERS) != 0 && viaHost != null
                        && !NatAddresses.sameAddress(viaHost, sourceIp)
                || (flags & NatService.PRIVATE_VIA) != 0 && viaHost != null && NatAddresses.isPrivate(viaHost)
                || (flags & NatService.PRIVATE_SDP) != 0 && sdpAddresses().stream().anyMatch(NatAddresses::isPrivate)
                || (flags & NatService.VIA_PORT_DIFFERS) != 0 && viaHost != null && orDefault(viaPort) != sourcePort
                || (flags & NatService.PRIVATE_SOURCE) != 0 && NatAddresses.isPrivate(sourceIp)
                || (flags & NatService.WEBSOCKET) != 0 && transport != null
                        && transport.toLowerCase(Locale.ROOT).startsWith("ws")
                || (flags & NatService.CONTACT_PORT_DIFFERS) != 0 && contactHost != null
                        && orDefault(contactPort) != sourcePort
                || (flags & NatService.SDP_ADDRESS_DIFFERS) != 0
                        && sdpAddresses().stream().anyMatch(a -> !NatAddresses.sameAddress(a, sourceIp));
    }

    /** The addresses of every {@code c=IN IP4|IP6 <address>} line (session and media level). */
    List<String> sdpAddresses() {
        List<String> out = new ArrayList<>();
        if (sdp == null) {
            return out;
        }
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("c=")) {
                String[] f = line.substring(2).trim().split("\\s+");
                if (f.length >= 3) {
                    String a = f[2];
                    int slash = a.indexOf('/'); // multicast TTL / count
                    out.add(slash > 0 ? a.substring(0, slash) : a);
                }
            }
        }
        return out;
    }

    private static int orDefault(int port) {
        return port <= 0 ? DEFAULT_PORT : port;
    }
}
