package io.sipcontainer.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcRegistry;

/**
 * Kamailio's TLS administration commands: {@code tls.reload} (read certificates, keys, CA lists
 * and the domains file again; on an error nothing changes and the fault says which file and line),
 * {@code tls.list} (the open TLS connections), {@code tls.info} (their count) and {@code tls.profiles} (ours: each profile with the
 * certificate it presents and its validity).
 */
public final class TlsCommands {
    public static final List<String> METHODS = List.of("tls.reload", "tls.list", "tls.info", "tls.profiles");

    private TlsCommands() {
    }

    /**
     * Registers the commands; {@code connections} lists the open TLS connections as {@code tls.list}
     * shows them, {@code maxConnections} is {@code tcp_max_connections} (which TLS listeners obey).
     */
    public static void register(RpcRegistry rpc, TlsCertificates tls, Supplier<List<Map<String, Object>>> connections,
            int maxConnections) {
        rpc.register("tls.reload", "Reload TLS configuration file", p -> {
            try {
                tls.reload();
            } catch (ConfigException e) {
                throw new RpcException(500, "Error while fixing TLS configuration (consult server log): "
                        + e.getMessage());
            }
            return "Ok. TLS configuration reloaded.";
        });
        rpc.registerReadOnly("tls.list", "List currently open TLS connections", p -> connections.get());
        rpc.registerReadOnly("tls.info", "Returns internal tls related info.", p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("max_connections", maxConnections);
            m.put("opened_connections", connections.get().size());
            m.put("clear_text_write_queued_bytes", 0); // the stack encrypts on the sender's thread, queueing nothing
            return m;
        });
        rpc.registerReadOnly("tls.profiles", "List the TLS profiles and their certificates", p -> profiles(tls));
    }

    private static Object profiles(TlsCertificates tls) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TlsProfile p : tls.profiles().all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("section", p.section());
            m.put("server_name", p.serverName() == null ? "" : p.serverName());
            m.put("method", p.method().configName());
            m.put("verify_certificate", p.verify() ? 1 : 0);
            m.put("require_certificate", p.require() ? 1 : 0);
            m.put("subject", p.subject());
            if (p.keys() != null) {
                X509Certificate c = p.keys().certificate();
                m.put("not_after", c.getNotAfter().toInstant().toString());
                m.put("certificate", p.keys().source());
            }
            m.put("ca_list", p.caList().size());
            m.put("source", p.source());
            out.add(m);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("loaded", tls.loadedAt().toString());
        result.put("profiles", out);
        return result;
    }
}
