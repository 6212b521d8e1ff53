/**
 * Kamailio's usrloc: the {@link io.sipcontainer.service.LocationService} the registrar saves into
 * and the proxy looks up, kept in a compact in-memory table ({@code db_mode} 0, 1, 2, 4) and/or
 * the {@code location} SQL table ({@code db_mode} 1, 2, 3), with the expiry timer, the
 * {@code usrloc:*} statistics and the {@code ul.*} RPC commands.
 */
package io.sipcontainer.location;
