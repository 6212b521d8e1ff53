/**
 * Prometheus metrics at {@code /metrics} on the HTTP port, through Micrometer: the JVM's (memory,
 * collections, threads, class loading, CPU, file descriptors) and every Kamailio-style statistic of
 * the container under {@code sipcontainer_<group>_<name>} (see {@link io.sipcontainer.metrics.StatisticsMeters}).
 * Nothing here runs on the SIP path: the statistics are read when Prometheus scrapes.
 */
package io.sipcontainer.metrics;
