package io.sipcontainer.service;

import java.time.Instant;
import java.util.List;


/**
 * What an application may know about the server it runs in: who "myself" is (Kamailio's
 * {@code uri==myself}), its version and start time, and its own {@code module.param} settings.
 */
public interface ServerInfo {

    /**
     * True when host and port name this server: a listen address or its advertised address with
     * that socket's port, or an {@code alias} (an alias without port matches any port). Port 0 or
     * -1 means "none written": 5060 (5061 when {@code secure}).
     */
    boolean isMyself(String host, int port, boolean secure);

    /** The product version, e.g. "sipcontainer 0.1.0". */
    String version();

    Instant startTime();

    String nodeName();

    /**
     * The {@code module.param} settings of a module or application (e.g. "registrar"). Read them
     * once when the application starts; a bad value throws with the file and line.
     */
    ModuleParams moduleParams(String module);

    /** The SIP sockets, as {@code proto:host:port} strings, e.g. "udp:127.0.0.1:5060". */
    List<String> sockets();
}
