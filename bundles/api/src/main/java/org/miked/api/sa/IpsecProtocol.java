package org.miked.api.sa;

/** IPsec protocol an MSA applies. */
public enum IpsecProtocol {
    /** Encapsulating Security Payload (RFC 4303). */
    ESP,
    /** Authentication Header together with ESP. */
    AH_ESP
}
