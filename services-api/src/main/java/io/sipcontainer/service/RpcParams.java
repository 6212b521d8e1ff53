package io.sipcontainer.service;

import java.util.List;

/** The positional parameters of an RPC call, with checked conversions that answer 400 when wrong. */
public final class RpcParams {
    private final List<Object> values;

    public RpcParams(List<?> values) {
        this.values = List.copyOf(values.stream().map(v -> v == null ? (Object) "" : v).toList());
    }

    public int size() {
        return values.size();
    }

    public Object get(int index) throws RpcException {
        if (index >= values.size()) {
            throw new RpcException(400, "missing parameter " + (index + 1));
        }
        return values.get(index);
    }

    public String string(int index) throws RpcException {
        return String.valueOf(get(index));
    }

    public String string(int index, String def) throws RpcException {
        return index < values.size() ? string(index) : def;
    }

    public long integer(int index) throws RpcException {
        Object v = get(index);
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new RpcException(400, "parameter " + (index + 1) + " must be an integer, got '" + v + "'");
        }
    }

    public long integer(int index, long def) throws RpcException {
        return index < values.size() ? integer(index) : def;
    }

    public List<Object> all() {
        return values;
    }
}
