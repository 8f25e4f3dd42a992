package org.miked.dh.core;

import java.util.function.Function;
import org.miked.api.MemberId;
import org.miked.api.protocol.ProtocolContext;
import org.miked.common.wire.DecodeException;
import org.miked.dh.wire.RunHeader;

/**
 * Logs and counts rejected messages: {@code <proto> rejected <code> from <member>: <why>}, counter
 * {@code <proto>.rejected.<code>}; and {@link #admit} runs the checks every agreement message passes first.
 */
public final class Rejects {
    /**
     * A protocol's body decoder.
     *
     * @param <M> the decoded (untrusted) message type
     */
    @FunctionalInterface
    public interface Decoder<M> {
        /**
         * @param body the received body
         * @return the decoded message
         * @throws DecodeException if the body is malformed
         */
        M decode(byte[] body) throws DecodeException;
    }

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

    /**
     * The prologue of every agreement session's {@code onMessage}: decodes the body, requires a started run
     * and checks the run header against it ({@link RunInfo#check}). The first failure is logged and counted
     * as {@code decode}, {@code idle} or the check's code.
     *
     * @param <M> the protocol's message type
     * @param ctx where rejections are logged and counted
     * @param proto protocol name for log lines and counters
     * @param info the current run, or null if none started
     * @param from the authenticated sender
     * @param body the received body (hostile)
     * @param decoder the protocol's decoder
     * @param header the run header of a decoded message
     * @return the decoded message, or null if it was rejected (the caller just returns)
     */
    public static <M> M admit(ProtocolContext ctx, String proto, RunInfo info, MemberId from, byte[] body,
            Decoder<M> decoder, Function<? super M, RunHeader> header) {
        M m;
        try {
            m = decoder.decode(body);
        } catch (DecodeException e) {
            reject(ctx, proto, from, "decode", e.getMessage());
            return null;
        }
        if (info == null) {
            reject(ctx, proto, from, "idle", "no run started");
            return null;
        }
        Reason bad = info.check(header.apply(m), from);
        if (bad != null) {
            reject(ctx, proto, from, bad);
            return null;
        }
        return m;
    }
}
