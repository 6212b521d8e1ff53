/**
 * Kamailio's {@code dispatcher} module: the {@link io.sipcontainer.service.DispatcherService}
 * (destination sets from a Kamailio-format list file or the {@code dispatcher} SQL table,
 * algorithms 0-13, the SER hash, failover order, states A/I/T/D with P), the OPTIONS probing timer
 * with its thresholds, the {@code dispatcher.*} RPC commands and the {@code dispatcher:*}
 * statistics. Like {@code dispatch.c} it decides; the SIP messages are sent by the application
 * that uses it.
 */
package io.sipcontainer.dispatcher;
