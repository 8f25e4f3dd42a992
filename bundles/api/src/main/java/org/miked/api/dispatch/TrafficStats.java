package org.miked.api.dispatch;

import java.util.Map;
import org.miked.api.MemberId;

/**
 * Traffic counters of a dispatcher.
 *
 * @param messagesSent datagrams handed to the network (a multicast counts once)
 * @param bytesSent payload bytes handed to the network
 * @param deliveries datagrams delivered to a host
 * @param dropped datagrams lost on links, partitioned or filtered
 * @param emconPacketsSent send attempts by hosts in EMCON (must stay zero)
 * @param perHost messages and bytes sent per host
 */
public record TrafficStats(long messagesSent, long bytesSent, long deliveries, long dropped, long emconPacketsSent,
        Map<MemberId, HostTraffic> perHost) {
    public TrafficStats {
        perHost = Map.copyOf(perHost);
    }

    /**
     * @param messagesSent datagrams sent by the host
     * @param bytesSent bytes sent by the host
     * @param messagesReceived datagrams delivered to the host
     * @param bytesReceived bytes delivered to the host
     */
    public record HostTraffic(long messagesSent, long bytesSent, long messagesReceived, long bytesReceived) {
    }
}
