package io.sipcontainer.rtpengine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;

/**
 * The rtpengine module's administration commands with Kamailio's names:
 * {@code rtpengine.show <url|all>} (each instance with its set, index, weight, disabled and
 * recheck time), {@code rtpengine.enable <url|all> <0|1>} (disabling by hand lasts until enabled
 * by hand; enabling pings first and fails for an instance that does not answer),
 * {@code rtpengine.ping <url|all>} and {@code rtpengine.reload} (the instances read again from the
 * configuration: every state and remembered call dropped).
 */
final class RtpengineRpc {
    static final List<String> METHODS = List.of("rtpengine.show", "rtpengine.enable", "rtpengine.ping",
            "rtpengine.reload");

    private final NgClient client;
    private final Runnable listChanged;

    private RtpengineRpc(NgClient client, Runnable listChanged) {
        this.client = client;
        this.listChanged = listChanged;
    }

    static void register(RpcRegistry rpc, NgClient client, Runnable listChanged) {
        RtpengineRpc r = new RtpengineRpc(client, listChanged);
        rpc.registerReadOnly("rtpengine.show", "Show the rtpengine instances and their state: url or all", r::show);
        rpc.register("rtpengine.enable", "Enable (1) or disable (0) an rtpengine instance: url or all", r::enable);
        rpc.register("rtpengine.ping", "Ping rtpengine instances: url or all", r::ping);
        rpc.register("rtpengine.reload", "Read the rtpengine instances again from the configuration", r::reload);
    }

    static void unregister(RpcRegistry rpc) {
        METHODS.forEach(rpc::unregister);
    }

    Object show(RpcParams p) throws RpcException {
        List<Object> out = new ArrayList<>();
        for (NgNode n : chosen(p.string(0, "all"))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", n.url());
            m.put("set", n.setId());
            m.put("index", n.index());
            m.put("weight", n.weight());
            m.put("disabled", n.isDisabled() ? 1 : 0);
            long recheck = n.recheckAtMillis();
            m.put("recheck_ticks", !n.isDisabled() ? 0
                    : recheck == NgNode.FOREVER ? -1 : Math.max(0, (recheck - System.currentTimeMillis() + 999) / 1000));
            m.put("commands", n.commands.sum());
            m.put("timeouts", n.timeouts.sum());
            m.put("errors", n.errors.sum());
            out.add(m);
        }
        return out;
    }

    Object enable(RpcParams p) throws RpcException {
        List<NgNode> nodes = chosen(p.string(0));
        long value = p.integer(1);
        if (value != 0 && value != 1) {
            throw new RpcException(400, "the second parameter must be 0 or 1, got " + value);
        }
        List<String> silent = new ArrayList<>();
        for (NgNode n : nodes) {
            if (value == 0) {
                n.setEnabled(false);
            } else if (client.ping(n)) {
                n.setEnabled(true);
            } else {
                silent.add(n.url());
            }
        }
        if (!silent.isEmpty()) {
            throw new RpcException(502, "rtpengine not answering, left disabled: " + String.join(" ", silent));
        }
        return "success";
    }

    Object ping(RpcParams p) throws RpcException {
        List<Object> out = new ArrayList<>();
        for (NgNode n : chosen(p.string(0, "all"))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", n.url());
            m.put("status", client.ping(n) ? "success" : "fail");
            out.add(m);
        }
        return out;
    }

    Object reload(RpcParams p) {
        client.reload();
        listChanged.run();
        return "success";
    }

    private List<NgNode> chosen(String which) throws RpcException {
        List<NgNode> all = client.nodes();
        if ("all".equalsIgnoreCase(which)) {
            return all;
        }
        List<NgNode> one = all.stream().filter(n -> n.url().equals(which) || n.url().equals("udp:" + which)).toList();
        if (one.isEmpty()) {
            throw new RpcException(404, "rtpengine instance not found: " + which);
        }
        return one;
    }
}
