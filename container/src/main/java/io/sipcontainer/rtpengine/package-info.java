/**
 * Kamailio's {@code rtpengine} module: a client of rtpengine's ng control protocol (bencode over
 * UDP with cookies), the rtpengine instances of {@code rtpengine.rtpengine_sock} with their weights
 * and states, Kamailio's flag mapping, and the {@link io.sipcontainer.service.MediaRelayService}
 * that applications use to have their calls' media relayed.
 */
package io.sipcontainer.rtpengine;
