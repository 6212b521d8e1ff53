/**
 * Overload control and flood protection, applied to new requests before the stack spends anything
 * on them: {@code 503 Service Unavailable} with {@code Retry-After} while the server is behind
 * ({@code overload.*}), and Kamailio's pike (requests per source per sampling unit, then a ban;
 * {@code pike.*}, {@code pike.top}).
 */
package io.sipcontainer.overload;
