package io.sipcontainer.apps.proxy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The {@code proxy.*} settings of conf/sipcontainer.cfg, named after the Kamailio parameters (or
 * script arguments) they stand for, with the values of Kamailio's default configuration as
 * defaults, and the two {@code registrar.*} settings that govern Kamailio's {@code lookup()}
 * (a registrar module function). Read once when the application starts; a bad value stops it
 * with the file and line.
 *
 * @param maxForwards       Max-Forwards inserted when a request has none ({@code mf_process_maxfwd_header("10")})
 * @param maxLimit          highest Max-Forwards passed on (maxfwd {@code max_limit})
 * @param sanityChecks      sanity bits ({@code sanity_check("17895", ...)})
 * @param uriChecks         URIs the sanity check parses ({@code sanity_check(..., "7")})
 * @param proxyRequire      extensions accepted in Proxy-Require (sanity {@code proxy_require})
 * @param scannerUserAgents User-Agent pattern of scanners dropped silently, or null for none
 * @param frTimerMillis     wait for a final reply, or for the first provisional of an INVITE (tm {@code fr_timer})
 * @param frInvTimerMillis  wait for the final reply of an INVITE after a provisional (tm {@code fr_inv_timer})
 * @param serialForking     contacts of different q are tried in q order, equal q in parallel
 *                          ({@code t_load_contacts}/{@code t_next_contacts}); false forks to all at once
 * @param methodFiltering   skip contacts whose Allow list lacks the method ({@code registrar.method_filtering})
 * @param caseSensitive     users are looked up as written, not lower-cased ({@code registrar.case_sensitive})
 * @param staticLocation    contacts from {@code proxy.static_location}
 * @param dispatch          the {@code proxy.dispatch} rules, tried in order
 * @param dispatchFailover  final statuses after which a dispatched request goes to the next
 *                          destination ({@code proxy.dispatch_failover}, Kamailio's
 *                          {@code t_check_status} regular expression); a timeout always does
 */
record ProxySettings(int maxForwards, int maxLimit, int sanityChecks, int uriChecks, Set<String> proxyRequire,
        Pattern scannerUserAgents, int frTimerMillis, int frInvTimerMillis, boolean serialForking,
        boolean methodFiltering, boolean caseSensitive, StaticLocation staticLocation, List<DispatchRule> dispatch,
        Pattern dispatchFailover) {

    /** The module name: settings are written {@code proxy.param = value}. */
    static final String MODULE = "proxy";
    /** The module whose lookup settings the proxy honours. */
    static final String REGISTRAR = "registrar";
    /** The scanners the default configuration drops (matched anywhere, ignoring case, like {@code $ua =~}). */
    static final String DEFAULT_SCANNERS = "friendly|scanner|sipcli|sipvicious|VaxSIPUserAgent|pplsip";

    ProxySettings {
        proxyRequire = Set.copyOf(proxyRequire);
        dispatch = List.copyOf(dispatch);
    }

    /** The failure statuses of Kamailio's README dispatcher configuration, widened to every 5xx. */
    static final String DEFAULT_DISPATCH_FAILOVER = "5[0-9][0-9]";

    /** Kamailio's default configuration. */
    static ProxySettings defaults() {
        return new ProxySettings(10, 70, 17895, 7, Set.of(), scanners(DEFAULT_SCANNERS), 30_000, 120_000, true,
                true, true, StaticLocation.parse(""), List.of(), Pattern.compile(DEFAULT_DISPATCH_FAILOVER));
    }

    /**
     * Reads every {@code proxy.*} setting and the registrar's lookup settings; absent ones take
     * the defaults (the registrar application documents and reads the same two with the same ones).
     */
    static ProxySettings read(ModuleParams p, ModuleParams registrar) throws ConfigException {
        ProxySettings d = defaults();
        int maxForwards = p.integer("max_forwards", d.maxForwards(), 1, 255);
        int maxLimit = p.integer("max_limit", d.maxLimit(), 0, 255);
        int checks = p.integer("default_checks", d.sanityChecks(), 0, SanityCheck.ALL);
        int uriChecks = p.integer("uri_checks", d.uriChecks(), 0, 15);
        Set<String> proxyRequire = Arrays.stream(p.string("proxy_require", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        Pattern scanners;
        try {
            scanners = scanners(p.string("scanner_user_agents", DEFAULT_SCANNERS));
        } catch (PatternSyntaxException e) {
            throw p.invalid("scanner_user_agents", "is not a regular expression: " + e.getDescription());
        }
        int fr = p.integer("fr_timer", d.frTimerMillis(), 100, 86_400_000);
        int frInv = p.integer("fr_inv_timer", d.frInvTimerMillis(), 100, 86_400_000);
        boolean serial = p.bool("serial_forking", d.serialForking());
        boolean methodFiltering = registrar.bool("method_filtering", d.methodFiltering());
        boolean caseSensitive = registrar.bool("case_sensitive", d.caseSensitive());
        StaticLocation table;
        try {
            table = StaticLocation.parse(p.string("static_location", ""));
        } catch (IllegalArgumentException e) {
            throw p.invalid("static_location", e.getMessage());
        }
        List<DispatchRule> dispatch;
        try {
            dispatch = DispatchRule.parse(p.string("dispatch", ""));
        } catch (IllegalArgumentException e) {
            throw p.invalid("dispatch", e.getMessage());
        }
        Pattern failover;
        try {
            failover = Pattern.compile(p.string("dispatch_failover", DEFAULT_DISPATCH_FAILOVER));
        } catch (PatternSyntaxException e) {
            throw p.invalid("dispatch_failover", "is not a regular expression: " + e.getDescription());
        }
        return new ProxySettings(maxForwards, maxLimit, checks, uriChecks, proxyRequire, scanners, fr, frInv, serial,
                methodFiltering, caseSensitive, table, dispatch, failover);
    }

    private static Pattern scanners(String regex) {
        return regex == null || regex.isBlank() ? null : Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }

    /** A timer in whole seconds, as the Proxy API takes it: rounded up, at least 1. */
    static int seconds(int millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
