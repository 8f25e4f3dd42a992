package org.miked.dispatcher.real.internal;

import java.net.NetworkInterface;
import java.net.SocketException;

/** How the dispatcher sees the host's interfaces; tests replace it to take an interface "down". */
interface NetworkView {
    /** The JDK's view. */
    NetworkView SYSTEM = new NetworkView() {
    };

    /**
     * @param name interface name
     * @return the interface, or null if there is none of that name
     * @throws SocketException if the JDK cannot list interfaces
     */
    default NetworkInterface byName(String name) throws SocketException {
        return NetworkInterface.getByName(name);
    }

    /**
     * @param nif an interface
     * @return true if it is up
     * @throws SocketException if the JDK cannot tell
     */
    default boolean isUp(NetworkInterface nif) throws SocketException {
        return nif.isUp();
    }

    /**
     * @return every interface
     * @throws SocketException if the JDK cannot list interfaces
     */
    default java.util.List<NetworkInterface> all() throws SocketException {
        return NetworkInterface.networkInterfaces().toList();
    }
}
