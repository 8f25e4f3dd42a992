package org.miked.dh.core;

import org.miked.api.MemberId;
import org.miked.api.protocol.ProtocolContext;

/** Logs and counts rejected messages: {@code <proto> rejected <code> from <member>: <why>}, counter {@code <proto>.rejected.<code>}. */
public final class Rejects {
    /**
     * Why a message is not accepted.
     *
     * @param code short code for the counter
     * @param message one line for the log
     */
    public record Reason(String code, String message) {
    }

    private Rejects() {
    }

    /** Logs and counts one rejection. */
    public static void reject(ProtocolContext ctx, String proto, MemberId from, Reason r) {
        ctx.log(proto + " rejected " + r.code() + " from " + from + ": " + r.message());
        ctx.count(proto + ".rejected." + r.code());
    }

    /** Logs and counts one rejection. */
    public static void reject(ProtocolContext ctx, String proto, MemberId from, String code, String message) {
        reject(ctx, proto, from, new Reason(code, message));
    }
}
